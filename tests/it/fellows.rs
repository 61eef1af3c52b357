//! Fellows and leads, on the core: registration (good and bad answers, a restart half-way, a
//! button pressed twice), what each role may do, granting roles, contacts, a fellow's own data,
//! and the programme figures.

use crate::support::{ADMIN_ID, Replies, TestUser, spawn_core};
use chrono::{NaiveDate, Utc};
use fellowship_bot::assistant::KnownCommand;
use fellowship_bot::chat::Permission;
use fellowship_bot::fellows::{Fellow, Role};

fn amina() -> TestUser {
    TestUser::new(1001, "Amina").with_username("amina_y")
}

fn fellow(user_id: i64, name: &str, trust: &str, start: (i32, u32, u32)) -> Fellow {
    Fellow {
        user_id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
        specialty: "Acute medicine".into(),
        left_on: None,
    }
}

#[tokio::test]
async fn registration_re_asks_bad_answers_survives_a_restart_and_shows_my_trust() {
    let core = spawn_core().await;
    let chat = amina().private_chat();

    let consent = core.user_writes(&chat, &amina(), "/start").await;
    let consent = consent.message();
    assert!(consent.text().contains("Is that OK?") && consent.text().contains("/forgetme"));
    core.user_presses(&chat, &amina(), consent.message_id, "reg:consent:yes")
        .await
        .message();
    let html = core.user_writes(&chat, &amina(), "<b>Amina</b>").await;
    assert!(
        html.message()
            .text()
            .contains("without symbols like &lt; or &gt;"),
        "{}",
        html.message().text()
    );
    let long = core.user_writes(&chat, &amina(), &"A".repeat(10_000)).await;
    assert!(long.message().text().contains("too long"));
    let sticker = core.user_sends_sticker(&chat, &amina()).await;
    let sticker = sticker.message();
    assert!(sticker.text().contains("type your answer as a message"));

    let trust_question = core
        .user_presses(&chat, &amina(), sticker.message_id, "reg:name:keep")
        .await;
    let trust_question = trust_question.message();
    assert!(trust_question.text().contains("Which trust"));
    // The consent button pressed again, late: nothing changes.
    let late = core
        .user_presses(&chat, &amina(), consent.message_id, "reg:consent:yes")
        .await;
    assert_eq!(late.notice(), Some("That step is done already."));
    assert!(late.messages().is_empty(), "{late:#?}");
    let trust = core
        .user_presses(&chat, &amina(), trust_question.message_id, "reg:trust:WHT")
        .await;
    assert!(trust.message().text().contains("When do you start"));

    core.restart().await;

    let impossible = core.user_writes(&chat, &amina(), "31/02/2027").await;
    assert!(
        impossible
            .message()
            .text()
            .contains("couldn't read that date")
    );
    let date = core.user_writes(&chat, &amina(), "14/01/2027").await;
    let date = date.message().text();
    assert!(
        date.contains("specialty") && date.contains("Start date: <b>Thursday 14 January 2027</b>"),
        "the date as understood, in words: {date}"
    );
    let done = core.user_writes(&chat, &amina(), "Acute medicine").await;
    let done = done.message();
    assert!(
        done.text().contains("You're registered, Amina") && done.text().contains("WHT"),
        "{}",
        done.text()
    );

    let short = core.user_writes(&chat, &amina(), "/transport").await;
    let short = short.message();
    let more = short.buttons()[0][0].1.clone();
    let full = core
        .user_presses(&chat, &amina(), short.message_id, &more)
        .await;
    let article = full.edit().text();
    assert!(
        article.contains("At WHT") && !article.contains("At RWT"),
        "only my trust's section"
    );

    let saved = core
        .store()
        .fellow(amina().id)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(
        (saved.name.as_str(), saved.trust.as_str()),
        ("Amina", "WHT")
    );
    assert_eq!(
        saved.start_date,
        NaiveDate::from_ymd_opt(2027, 1, 14).unwrap()
    );
}

