//! The terminal channel (`fellowship-bot console`) on the core: what a person at the terminal
//! sees, line by line, with jobs and broadcasts running after each line as they would on Telegram.

use chrono::Duration;
use fellowship_bot::chat::Person;

use crate::support::{
    ADMIN_ID, Core, a_session, add_session_with, register_fellow, schedule_reminder, spawn_core,
};

/// Types `lines` into the console as `person`; everything the terminal printed.
async fn console(core: &Core, person: Person, lines: &[&str]) -> String {
    let input = lines.join("\n") + "\n";
    let mut output = Vec::new();
    fellowship_bot::console::run(&core.assistant(), person, input.as_bytes(), &mut output)
        .await
        .expect("the console runs");
    String::from_utf8(output).expect("the console prints text")
}

fn lead() -> Person {
    Person::named(ADMIN_ID, "Lead")
}

/// A registered fellow called `name` who has talked to the bot.
async fn fellow(core: &Core, user_id: i64, name: &str) {
    let store = core.store();
    register_fellow(&store, user_id, "RWT").await;
    store
        .remember_private_sender(user_id, name, None, core.now())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lead_broadcasting_from_the_terminal_sees_each_delivery_and_a_report_the_list_agrees_with()
 {
    let core = spawn_core().await;
    fellow(&core, 501, "Amaka").await;
    fellow(&core, 502, "Ravi").await;

    // #2: every fellow; #10: send now (the numbers the screen showed).
    let screen = console(
        &core,
        lead(),
        &[
            "/broadcast",
            "Clinic closed on Friday",
            "#2",
            "#10",
            "/broadcasts",
            "/broadcasts 1",
        ],
    )
    .await;

    assert!(
        screen.contains("Preview"),
        "the typed announcement is drafted: {screen}"
    );
    assert!(
        screen.contains("→ to Amaka: Clinic closed on Friday"),
        "{screen}"
    );
    assert!(
        screen.contains("→ to Ravi: Clinic closed on Friday"),
        "{screen}"
    );
    assert!(screen.contains("Delivered: 2 of 2"), "{screen}");
    assert!(
        screen.contains("#1 ·") && screen.contains("2 of 2 delivered"),
        "{screen}"
    );
    assert!(!screen.contains("scheduled"), "{screen}");
}

#[tokio::test]
async fn a_broadcast_waiting_for_its_time_is_scheduled_in_the_list_and_in_its_report() {
    let core = spawn_core().await;
    fellow(&core, 501, "Amaka").await;

    // #2: every fellow; #11: send later.
    let screen = console(
        &core,
        lead(),
        &[
            "/broadcast",
            "Drop-in moved to Thursday",
            "#2",
            "#11",
            "tomorrow 9am",
            "/broadcasts",
            "/broadcasts 1",
        ],
    )
    .await;

    let detail = screen
        .rsplit("(/broadcasts N for a report)")
        .next()
        .unwrap();
    assert!(
        detail.contains("scheduled"),
        "the list says scheduled: {detail}"
    );
    assert!(
        detail.contains("Broadcast #1 to every fellow — scheduled on"),
        "{detail}"
    );
    assert!(detail.contains("Nothing has been sent yet"), "{detail}");
    assert!(
        !detail.contains("sent —") && !detail.contains("Delivered: 0 of 0"),
        "{detail}"
    );
    assert!(!screen.contains("→ to Amaka"), "nothing went yet: {screen}");
}

#[tokio::test]
async fn a_reminder_for_someone_else_shows_as_a_delivery_to_them_not_in_the_users_own_chat() {
    let core = spawn_core().await;
    fellow(&core, 501, "Amaka").await;
    fellow(&core, 502, "Ravi").await;
    let store = core.store();
    let starts = core.now() + Duration::days(1);
    let sim = a_session("sim", "Acute SIM", starts, Duration::hours(2));
    let id = add_session_with(&store, sim, [501]).await;
    schedule_reminder(&store, id, 501, "r1", core.now() - Duration::minutes(1)).await;

    let screen = console(&core, Person::named(502, "Ravi"), &["/privacy"]).await;

    let theirs: Vec<&str> = screen.lines().filter(|l| l.contains("Acute SIM")).collect();
    assert_eq!(theirs.len(), 1, "one line about Amaka's reminder: {screen}");
    assert!(theirs[0].starts_with("→ to Amaka: "), "{screen}");
    assert!(
        screen.contains("What I store"),
        "Ravi's own answer is in full: {screen}"
    );
}

#[tokio::test]
async fn every_card_of_upcoming_in_the_terminal_books_its_own_session() {
    let core = spawn_core().await;
    fellow(&core, 501, "Amaka").await;
    let store = core.store();
    let tomorrow = core.now() + Duration::days(1);
    let sim = add_session_with(
        &store,
        a_session("sim", "Acute SIM", tomorrow, Duration::hours(2)),
        [],
    )
    .await;
    let ecg_at = tomorrow + Duration::days(1);
    let ecg = add_session_with(
        &store,
        a_session("sim", "ECG basics", ecg_at, Duration::hours(1)),
        [],
    )
    .await;

    let screen = console(&core, Person::named(501, "Amaka"), &["/upcoming"]).await;
    let sim_card = screen
        .split("📅")
        .find(|card| card.contains("Acute SIM"))
        .unwrap();
    let going = sim_card
        .lines()
        .find_map(|line| line.split("   ").find(|b| b.contains("Going")))
        .and_then(|b| b.strip_prefix("[#"))
        .and_then(|b| b.split(']').next())
        .unwrap_or_else(|| panic!("a Going button under the SIM card: {sim_card}"));
    console(
        &core,
        Person::named(501, "Amaka"),
        &["/upcoming", &format!("#{going}")],
    )
    .await;

    use fellowship_bot::sessions::rsvp::RsvpStatus;
    assert_eq!(
        store.rsvp_status(sim, 501).await.unwrap(),
        Some(RsvpStatus::Going)
    );
    assert_eq!(
        store.rsvp_status(ecg, 501).await.unwrap(),
        None,
        "ECG basics was not booked"
    );
}
