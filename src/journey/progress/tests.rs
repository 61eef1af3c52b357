//! Done, next and later; due instants and quiet hours across the BST/GMT change.

use chrono::TimeZone;

use super::*;
use crate::journey::plan::Journey;

const LONDON: Tz = chrono_tz::Europe::London;

fn journey() -> Journey {
    let text = r#"
[[step]]
id = "evisa"
title = "eVisa"
article = "banking"
due = "14 days before start"
[[step]]
id = "home"
title = "Home"
article = "banking"
due = "7 days before start"
depends_on = ["evisa"]
[[step]]
id = "bank"
title = "Bank"
article = "banking"
due = "3 days after start"
depends_on = ["home", "parking"]
[[step]]
id = "parking"
title = "Parking"
article = "banking"
due = "start"
[step.trust.WHT]
skip = true
"#;
    Journey::parse(text, &|_| true, &["RWT".into(), "WHT".into()]).unwrap()
}

fn ids<'a>(steps: impl IntoIterator<Item = &'a TrustStep<'a>>) -> Vec<&'a str> {
    steps.into_iter().map(|s| s.id).collect()
}

#[test]
fn next_holds_only_steps_whose_dependencies_are_settled_in_due_order() {
    let journey = journey();
    let steps = journey.for_trust("RWT");
    let mut states = HashMap::new();
    let view = overview(&steps, &states, false);
    assert_eq!(ids(&view.next), ["evisa", "parking"]);
    assert_eq!(ids(&view.later), ["home", "bank"]);
    states.insert("evisa".to_owned(), StepState::Done);
    states.insert("home".to_owned(), StepState::Done);
    let view = overview(&steps, &states, false);
    assert_eq!(ids(&view.next), ["parking"], "bank still waits for parking");
    states.insert("parking".to_owned(), StepState::NotForMe);
    let view = overview(&steps, &states, false);
    assert_eq!(ids(&view.next), ["bank"], "not for me settles a dependency");
    assert_eq!(view.done.len(), 3);
}

#[test]
fn before_arrival_only_the_pre_arrival_steps_are_next() {
    let journey = journey();
    let steps = journey.for_trust("RWT");
    let view = overview(&steps, &HashMap::new(), true);
    assert_eq!(ids(&view.next), ["evisa"]);
    assert_eq!(ids(&view.later), ["home", "parking", "bank"]);
}

#[test]
fn a_step_the_trust_leaves_out_does_not_hold_up_its_dependents() {
    let journey = journey();
    let steps = journey.for_trust("WHT");
    let states = HashMap::from([
        ("home".to_owned(), StepState::Done),
        ("evisa".to_owned(), StepState::Done),
    ]);
    assert_eq!(ids(&overview(&steps, &states, false).next), ["bank"]);
}

#[test]
fn a_step_is_due_at_nine_london_time_on_either_side_of_the_clock_change() {
    // The clocks go back on Sunday 25 October 2026.
    let summer = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
    let winter = NaiveDate::from_ymd_opt(2026, 10, 26).unwrap();
    assert_eq!(
        due_instant(summer, LONDON),
        Utc.with_ymd_and_hms(2026, 10, 24, 8, 0, 0).unwrap()
    );
    assert_eq!(
        due_instant(winter, LONDON),
        Utc.with_ymd_and_hms(2026, 10, 26, 9, 0, 0).unwrap()
    );
    // A due day counted across the change stays a calendar day: 09:00 on both sides.
    let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
    let due = crate::journey::plan::Due::parse("7 days after start")
        .unwrap()
        .on(start);
    assert_eq!(
        due_instant(due, LONDON)
            .with_timezone(&LONDON)
            .format("%F %R")
            .to_string(),
        "2026-10-26 09:00"
    );
    // And in March the clocks go forward (29 March 2026).
    let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    assert_eq!(
        due_instant(spring, LONDON),
        Utc.with_ymd_and_hms(2026, 3, 29, 8, 0, 0).unwrap()
    );
}

#[test]
fn no_nudge_goes_between_nine_at_night_and_eight_in_the_morning() {
    let london = |d: u32, h: u32, m: u32| {
        LONDON
            .with_ymd_and_hms(2026, 10, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    assert_eq!(nudge_may_go(london(20, 9, 0), LONDON, &[]), None);
    assert_eq!(nudge_may_go(london(20, 20, 59), LONDON, &[]), None);
    assert_eq!(
        nudge_may_go(london(20, 21, 0), LONDON, &[]),
        Some(london(21, 8, 0))
    );
    assert_eq!(
        nudge_may_go(london(21, 3, 0), LONDON, &[]),
        Some(london(21, 8, 0))
    );
    // Across the change: 23:30 BST on Saturday waits until 08:00 GMT on Sunday.
    assert_eq!(
        nudge_may_go(london(24, 23, 30), LONDON, &[]),
        Some(london(25, 8, 0))
    );
    assert_eq!(
        london(25, 8, 0),
        Utc.with_ymd_and_hms(2026, 10, 25, 8, 0, 0).unwrap()
    );
}

#[test]
fn on_a_night_shift_day_nudges_and_prompts_wait_until_two_in_the_afternoon() {
    let london = |d: u32, h: u32| {
        LONDON
            .with_ymd_and_hms(2026, 11, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let nights = [NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()];
    assert_eq!(
        after_nights(london(10, 9), LONDON, &nights),
        Some(london(10, 14))
    );
    assert_eq!(after_nights(london(10, 15), LONDON, &nights), None);
    assert_eq!(after_nights(london(11, 9), LONDON, &nights), None);
    assert_eq!(
        nudge_may_go(london(10, 9), LONDON, &nights),
        Some(london(10, 14))
    );
    // 22:00 the evening before a night-shift day: not at 08:00, at 14:00.
    assert_eq!(
        nudge_may_go(london(9, 22), LONDON, &nights),
        Some(london(10, 14))
    );
}
