//! Shares per start-month cohort and who is stuck.

use super::*;

fn fellow(user_id: i64, name: &str, trust: &str, start: (i32, u32, u32)) -> Fellow {
    Fellow {
        user_id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
        specialty: "Medicine".into(),
        left_on: None,
    }
}

fn journey() -> Journey {
    let text = r#"
[[step]]
id = "bank"
title = "Bank"
article = "banking"
due = "3 days after start"
[[step]]
id = "parking"
title = "Parking"
article = "parking"
due = "start"
[step.trust.WHT]
skip = true
"#;
    Journey::parse(text, &|_| true, &["RWT".into(), "WHT".into()]).unwrap()
}

#[test]
fn each_cohort_counts_done_of_those_a_step_applies_to_and_names_who_is_stuck() {
    let fellows = [
        fellow(1, "Amina", "RWT", (2026, 10, 5)),
        fellow(2, "Bola", "WHT", (2026, 10, 20)),
        fellow(3, "Chen", "RWT", (2026, 11, 2)),
    ];
    let states = HashMap::from([
        ((1, "bank".to_owned()), StepState::Done),
        ((1, "parking".to_owned()), StepState::NotForMe),
    ]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    let reports = cohort_reports(&journey(), &fellows, &states, today);
    assert_eq!(
        reports
            .iter()
            .map(|r| (r.month, r.fellows))
            .collect::<Vec<_>>(),
        [(10, 2), (11, 1)]
    );
    let october = &reports[0];
    assert_eq!((october.steps[0].applies, october.steps[0].done), (2, 1));
    assert_eq!(
        (october.steps[1].applies, october.steps[1].not_for_me),
        (1, 1),
        "WHT has no parking step"
    );
    // Bola's bank step was due 23 October: 18 days ago. Chen's (5 November) is not 14 days late.
    assert_eq!(october.stuck.len(), 1);
    assert_eq!(october.stuck[0].0, "Bola");
    assert!(reports[1].stuck.is_empty());
}

#[test]
fn leavers_and_old_cohorts_are_left_out() {
    let mut gone = fellow(1, "Gone", "RWT", (2026, 10, 5));
    gone.left_on = NaiveDate::from_ymd_opt(2026, 11, 1);
    let old = fellow(2, "Old", "RWT", (2024, 1, 5));
    let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    assert!(cohort_reports(&journey(), &[gone, old], &HashMap::new(), today).is_empty());
}

#[test]
fn the_csv_counts_who_is_stuck_without_naming_anyone() {
    let fellows = [
        fellow(1, "Amina", "RWT", (2026, 10, 5)),
        fellow(2, "Bola", "WHT", (2026, 10, 20)),
    ];
    let states = HashMap::from([((1, "bank".to_owned()), StepState::Done)]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    let csv = cohort_csv(&cohort_reports(&journey(), &fellows, &states, today)).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(
        csv,
        "cohort,step,title,applies,done,not_for_me,stuck\n\
         2026-10,bank,Bank,2,1,0,1\n\
         2026-10,parking,Parking,1,0,0,1\n"
    );
    assert!(!csv.contains("Amina") && !csv.contains("Bola"));
}
