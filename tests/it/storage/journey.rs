//! The arrival journey's storage on both backends: steps marked and changed, one nudge per
//! step, pauses, night-shift days, consent to share with one's buddy (ending with the pair),
//! and all of it forgotten with the fellow.

use chrono::{Duration, NaiveDate};
use fellowship_bot::journey::StepState;
use fellowship_bot::store::Store;

use super::{at, postgres_store};

on_both_databases!(
    journey_steps_are_marked_nudged_once_and_forgotten_with_the_fellow,
    nights_and_pauses_are_kept_per_fellow,
    sharing_with_a_buddy_ends_with_the_pair_and_is_forgotten,
);

async fn journey_steps_are_marked_nudged_once_and_forgotten_with_the_fellow(store: &Store) {
    let now = at(2, 9);
    store
        .mark_journey_step(7, "bank", StepState::NotForMe, now)
        .await
        .unwrap();
    store
        .mark_journey_step(7, "bank", StepState::Done, now)
        .await
        .unwrap();
    assert!(
        store
            .take_journey_nudge(7, "gp", "job-a", now)
            .await
            .unwrap()
    );
    assert!(
        store
            .take_journey_nudge(7, "gp", "job-a", now)
            .await
            .unwrap(),
        "the same job again holds it"
    );
    assert!(
        !store
            .take_journey_nudge(7, "gp", "job-b", now)
            .await
            .unwrap(),
        "a second nudge for the step is refused"
    );
    assert!(
        store
            .take_journey_nudge(7, "bank", "job-c", now)
            .await
            .unwrap()
    );
    store
        .mark_journey_step(8, "gp", StepState::Done, now)
        .await
        .unwrap();

    let steps = store.journey_steps_of(7).await.unwrap();
    let view: Vec<_> = steps
        .iter()
        .map(|s| (s.step_id.as_str(), s.state, s.nudged_at.is_some()))
        .collect();
    assert_eq!(
        view,
        [("bank", Some(StepState::Done), true), ("gp", None, true)]
    );
    let marked = store.marked_journey_steps().await.unwrap();
    assert_eq!(marked.len(), 2, "7's bank and 8's gp: {marked:?}");

    store
        .pause_journey_nudges(7, now + Duration::days(7))
        .await
        .unwrap();
    store
        .add_night_shifts(7, &[NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()])
        .await
        .unwrap();
    store.forget_person(7).await.unwrap();
    assert!(store.journey_steps_of(7).await.unwrap().is_empty());
    assert_eq!(store.journey_paused_until(7).await.unwrap(), None);
    assert!(
        store
            .night_shifts_of(7, NaiveDate::MIN)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.journey_steps_of(8).await.unwrap().len(),
        1,
        "others are kept"
    );
}

async fn nights_and_pauses_are_kept_per_fellow(store: &Store) {
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    store
        .add_night_shifts(7, &[day(3), day(4), day(5)])
        .await
        .unwrap();
    store.add_night_shifts(7, &[day(5), day(6)]).await.unwrap();
    store.add_night_shifts(8, &[day(4)]).await.unwrap();
    assert_eq!(
        store.night_shifts_of(7, day(4)).await.unwrap(),
        [day(4), day(5), day(6)]
    );
    assert_eq!(store.journey_paused_until(7).await.unwrap(), None);
    store.pause_journey_nudges(7, at(9, 9)).await.unwrap();
    store.pause_journey_nudges(7, at(10, 9)).await.unwrap();
    assert_eq!(
        store.journey_paused_until(7).await.unwrap(),
        Some(at(10, 9))
    );
}

async fn sharing_with_a_buddy_ends_with_the_pair_and_is_forgotten(store: &Store) {
    let (fellow, buddy, next_buddy) = (7, 70, 71);
    let pair = store
        .assign_buddy(fellow, buddy, 42, at(2, 9))
        .await
        .unwrap();
    assert_eq!(store.journey_shared_since(fellow).await.unwrap(), None);
    assert!(
        !store.share_journey(pair, buddy, at(3, 9)).await.unwrap(),
        "only the pair's fellow can share"
    );
    assert!(store.share_journey(pair, fellow, at(3, 9)).await.unwrap());
    assert!(
        store.share_journey(pair, fellow, at(4, 9)).await.unwrap(),
        "sharing twice keeps the first consent"
    );
    assert_eq!(
        store.journey_shared_since(fellow).await.unwrap(),
        Some(at(3, 9))
    );
    assert_eq!(store.journeys_shared_with(buddy).await.unwrap(), [pair]);
    assert!(store.journeys_shared_with(fellow).await.unwrap().is_empty());

    store.stop_sharing_journey(fellow).await.unwrap();
    assert!(store.journeys_shared_with(buddy).await.unwrap().is_empty());
    assert!(store.share_journey(pair, fellow, at(5, 9)).await.unwrap());

    // A new buddy ends the pair, and the consent with it: it does not pass to the next buddy.
    let next = store
        .assign_buddy(fellow, next_buddy, 42, at(6, 9))
        .await
        .unwrap();
    assert_eq!(store.journey_shared_since(fellow).await.unwrap(), None);
    assert!(store.journeys_shared_with(buddy).await.unwrap().is_empty());
    assert!(
        store
            .journeys_shared_with(next_buddy)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store.share_journey(pair, fellow, at(7, 9)).await.unwrap(),
        "an ended pair takes no consent"
    );
    assert!(store.share_journey(next, fellow, at(7, 9)).await.unwrap());

    // The buddy forgotten: the pair goes, and the consent given to them.
    store.forget_person(next_buddy).await.unwrap();
    assert!(
        store
            .journeys_shared_with(next_buddy)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.journey_shared_since(fellow).await.unwrap(), None);
    assert!(
        !store.share_journey(next, fellow, at(8, 9)).await.unwrap(),
        "the forgotten buddy's pair is gone"
    );
    let last = store
        .assign_buddy(fellow, buddy, 42, at(9, 9))
        .await
        .unwrap();
    assert!(store.share_journey(last, fellow, at(9, 9)).await.unwrap());
    store.forget_person(fellow).await.unwrap();
    assert!(store.journeys_shared_with(buddy).await.unwrap().is_empty());
}