#[tokio::test]
async fn the_trust_step_takes_a_town_or_hospital_and_asks_which_when_two_trusts_share_it() {
    let core = spawn_core().await;
    let chat = amina().private_chat();
    let consent = core.user_writes(&chat, &amina(), "/start").await;
    core.user_presses(
        &chat,
        &amina(),
        consent.message().message_id,
        "reg:consent:yes",
    )
    .await;
    let question = core.user_writes(&chat, &amina(), "Amina Bello").await;
    let labels: Vec<String> = question
        .message()
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.0)
        .collect();
    assert!(
        labels.contains(&"The Royal Wolverhampton NHS Trust (RWT)".to_owned())
            && labels.contains(&"Walsall Healthcare NHS Trust (WHT)".to_owned()),
        "buttons carry the trusts' names: {labels:?}"
    );

    let which = core.user_writes(&chat, &amina(), "Wolverhampton").await;
    let which = which.message();
    assert!(
        which.text().contains("More than one trust works there"),
        "{}",
        which.text()
    );
    let choices = which.buttons().into_iter().flatten().collect::<Vec<_>>();
    assert_eq!(
        choices,
        vec![
            (
                "The Royal Wolverhampton NHS Trust (RWT)".to_owned(),
                "reg:trust:RWT".to_owned()
            ),
            (
                "Black Country Healthcare NHS Foundation Trust (BCHFT)".to_owned(),
                "reg:trust:BCHFT".to_owned()
            ),
        ]
    );
    let unknown = core.user_writes(&chat, &amina(), "Mars General").await;
    assert!(
        unknown
            .message()
            .text()
            .contains("type the town or hospital")
    );
    let date = core
        .user_writes(&chat, &amina(), "New Cross Hospital")
        .await;
    assert!(
        date.message().text().contains("When do you start"),
        "{}",
        date.message().text()
    );
    core.user_writes(&chat, &amina(), "14/01/2027").await;
    let digits = core.user_writes(&chat, &amina(), "12345").await;
    assert!(
        digits
            .message()
            .text()
            .contains("Please type your specialty in words, for example General Medicine"),
        "{}",
        digits.message().text()
    );
    core.user_writes(&chat, &amina(), "General Medicine").await;

    let saved = core
        .store()
        .fellow(amina().id)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(saved.trust, "RWT");
}

#[tokio::test]
async fn not_now_keeps_nothing_and_cancel_leaves_the_form() {
    let core = spawn_core().await;
    let chat = amina().private_chat();

    let consent = core.user_writes(&chat, &amina(), "/start").await;
    let not_now = core
        .user_presses(
            &chat,
            &amina(),
            consent.message().message_id,
            "reg:consent:no",
        )
        .await;
    let again = core.user_writes(&chat, &amina(), "/start").await;
    core.user_presses(
        &chat,
        &amina(),
        again.message().message_id,
        "reg:consent:yes",
    )
    .await
    .message();
    let cancelled = core.user_writes(&chat, &amina(), "/cancel").await;
    let question = core
        .user_writes(&chat, &amina(), "how do I get a blue light card")
        .await;

    assert!(not_now.message().text().contains("haven't kept anything"));
    assert!(cancelled.message().text().contains("Stopped"));
    assert!(cancelled.message().text().contains("/start to begin again"));
    assert!(
        question.message().text().contains("Blue Light Card"),
        "after /cancel, text is a question again"
    );
    assert_eq!(core.store().fellow(amina().id).await.unwrap(), None);
}

#[tokio::test]
async fn cancelling_another_form_does_not_point_at_registration() {
    let core = spawn_core().await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();
    core.user_writes(&chat, &lead, "/newsession").await;
    let cancelled = core.user_writes(&chat, &lead, "/cancel").await;
    let text = cancelled.message().text();
    assert!(
        text.contains("Stopped") && !text.contains("/start"),
        "{text}"
    );
}

