//! The arrival journey end to end: the real bot over the fake Bot API, with a fake clock the test
//! moves from one due job to the next. A fellow registers 10 days before starting, walks the
//! checklist, gets one nudge per due step and none at night or on a night-shift morning, pauses
//! nudges, reports nights and sees a feedback request wait; a lead reads the cohort report.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Europe::London;
use fellowship_bot::clock::{Clock, FakeClock};
use fellowship_bot::store::Store;

use crate::support::fake_bot_api::Sent;
use crate::support::{ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, settings_for};

const FELLOW: i64 = 7001;

fn london(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    let year = if month == 12 { 2026 } else { 2027 };
    London
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// The test's view of the running bot: what it sent, and at what (fake) time.
struct Run {
    api: FakeBotApi,
    clock: FakeClock,
    store: Store,
    /// Every message sent, with the fake time it went out at.
    log: Vec<(DateTime<Utc>, Sent)>,
}

impl Run {
    fn record(&mut self) {
        let sent = self.api.sent();
        let now = self.clock.now();
        let from = self.log.len();
        self.log
            .extend(sent.into_iter().skip(from).map(|s| (now, s)));
    }

    /// A person writes; the bot's next message.
    async fn say(&mut self, user: &TestUser, text: &str) -> Sent {
        let before = self.api.sent().len();
        self.api.user_writes(&user.private_chat(), user, text);
        let sent = self.api.wait_for_sent(before + 1).await;
        self.record();
        sent[before].clone()
    }

    /// A person presses a button that answers with a new message; that message.
    async fn press_for_message(&mut self, user: &TestUser, message_id: i64, data: &str) -> Sent {
        let before = self.api.sent().len();
        self.api
            .user_presses(&user.private_chat(), user, message_id, data);
        let sent = self.api.wait_for_sent(before + 1).await;
        self.record();
        sent[before].clone()
    }

    /// A person presses a button that edits its message.
    async fn press_for_edit(&mut self, user: &TestUser, message_id: i64, data: &str) -> String {
        let before = self.api.successes("editMessageText");
        self.api
            .user_presses(&user.private_chat(), user, message_id, data);
        let edits = self.api.wait_for_calls("editMessageText", before + 1).await;
        let edits: Vec<_> = edits.into_iter().filter(|c| c.ok).collect();
        edits[before].body["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Lets time pass until `end`, stepping the clock to each job as it falls due and waiting
    /// for the bot's worker to finish it.
    async fn run_until(&mut self, end: DateTime<Utc>) {
        loop {
            let Some(due) = self.store.next_job_due().await.unwrap() else {
                break;
            };
            if due > end {
                break;
            }
            if due > self.clock.now() {
                self.clock.set(due);
            }
            let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
            while self
                .store
                .next_job_due()
                .await
                .unwrap()
                .is_some_and(|next| next <= self.clock.now())
            {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the worker did not finish the jobs due at {due}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            self.record();
        }
        self.clock.set(end);
    }

    /// The nudges sent so far: (fake time, step title, message id).
    fn nudges(&self) -> Vec<(DateTime<Utc>, String, i64)> {
        self.log
            .iter()
            .filter(|(_, s)| s.chat_id == FELLOW && s.text.contains("gentle nudge"))
            .map(|(at, s)| {
                let title = s
                    .text
                    .split("<b>")
                    .nth(1)
                    .and_then(|t| t.split("</b>").next())
                    .unwrap_or_default();
                (*at, title.to_owned(), s.message_id)
            })
            .collect()
    }
}

#[tokio::test]
async fn a_fellow_walks_the_journey_with_one_nudge_per_step_none_at_night_and_a_lead_sees_the_cohort()
 {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let clock = FakeClock::at(london(1, 1, 10, 0));
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    let mut run = Run {
        api,
        clock,
        store,
        log: Vec::new(),
    };
    let amina = TestUser::new(FELLOW, "Amina");
    let lead = TestUser::new(ADMIN_ID, "Lead");

    // Registered 10 days before starting on Monday 11 January 2027.
    let consent = run.say(&amina, "/start").await;
    run.press_for_message(&amina, consent.message_id, "reg:consent:yes")
        .await;
    let trust = run.say(&amina, "Amina Diallo").await;
    run.press_for_message(&amina, trust.message_id, "reg:trust:RWT")
        .await;
    run.say(&amina, "11/01/2027").await;
    let done = run.say(&amina, "Acute medicine").await;
    assert!(done.text.contains("You're registered"), "{}", done.text);

    let journey = run.say(&amina, "/journey").await;
    assert!(
        journey.text.contains("You start on Monday 11 January"),
        "pre-arrival: {}",
        journey.text
    );
    assert!(
        journey
            .text
            .contains("registration does not ask for an arrival date")
    );
    let next = journey
        .text
        .split("<b>Later</b>")
        .next()
        .unwrap()
        .to_owned();
    assert!(
        next.contains("UKVI account") && !next.contains("bank account"),
        "only pre-arrival steps are next: {next}"
    );
    for step in ["evisa", "documents", "home"] {
        let edited = run
            .press_for_edit(&amina, journey.message_id, &format!("jr:d:{step}"))
            .await;
        assert!(edited.contains("<b>Done</b>"), "{edited}");
    }
    let how = run
        .press_for_message(&amina, journey.message_id, "jr:h:phone-plan")
        .await;
    assert!(
        how.text.contains("Mobile phone"),
        "How? shows the article: {}",
        how.text
    );

    // Nights on 4 and 5 January; a session on the morning of the 5th asks for feedback after.
    let nights = run.say(&amina, "/nights 04/01/2027 05/01/2027").await;
    assert!(nights.text.contains("wait until 14:00"), "{}", nights.text);
    let session =
        crate::support::a_session("sim", "Sim morning", london(1, 5, 8, 0), Duration::hours(1));
    let session = crate::support::add_session_with(&run.store, session, [FELLOW]).await;
    let prompt = format!("{{\"session_id\":{session}}}");
    run.store
        .schedule_job(
            "feedback_prompt",
            "feedback:test",
            &prompt,
            london(1, 5, 9, 30),
        )
        .await
        .unwrap();

    // The phone-plan step is due at 09:00 on the 4th: it waits for the afternoon.
    run.run_until(london(1, 4, 13, 59)).await;
    assert!(
        run.nudges().is_empty(),
        "nothing on a night-shift morning: {:?}",
        run.nudges()
    );
    run.run_until(london(1, 5, 21, 30)).await;
    let nudges = run.nudges();
    assert_eq!(nudges.len(), 1, "{nudges:?}");
    assert_eq!(
        (nudges[0].0, nudges[0].1.as_str()),
        (london(1, 4, 14, 0), "Choose a UK SIM or eSIM plan")
    );
    let feedback: Vec<_> = run
        .log
        .iter()
        .filter(|(_, s)| s.text.contains("How was Sim morning"))
        .collect();
    assert_eq!(feedback.len(), 1);
    assert_eq!(
        feedback[0].0,
        london(1, 5, 14, 0),
        "the feedback request waited until 14:00"
    );
    run.press_for_edit(&amina, nudges[0].2, "jr:d:phone-plan")
        .await;

    // Paused at 21:30 on the 5th for a week: what falls due meanwhile waits, and then waits
    // again for the morning, since the pause ends at 21:30.
    let paused = run.press_for_message(&amina, nudges[0].2, "jr:pause").await;
    assert!(
        paused.text.contains("No checklist nudges until"),
        "{}",
        paused.text
    );
    run.run_until(london(1, 13, 7, 59)).await;
    assert_eq!(
        run.nudges().len(),
        1,
        "paused, then night: {:?}",
        run.nudges()
    );
    run.run_until(london(1, 13, 8, 0)).await;
    let morning: Vec<String> = run
        .nudges()
        .into_iter()
        .skip(1)
        .map(|(at, title, _)| {
            assert_eq!(at, london(1, 13, 8, 0));
            title
        })
        .collect();
    assert_eq!(morning.len(), 3, "{morning:?}");

    // From here the fellow ticks off each nudge but the inductions', and time runs to February.
    let end = london(2, 5, 10, 0);
    let mut handled: std::collections::HashSet<i64> = [nudges[0].2].into();
    loop {
        for (_, title, message_id) in run.nudges() {
            let step = step_of(&title);
            if handled.insert(message_id) && step != "inductions" {
                run.press_for_edit(&amina, message_id, &format!("jr:d:{step}"))
                    .await;
            }
        }
        let Some(due) = run
            .store
            .next_job_due()
            .await
            .unwrap()
            .filter(|d| *d <= end)
        else {
            break;
        };
        run.run_until(due).await;
    }
    run.run_until(end).await;

    let nudges = run.nudges();
    let mut per_step: HashMap<&str, usize> = HashMap::new();
    for (at, title, _) in &nudges {
        *per_step.entry(title.as_str()).or_default() += 1;
        let local = at.with_timezone(&London);
        assert!(
            (8..21).contains(&local.hour()),
            "{title} at {local}: never at night"
        );
        let night_days = [
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
        ];
        assert!(
            !(night_days.contains(&local.date_naive()) && local.hour() < 14),
            "{title} at {local}"
        );
    }
    assert!(
        per_step.values().all(|n| *n == 1),
        "one nudge per step: {per_step:?}"
    );
    // Every step due after registration and by 5 February: the 17 steps but the 3 already
    // past due (eVisa, documents, home) and the 1-month EQ session (due 10 February).
    assert_eq!(per_step.len(), 13, "{per_step:?}");

    // The lead's cohort report names who is stuck; a fellow may not read it.
    let refused = run.say(&amina, "/journey cohort").await;
    assert!(
        refused.text.contains("only") && !refused.text.contains("Amina Diallo"),
        "{}",
        refused.text
    );
    let report = run.say(&lead, "/journey cohort").await;
    assert!(
        report.text.contains("Started January 2027") && report.text.contains("(1 fellow)"),
        "{}",
        report.text
    );
    assert!(
        report.text.contains("Set up your NHS email: 100%"),
        "{}",
        report.text
    );
    assert!(
        report
            .text
            .contains("Amina Diallo: Go to your trust, programme and directorate inductions"),
        "{}",
        report.text
    );

    let my_data = run.say(&amina, "/mydata").await;
    assert!(
        my_data
            .text
            .contains("Arrival checklist: 15 steps marked, 13 nudged; 2 night-shift days"),
        "{}",
        my_data.text
    );
    bot.stop().await;
}

/// The step id behind a nudge's title, as the shipped journey names them.
fn step_of(title: &str) -> &'static str {
    const STEPS: &[(&str, &str)] = &[
        ("UK SIM or eSIM", "phone-plan"),
        ("pastoral induction", "pastoral-induction"),
        ("inductions", "inductions"),
        ("UK number", "sim"),
        ("smartcard", "it-smartcard"),
        ("bank account", "bank"),
        ("Blue Light", "blue-light-card"),
        ("NHS email", "nhs-email"),
        ("GP", "gp"),
        ("National Insurance", "ni-number"),
        ("buddy", "buddy-met"),
        ("parking", "parking"),
        ("medical defence", "indemnity"),
        ("EQ", "eq-1-month"),
    ];
    STEPS
        .iter()
        .find(|(words, _)| title.contains(words))
        .map(|(_, id)| *id)
        .unwrap_or_else(|| panic!("no step for {title}"))
}

/// The shipped journey with `bank` and `sim` depending on each other.
fn journey_with_a_cycle(content: &std::path::Path) {
    let path = content.join("journey.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "depends_on = [\"phone-plan\", \"evisa\"]",
        "depends_on = [\"phone-plan\", \"evisa\", \"bank\"]",
        1,
    );
    std::fs::write(&path, text).unwrap();
}

#[test]
fn faq_check_refuses_a_journey_whose_steps_go_round_in_a_circle_or_name_no_article() {
    let content = tempfile::tempdir().unwrap();
    crate::support::web::copy_content(content.path());
    let check = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"))
            .args(["faq", "check"])
            .env("CONTENT_DIR", content.path())
            .output()
            .unwrap()
    };
    let good = check();
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("17 journey steps"));

    journey_with_a_cycle(content.path());
    let path = content.path().join("journey.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("article = \"parking\"", "article = \"car-park\"", 1),
    )
    .unwrap();
    let bad = check();
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(
        stderr
            .contains("journey.toml: the steps depend on each other in a circle: sim → bank → sim"),
        "{stderr}"
    );
    assert!(
        stderr.contains("journey.toml: step 'parking': no article 'car-park'"),
        "{stderr}"
    );
}

#[tokio::test]
async fn reload_refuses_a_broken_journey_naming_the_file_and_keeps_the_previous_one_live() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let content = tempfile::tempdir().unwrap();
    crate::support::web::copy_content(content.path());
    let mut settings = settings_for(&api, &db.url);
    settings.content_dir = content.path().to_path_buf();
    let bot = TestBot::start(settings).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    api.wait_for_calls("setMyCommands", 1).await;

    journey_with_a_cycle(content.path());
    api.user_writes(&lead.private_chat(), &lead, "/reload");
    let refused = api.wait_for_sent(1).await[0].text.clone();
    assert!(
        refused.contains("The journey has problems, so I kept the previous version live")
            && refused.contains("journey.toml: the steps depend on each other in a circle"),
        "{refused}"
    );
    assert!(
        refused.contains("Reloaded 29 articles"),
        "the articles still reload: {refused}"
    );

    crate::support::web::copy_content(content.path());
    api.user_writes(&lead.private_chat(), &lead, "/reload");
    let fixed = api.wait_for_sent(2).await[1].text.clone();
    assert!(fixed.contains("✅ 17 journey steps."), "{fixed}");
    bot.stop().await;
}

#[tokio::test]
async fn a_fellow_registered_before_the_journey_existed_is_nudged_after_a_restart() {
    // Dr Fellow 7002 starts on 5 August 2026; their documents step is due on 22 July.
    let core = crate::support::spawn_core_at(london_2026(7, 20, 12)).await;
    crate::support::register_fellow(&core.store(), 7002, "WHT").await;
    core.restart().await;
    let sent = core
        .advance_to(london_2026(7, 22, 9) + Duration::minutes(1))
        .await;
    use crate::support::Replies;
    let nudge = sent.message_to(7002);
    assert!(
        nudge.text().contains("gentle nudge") && nudge.text().contains("Pack your documents"),
        "{}",
        nudge.text()
    );
    // Asked in a group, the cohort report names nobody there.
    let group = crate::support::TestChat::group(-100_700, "Fellows");
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let answer = core.user_writes(&group, &lead, "/journey cohort").await;
    assert!(
        answer.message().text().contains("in a private chat")
            && !answer.message().text().contains("Dr Fellow"),
        "{}",
        answer.message().text()
    );
}

fn london_2026(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    London
        .with_ymd_and_hms(2026, month, day, hour, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}
