//! `fellowship-bot export journey`: the arrival journey's shares per start-month cohort as CSV
//! from the real binary, the same file `/journey cohort` attaches, with no names in it.

use chrono::{Duration, Utc};
use fellowship_bot::fellows::Fellow;
use fellowship_bot::journey::StepState;
use fellowship_bot::store::Store;

#[tokio::test]
async fn export_journey_prints_each_cohorts_shares_and_stuck_counts_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let store = Store::open(&url).await.unwrap();
    // Started 40 days ago: every step is past due, most by more than 14 days.
    let start = Utc::now().date_naive() - Duration::days(40);
    let fellow = Fellow {
        user_id: 501,
        name: "Dr Amina Diallo".into(),
        trust: "RWT".into(),
        start_date: start,
        specialty: "Medicine".into(),
        left_on: None,
    };
    store.save_fellow(&fellow, Utc::now()).await.unwrap();
    store
        .mark_journey_step(501, "evisa", StepState::Done, Utc::now())
        .await
        .unwrap();
    store.close().await;
    let run = |since: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"));
        command
            .env("DATABASE_URL", &url)
            .env("CONTENT_DIR", crate::support::content_dir())
            .env("WEB_ADDR", "")
            .args(["export", "journey"]);
        if !since.is_empty() {
            command.args(["--since", since]);
        }
        command.output().unwrap()
    };

    let out = run("");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let cohort = start.format("%Y-%m").to_string();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("cohort,step,title,applies,done,not_for_me,stuck")
    );
    assert!(
        csv.contains(&format!(
            "{cohort},evisa,Set up your UKVI account and check you can see your eVisa,1,1,0,0\n"
        )),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("{cohort},bank,")) && csv.contains(",1,0,0,1\n"),
        "a step not done and long past due counts one stuck: {csv}"
    );
    assert!(!csv.contains("Amina"), "no names: {csv}");

    let later = (start + Duration::days(1)).format("%Y-%m-%d").to_string();
    let none = String::from_utf8(run(&later).stdout).unwrap();
    assert_eq!(none.lines().count(), 1, "only the header: {none}");
}