#[tokio::test]
async fn every_restricted_command_is_checked_against_every_role() {
    let core = spawn_core().await;
    let store = core.store();
    // (person, roles they hold, may use lead commands, may use admin commands)
    let personas: Vec<(TestUser, Vec<Role>, bool, bool)> = vec![
        (TestUser::new(2001, "Fellow"), vec![], false, false),
        (
            TestUser::new(2002, "Buddy"),
            vec![Role::Buddy],
            false,
            false,
        ),
        (
            TestUser::new(2003, "Early"),
            vec![Role::EarlySupportLead],
            true,
            false,
        ),
        (
            TestUser::new(2004, "Pastoral"),
            vec![Role::PastoralLead],
            true,
            false,
        ),
        (
            TestUser::new(2005, "Chief"),
            vec![Role::ChiefFellow],
            true,
            false,
        ),
        (TestUser::new(2006, "Admin"), vec![Role::Admin], true, true),
        (
            TestUser::new(ADMIN_ID, "Configured admin"),
            vec![],
            true,
            true,
        ),
    ];
    for (user, roles, _, _) in &personas {
        for role in roles {
            store
                .grant_role(user.id, *role, ADMIN_ID, Utc::now())
                .await
                .unwrap();
        }
    }

    let restricted: Vec<KnownCommand> = KnownCommand::restricted().collect();
    for (user, _, lead, admin) in &personas {
        for command in &restricted {
            let chat = user.private_chat();
            core.user_writes(&chat, user, &format!("/{}", command.name()))
                .await;
        }
        let replies = core.messages_to(user.id);
        assert_eq!(
            replies.len(),
            restricted.len(),
            "{}: one answer per command",
            user.first_name
        );
        for (command, reply) in restricted.iter().zip(&replies) {
            let allowed = match command.who() {
                Permission::Admin => *admin,
                Permission::Lead => *lead,
                Permission::Everyone => true,
            };
            let refused = reply.text().starts_with("Sorry, only");
            assert_eq!(
                !refused,
                allowed,
                "{} /{}: {}",
                user.first_name,
                command.name(),
                reply.text()
            );
        }
    }
}

#[tokio::test]
async fn an_admin_grants_a_role_and_fellows_see_the_lead_under_contacts() {
    let core = spawn_core().await;
    core.store()
        .save_fellow(
            &fellow(amina().id, "Dr Amina Yusuf", "RWT", (2025, 9, 1)),
            Utc::now(),
        )
        .await
        .unwrap();
    let admin = TestUser::new(ADMIN_ID, "Admin");
    let ben = TestUser::new(1002, "Ben");

    core.user_writes(&amina().private_chat(), &amina(), "/help")
        .await;
    let granted = core
        .user_writes(
            &admin.private_chat(),
            &admin,
            "/grant @Amina_Y pastoral lead",
        )
        .await;
    let to_admin = granted.message_to(ADMIN_ID);
    let to_amina = granted.message_to(amina().id);
    assert!(
        to_admin
            .text()
            .contains("Dr Amina Yusuf is now: Pastoral lead"),
        "{}",
        to_admin.text()
    );
    assert!(
        to_amina
            .text()
            .contains("You are now a <b>Pastoral lead</b>")
    );

    let contacts = core
        .user_writes(&ben.private_chat(), &ben, "/contacts")
        .await;
    let contacts = contacts.message();
    assert!(contacts.text().contains("People to contact"));
    assert_eq!(contacts.chat_id(), ben.id);
    assert!(
        contacts.text().contains("Pastoral lead") && contacts.text().contains("@amina_y"),
        "{}",
        contacts.text()
    );

    let audit = core
        .user_writes(&admin.private_chat(), &admin, "/audit")
        .await;
    let audit = audit.message();
    assert!(
        audit.text().contains("grant") && audit.text().contains("pastoral-lead"),
        "{}",
        audit.text()
    );

    let unknown = core
        .user_writes(&admin.private_chat(), &admin, "/grant @nobody_here buddy")
        .await;
    assert!(
        unknown
            .message()
            .text()
            .contains("don't know @nobody_here yet")
    );
}

#[tokio::test]
async fn a_fellow_sees_all_their_data_and_can_delete_it() {
    let core = spawn_core().await;
    core.store()
        .save_fellow(
            &fellow(amina().id, "Dr Amina Yusuf", "BCHFT", (2026, 10, 1)),
            Utc::now(),
        )
        .await
        .unwrap();
    let chat = amina().private_chat();

    core.user_writes(&chat, &amina(), "where do I park my car")
        .await;
    let mine = core.user_writes(&chat, &amina(), "/mydata").await;
    let summary = mine.message().text();
    assert!(summary.contains("Dr Amina Yusuf") && summary.contains("BCHFT"));
    let [(name, file)] = mine.files()[..] else {
        panic!("one file: {mine:#?}")
    };
    let file = String::from_utf8_lossy(file);
    assert!(
        name == "my-data.json"
            && file.contains("where do I park my car")
            && file.contains("\"trust\": \"BCHFT\"")
    );

    let confirm = core.user_writes(&chat, &amina(), "/forgetme").await;
    let done = core
        .user_presses(&chat, &amina(), confirm.message().message_id, "forget:yes")
        .await;
    assert!(done.edit().text().contains("deleted everything"));

    let store = core.store();
    assert_eq!(store.fellow(amina().id).await.unwrap(), None);
    assert!(
        store
            .questions_asked_by(amina().id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn stats_count_fellows_in_post_buddies_and_early_support_leads_per_trust() {
    let core = spawn_core().await;
    let store = core.store();
    let now = Utc::now();
    store
        .save_fellow(&fellow(3001, "A", "RWT", (2025, 6, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3002, "B", "RWT", (2025, 8, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3003, "C", "WHT", (2025, 9, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3004, "D", "BCHFT", (2026, 9, 1)), now)
        .await
        .unwrap();
    store
        .grant_role(3002, Role::Buddy, ADMIN_ID, now)
        .await
        .unwrap();
    store
        .grant_role(3003, Role::EarlySupportLead, ADMIN_ID, now)
        .await
        .unwrap();
    let admin = TestUser::new(ADMIN_ID, "Admin");

    let stats = core
        .user_writes(
            &admin.private_chat(),
            &admin,
            "/stats 2025-05-01 2026-04-30",
        )
        .await;
    let stats = stats.message().text();

    let row = |label: &str| -> Vec<String> {
        let line = stats
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} row: {stats}"));
        line[label.len()..]
            .trim_end_matches("</pre>")
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row("Fellows in post"),
        vec!["2", "1", "0"],
        "D started after the period"
    );
    assert_eq!(row("Buddies"), vec!["1", "0", "0"]);
    assert_eq!(row("Early support leads"), vec!["0", "1", "0"]);
}

#[tokio::test]
async fn stats_refuse_a_period_they_cannot_read_and_understand_last_year_and_a_year() {
    use chrono::TimeZone;
    let core =
        crate::support::spawn_core_at(Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()).await;
    let admin = TestUser::new(ADMIN_ID, "Admin");
    let stats = async |typed: &str| {
        let replies = core.user_writes(&admin.private_chat(), &admin, typed).await;
        replies.message().text().to_owned()
    };

    let bad_month = stats("/stats 2026-13-01 2026-11-30").await;
    assert!(
        bad_month.starts_with("I couldn't read “2026-13-01” as a date")
            && bad_month.contains("/stats last year")
            && !bad_month.contains("Programme figures"),
        "{bad_month}"
    );
    let backwards = stats("/stats 2026-11-30 2026-11-01").await;
    assert!(
        backwards.contains("ends before that, on 1 November 2026")
            && !backwards.contains("Programme figures"),
        "{backwards}"
    );
    assert!(
        stats("/stats last year")
            .await
            .starts_with("<b>Programme figures</b>, 1 January 2025 to 31 December 2025")
    );
    assert!(
        stats("/stats this year")
            .await
            .starts_with("<b>Programme figures</b>, 1 January 2026 to 30 November 2026")
    );
    assert!(
        stats("/stats 2025")
            .await
            .starts_with("<b>Programme figures</b>, 1 January 2025 to 31 December 2025")
    );
}

#[tokio::test]
async fn the_audit_log_names_the_lead_who_acted_not_their_telegram_id() {
    let core = spawn_core().await;
    let store = core.store();
    let lead = TestUser::new(900, "Grace");
    core.user_writes(&lead.private_chat(), &lead, "/help").await;
    store
        .grant_role(lead.id, Role::ChiefFellow, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    store
        .record_audit(lead.id, "cancel session", "3 (SIM training)", Utc::now())
        .await
        .unwrap();
    store
        .record_audit(901, "reload", "content", Utc::now())
        .await
        .unwrap();
    let admin = TestUser::new(ADMIN_ID, "Admin");

    let audit = core
        .user_writes(&admin.private_chat(), &admin, "/audit")
        .await;
    let lines: Vec<&str> = audit.message().text().lines().collect();

    assert!(
        lines[2].contains("· Grace · cancel session") && !lines[2].contains("900"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("· Telegram id 901 · reload"),
        "only someone the bot never heard from is shown by id: {lines:?}"
    );
}
