//! One storage suite, run on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set
//! (`.ci/run` sets it, and CI fails if PostgreSQL cannot be reached).

mod schema;

use chrono::NaiveDate;
use chrono::{Duration, TimeZone, Utc};
use fellowship_bot::fellows::{Fellow, Role};
use fellowship_bot::store::{
    BotStatus, CLAIM_LEASE, ChatKind, Claimant, NewUpdate, QuestionOutcome, RecordedQuestion,
    Store, TakenBack, UpdateState,
};

#[tokio::test]
async fn in_memory_sqlite_keeps_its_data_across_queries() {
    let store = Store::open("sqlite::memory:")
        .await
        .expect("open in-memory SQLite");
    let now = Utc::now();
    assert_eq!(store.store_updates(&[update(1, 1)], now).await.unwrap(), 1);
    assert_eq!(store.store_updates(&[update(1, 1)], now).await.unwrap(), 0);
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let db = crate::support::TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    store
        .migrate()
        .await
        .expect("a second migration run is a no-op");
}

/// Each scenario is a test of its own on a fresh database of each kind, so they run side by
/// side and a failure names the scenario and the database.
macro_rules! on_both_databases {
    ($($scenario:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let db = crate::support::TestDb::sqlite();
                    let store = super::Store::open(&db.url).await.expect("open SQLite");
                    super::$scenario(&store).await;
                    store.close().await;
                }
            )+
        }

        mod on_postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let Some(store) = super::postgres_store().await else {
                        return;
                    };
                    super::$scenario(&store).await;
                    store.close().await;
                }
            )+
        }
    };
}

mod backlog;
mod journey;
mod replicas;
mod web;

on_both_databases!(
    updates_are_kept_once_and_answered_in_order_per_chat,
    a_restart_takes_back_claims_and_never_repeats_a_send_in_flight,
    chat_status_follows_the_latest_change,
    a_form_survives_and_can_be_cleared,
    questions_are_rated_grouped_and_resolved,
    learned_aliases_are_kept_and_replaced,
    fellows_roles_and_audit_round_trip,
    forgetting_a_person_removes_them_everywhere,
    jobs_are_claimed_once_retried_and_finished,
    a_newer_notice_supersedes_one_not_yet_sent_and_a_move_needs_the_same_sequence,
    buddy_pairs_end_when_replaced_and_check_in_once,
    groups_are_confirmed_welcome_once_and_follow_a_migration,
    sessions_keep_to_capacity_and_move_the_waiting_list_up,
    two_presses_at_once_for_the_last_place_give_it_to_one,
    broadcast_copies_go_once_and_survive_a_stop,
    feedback_is_kept_once_per_respondent_and_reported_by_scope,
    forms_closed_by_an_earlier_version_are_anonymised_later,
    a_lead_alert_is_claimed_once_per_fellow_kind_and_day,
);

/// A fresh PostgreSQL database, or None (with a note) when TEST_DATABASE_URL is not set; CI
/// must set it.
async fn postgres_store() -> Option<Store> {
    let Some(url) = crate::support::fresh_postgres().await else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the storage suite on PostgreSQL: set TEST_DATABASE_URL"
        );
        eprintln!("TEST_DATABASE_URL is not set: skipping the PostgreSQL run");
        return None;
    };
    Some(Store::open(&url).await.expect("open PostgreSQL"))
}

fn at(day: u32, hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn update(update_id: i64, chat_id: i64) -> NewUpdate {
    NewUpdate {
        update_id,
        chat_id,
        body: format!("{{\"update_id\":{update_id}}}"),
    }
}

fn ids(claimed: &[fellowship_bot::store::ClaimedUpdate]) -> Vec<i64> {
    claimed.iter().map(|u| u.update_id).collect()
}

async fn updates_are_kept_once_and_answered_in_order_per_chat(store: &Store) {
    let (me, them) = (Claimant::new(), Claimant::new());
    let now = at(1, 9);
    let batch = [update(10, 501), update(11, 501), update(12, -502)];
    assert_eq!(store.store_updates(&batch, now).await.unwrap(), 3);
    assert_eq!(
        store.store_updates(&batch[..1], now).await.unwrap(),
        0,
        "an update Telegram sends again is kept once"
    );

    let first = store.claim_updates(&me, now, 10).await.unwrap();
    assert_eq!(ids(&first), vec![10, 12], "one update per chat, the oldest");
    assert_eq!(first[0].state, UpdateState::Pending);
    assert_eq!(first[0].body.as_deref(), Some("{\"update_id\":10}"));
    assert_eq!(first[0].attempts, 1);
    assert!(store.claim_updates(&me, now, 10).await.unwrap().is_empty());
    assert!(
        store
            .claim_updates(&them, now, 10)
            .await
            .unwrap()
            .is_empty(),
        "claimed updates are not claimed by another process while the lease holds"
    );

    assert!(
        store
            .save_update_replies(10, &me, "[]", false)
            .await
            .unwrap()
    );
    assert!(store.mark_update_reply_in_flight(10, &me, 0).await.unwrap());
    assert!(
        !store
            .mark_update_reply_in_flight(10, &them, 0)
            .await
            .unwrap(),
        "only the holder records sends"
    );
    assert!(
        store
            .finish_update(10, &me, "delivered", 0, now)
            .await
            .unwrap()
    );
    assert_eq!(
        ids(&store.claim_updates(&me, now, 10).await.unwrap()),
        vec![11],
        "the chat's next update once the first is done"
    );

    // Update 12's first reply is in flight when its holder stops renewing: whoever takes it
    // over skips that reply (it may have arrived) and counts it unconfirmed.
    assert!(
        store
            .save_update_replies(12, &me, "[1,2]", false)
            .await
            .unwrap()
    );
    assert!(store.mark_update_reply_in_flight(12, &me, 0).await.unwrap());
    let lapsed = now + CLAIM_LEASE;
    let taken = store.claim_updates(&them, lapsed, 10).await.unwrap();
    assert_eq!(ids(&taken), vec![11, 12]);
    let twelve = &taken[1];
    assert_eq!(twelve.state, UpdateState::Answering);
    assert_eq!(twelve.replies.as_deref(), Some("[1,2]"));
    assert_eq!((twelve.next_reply, twelve.unconfirmed), (1, 1));
    assert!(
        !store.mark_update_reply_in_flight(12, &me, 1).await.unwrap(),
        "the old holder lost it"
    );
    store.clear_update_in_flight(12, &them).await.unwrap();
    store.release_update(11, &them).await.unwrap();
    assert_eq!(
        ids(&store.claim_updates(&me, lapsed, 10).await.unwrap()),
        vec![11],
        "a released update can be claimed at once"
    );
    for (id, holder) in [(11, &me), (12, &them)] {
        assert!(
            store
                .finish_update(id, holder, "delivered", 0, at(2, 9))
                .await
                .unwrap()
        );
    }
    let tally = store.inbox_tally().await.unwrap();
    assert_eq!((tally.open, tally.done, tally.unconfirmed), (0, 3, 1));
    assert_eq!(
        store.forget_old_updates(at(3, 10)).await.unwrap(),
        1,
        "only updates done more than 2 days ago are forgotten"
    );
    assert_eq!(
        store.store_updates(&batch[1..2], at(3, 10)).await.unwrap(),
        0,
        "a remembered update is still recognised"
    );
}

async fn a_restart_takes_back_claims_and_never_repeats_a_send_in_flight(store: &Store) {
    let (dead, next) = (Claimant::new(), Claimant::new());
    let now = at(2, 9);
    store
        .store_updates(&[update(20, 601), update(21, 602), update(22, 603)], now)
        .await
        .unwrap();
    assert_eq!(store.claim_updates(&dead, now, 10).await.unwrap().len(), 3);
    assert!(
        store
            .save_update_replies(21, &dead, "[1]", false)
            .await
            .unwrap()
    );
    // Kept with its first reply marked in flight in the same statement.
    assert!(
        store
            .save_update_replies(22, &dead, "[1]", true)
            .await
            .unwrap()
    );
    assert!(
        store
            .mark_update_reply_in_flight(21, &dead, 0)
            .await
            .unwrap()
    );
    for key in ["restart:1", "restart:2"] {
        store.schedule_job("test", key, "{}", now).await.unwrap();
    }
    let jobs = store.claim_due_jobs(&dead, now, 10).await.unwrap();
    assert_eq!(jobs.len(), 2);
    assert!(
        store
            .start_job_send(jobs[0].id, &dead, "[1]", at(2, 10))
            .await
            .unwrap()
    );

    let taken = store.take_back_claims(&next).await.unwrap();
    assert_eq!(
        taken,
        TakenBack {
            updates: 3,
            jobs: 2,
            unconfirmed: 3
        }
    );
    let updates = store.claim_updates(&next, now, 10).await.unwrap();
    assert_eq!(
        ids(&updates),
        vec![20, 21, 22],
        "taken up at once, before any lease lapses"
    );
    assert_eq!((updates[1].next_reply, updates[1].unconfirmed), (1, 1));
    assert_eq!(
        (updates[2].next_reply, updates[2].unconfirmed),
        (1, 1),
        "a first reply kept in flight is never sent again"
    );
    let jobs = store.claim_due_jobs(&next, now, 10).await.unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!((jobs[0].next_reply, jobs[0].unconfirmed), (1, 1));
    assert_eq!(jobs[0].replies.as_deref(), Some("[1]"));
    assert_eq!(jobs[0].useful_until, Some(at(2, 10)));
    assert_eq!((jobs[1].next_reply, jobs[1].replies.as_deref()), (0, None));

    assert_eq!(store.claimed_jobs().await.unwrap(), 2);
    store.release_job(jobs[1].id, &next).await.unwrap();
    assert_eq!(
        store.claimed_jobs().await.unwrap(),
        1,
        "a job let go of at shutdown"
    );
    assert_eq!(
        store.claim_due_jobs(&dead, now, 10).await.unwrap().len(),
        1,
        "is free to claim at once"
    );
    store.release_job(jobs[1].id, &dead).await.unwrap();
    assert_eq!(store.claim_due_jobs(&next, now, 10).await.unwrap().len(), 1);

    let later = now + CLAIM_LEASE;
    store.renew_claims(&next, later).await.unwrap();
    assert!(
        store
            .claim_due_jobs(&dead, later, 10)
            .await
            .unwrap()
            .is_empty(),
        "renewed leases hold"
    );
    assert_eq!(store.release_claims(&next).await.unwrap(), 5);
    assert_eq!(
        store.claim_updates(&dead, later, 10).await.unwrap().len(),
        3,
        "released work is free at once"
    );
    for update in [20, 21, 22] {
        store
            .finish_update(update, &dead, "delivered", 0, later)
            .await
            .unwrap();
    }
    for job in store.claim_due_jobs(&dead, later, 10).await.unwrap() {
        store
            .finish_job(job.id, &dead, "delivered", 0, later)
            .await
            .unwrap();
    }
}

async fn chat_status_follows_the_latest_change(store: &Store) {
    assert_eq!(store.chat_status(-5).await.unwrap(), None);
    store
        .record_chat_status(
            -5,
            ChatKind::Group,
            Some("Fellows <RWT>"),
            BotStatus::Member,
            at(1, 9),
        )
        .await
        .unwrap();
    store
        .record_chat_status(-5, ChatKind::Group, None, BotStatus::Removed, at(1, 10))
        .await
        .unwrap();
    assert_eq!(
        store.chat_status(-5).await.unwrap(),
        Some(BotStatus::Removed)
    );
    store
        .record_chat_status(-5, ChatKind::Group, None, BotStatus::Member, at(1, 11))
        .await
        .unwrap();
    assert_eq!(
        store.chat_status(-5).await.unwrap(),
        Some(BotStatus::Member)
    );
}

async fn a_form_survives_and_can_be_cleared(store: &Store) {
    store
        .save_conversation(7, 7, "registration", r#"{"step":"trust"}"#, at(1, 9))
        .await
        .unwrap();
    store
        .save_conversation(7, 7, "registration", r#"{"step":"start_date"}"#, at(1, 10))
        .await
        .unwrap();
    let saved = store
        .load_conversation(7, 7)
        .await
        .unwrap()
        .expect("the form is there");
    assert_eq!(saved.form, "registration");
    assert_eq!(saved.state, r#"{"step":"start_date"}"#);
    assert_eq!(saved.updated_at(), at(1, 10));
    assert_eq!(
        store.load_conversation(7, 8).await.unwrap(),
        None,
        "forms are per person"
    );
    store.clear_conversation(7, 7).await.unwrap();
    assert_eq!(store.load_conversation(7, 7).await.unwrap(), None);
}

async fn questions_are_rated_grouped_and_resolved(store: &Store) {
    let ask = |who: i64, text: &'static str, outcome| RecordedQuestion {
        asked_by: who,
        question: text,
        topic: None,
        score: 1.5,
        outcome,
    };
    let first = store
        .record_question(
            ask(1, "Where is the gym?", QuestionOutcome::Unanswered),
            at(2, 9),
        )
        .await
        .unwrap();
    store
        .record_question(
            ask(2, "where is the gym? ", QuestionOutcome::Unanswered),
            at(2, 10),
        )
        .await
        .unwrap();
    let answered = store
        .record_question(
            ask(3, "parking permit", QuestionOutcome::Answered),
            at(2, 11),
        )
        .await
        .unwrap();
    store
        .record_question(
            ask(4, "dose of something", QuestionOutcome::Declined),
            at(2, 12),
        )
        .await
        .unwrap();
    assert!(first < answered, "ids grow");

    assert!(
        !store.rate_answer(answered, 99, false).await.unwrap(),
        "only the asker can rate"
    );
    assert!(store.rate_answer(answered, 3, false).await.unwrap());

    let list = store.unanswered_questions(at(1, 0), 10).await.unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0].times_asked, 2, "the same wording is grouped");
    assert_eq!(
        list[1].question, "parking permit",
        "a 👎 answer is listed too"
    );
    assert_eq!(
        store.question_text(first).await.unwrap().as_deref(),
        Some("Where is the gym?")
    );

    assert_eq!(
        store
            .resolve_questions_worded_as("WHERE IS THE GYM?", at(3, 9))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .unanswered_questions(at(1, 0), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .forget_questions_before(at(2, 10) + Duration::minutes(30))
            .await
            .unwrap(),
        2
    );
}

async fn learned_aliases_are_kept_and_replaced(store: &Store) {
    store
        .add_alias("where is the gym?", "wellbeing", 42, at(3, 9))
        .await
        .unwrap();
    store
        .add_alias("where is the gym?", "pastoral-support", 42, at(3, 10))
        .await
        .unwrap();
    store
        .add_alias("pay slip", "banking", 42, at(3, 10))
        .await
        .unwrap();
    assert_eq!(
        store.learned_aliases().await.unwrap(),
        vec![
            ("pay slip".to_owned(), "banking".to_owned()),
            (
                "where is the gym?".to_owned(),
                "pastoral-support".to_owned()
            )
        ]
    );
}

fn fellow(user_id: i64, name: &str, trust: &str) -> Fellow {
    Fellow {
        user_id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(2026, 9, 7).unwrap(),
        specialty: "Psychiatry".into(),
        left_on: None,
    }
}

async fn fellows_roles_and_audit_round_trip(store: &Store) {
    store
        .remember_private_sender(501, "Ngozi", Some("Ngozi_O"), at(4, 9))
        .await
        .unwrap();
    store
        .remember_private_sender(502, "Ravi", None, at(4, 9))
        .await
        .unwrap();
    assert_eq!(
        store
            .person_by_username("ngozi_o")
            .await
            .unwrap()
            .map(|p| p.user_id),
        Some(501)
    );

    store
        .save_fellow(&fellow(501, "Dr Ngozi Okafor", "BCHFT"), at(4, 10))
        .await
        .unwrap();
    let mut changed = fellow(501, "Dr Ngozi Okafor", "WHT");
    changed.specialty = "Old age psychiatry".into();
    store.save_fellow(&changed, at(5, 10)).await.unwrap();
    assert_eq!(store.fellow(501).await.unwrap(), Some(changed));
    assert_eq!(store.fellows().await.unwrap().len(), 1);

    assert!(
        store
            .grant_role(501, Role::PastoralLead, 42, at(4, 11))
            .await
            .unwrap()
    );
    assert!(
        !store
            .grant_role(501, Role::PastoralLead, 42, at(4, 11))
            .await
            .unwrap(),
        "granted once"
    );
    store
        .grant_role(502, Role::Buddy, 42, at(4, 11))
        .await
        .unwrap();
    assert_eq!(store.roles_of(501).await.unwrap(), vec![Role::PastoralLead]);
    let holders = store.role_holders().await.unwrap();
    let ngozi = holders.iter().find(|h| h.user_id == 501).unwrap();
    assert_eq!(
        (ngozi.name.as_str(), ngozi.trust.as_deref()),
        ("Dr Ngozi Okafor", Some("WHT"))
    );
    let ravi = holders.iter().find(|h| h.user_id == 502).unwrap();
    assert_eq!(
        (ravi.name.as_str(), ravi.trust.as_deref()),
        ("Ravi", None),
        "an unregistered holder keeps their Telegram name"
    );
    assert!(store.revoke_role(502, Role::Buddy).await.unwrap());
    assert!(!store.revoke_role(502, Role::Buddy).await.unwrap());

    store
        .record_audit(42, "grant", "pastoral-lead 501", at(4, 11))
        .await
        .unwrap();
    store
        .record_audit(501, "reload", "content", at(4, 12))
        .await
        .unwrap();
    let audit = store.audit_entries(10).await.unwrap();
    assert_eq!(audit[0].action, "reload", "newest first");
    assert_eq!(
        audit[0].actor_name.as_deref(),
        Some("Dr Ngozi Okafor"),
        "a fellow by the name they registered"
    );
    assert_eq!(audit[1].at, at(4, 11));
    assert_eq!(audit[1].actor_name, None, "42 never wrote to the bot");
    let older = store.audit_entries_after(1, 10).await.unwrap();
    assert_eq!(older.len(), 1, "the newest is skipped");
    assert_eq!(older[0].action, "grant");
    assert!(store.audit_entries_after(2, 10).await.unwrap().is_empty());
}

async fn forgetting_a_person_removes_them_everywhere(store: &Store) {
    store
        .save_conversation(501, 501, "registration", "{}", at(6, 9))
        .await
        .unwrap();
    store
        .record_chat_status(501, ChatKind::Private, None, BotStatus::Member, at(6, 9))
        .await
        .unwrap();
    let question = RecordedQuestion {
        asked_by: 501,
        question: "gym?",
        topic: None,
        score: 0.0,
        outcome: QuestionOutcome::Unanswered,
    };
    store.record_question(question, at(6, 9)).await.unwrap();

    store.forget_person(501).await.unwrap();

    assert_eq!(store.fellow(501).await.unwrap(), None);
    assert_eq!(store.person(501).await.unwrap(), None);
    assert!(store.roles_of(501).await.unwrap().is_empty());
    assert_eq!(store.load_conversation(501, 501).await.unwrap(), None);
    assert!(store.questions_asked_by(501).await.unwrap().is_empty());
    assert_eq!(store.chat_status(501).await.unwrap(), None);
    assert!(
        store
            .audit_entries(10)
            .await
            .unwrap()
            .iter()
            .all(|e| e.actor != 501),
        "the audit log no longer names them"
    );
}

async fn jobs_are_claimed_once_retried_and_finished(store: &Store) {
    let (me, them) = (Claimant::new(), Claimant::new());
    assert!(
        store
            .schedule_job("test", "test:1", "{}", at(10, 9))
            .await
            .unwrap()
    );
    assert!(
        !store
            .schedule_job("test", "test:1", "{}", at(10, 9))
            .await
            .unwrap(),
        "scheduled once per key"
    );
    store
        .schedule_job("test", "test:2", "{\"n\":2}", at(10, 12))
        .await
        .unwrap();
    assert_eq!(store.next_job_due().await.unwrap(), Some(at(10, 9)));
    assert!(
        store
            .claim_due_jobs(&me, at(10, 8), 10)
            .await
            .unwrap()
            .is_empty(),
        "nothing is due yet"
    );

    let claimed = store.claim_due_jobs(&me, at(10, 9), 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].attempts, 1);
    assert!(
        store
            .claim_due_jobs(&them, at(10, 9), 10)
            .await
            .unwrap()
            .is_empty(),
        "a claimed job is not claimed again"
    );
    let after_lease = at(10, 9) + CLAIM_LEASE;
    let reclaimed = store.claim_due_jobs(&them, after_lease, 10).await.unwrap();
    assert_eq!(
        reclaimed.len(),
        1,
        "a claim that lapsed (a crash) is taken again"
    );
    assert_eq!(reclaimed[0].attempts, 2, "worked out a second time");

    store
        .retry_job(reclaimed[0].id, &me, "boom", at(10, 11))
        .await
        .unwrap();
    assert!(
        store
            .claim_due_jobs(&me, at(10, 9) + CLAIM_LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "a lapsed holder's retry leaves the new holder's claim alone"
    );
    store
        .retry_job(reclaimed[0].id, &them, "boom", at(10, 11))
        .await
        .unwrap();
    let both = store.claim_due_jobs(&me, at(10, 12), 10).await.unwrap();
    assert_eq!(
        both.iter().map(|j| j.payload.as_str()).collect::<Vec<_>>(),
        vec!["{}", "{\"n\":2}"],
        "oldest due first"
    );

    // The first sends two replies: the first arrives, the second fails before Telegram acts.
    let (first, second) = (both[0].id, both[1].id);
    assert!(
        store
            .start_job_send(first, &me, "[\"a\",\"b\"]", at(10, 18))
            .await
            .unwrap(),
        "the replies are kept as the first goes"
    );
    assert!(store.mark_job_reply_in_flight(first, &me, 1).await.unwrap());
    store
        .retry_job_send(first, &me, 1, at(10, 13), "Bad Gateway")
        .await
        .unwrap();
    store
        .finish_job(second, &me, "delivered", 0, at(10, 12))
        .await
        .unwrap();
    assert!(
        store
            .claim_due_jobs(&me, at(10, 12), 10)
            .await
            .unwrap()
            .is_empty(),
        "the retry waits for its time"
    );
    let retry = store.claim_due_jobs(&me, at(10, 13), 10).await.unwrap();
    assert_eq!(retry.len(), 1);
    assert_eq!(
        (
            retry[0].next_reply,
            retry[0].send_failures,
            retry[0].unconfirmed
        ),
        (1, 1, 0),
        "resumes at the reply that failed, which is known not to have arrived"
    );
    assert_eq!(
        retry[0].attempts, both[0].attempts,
        "kept replies are not worked out again"
    );
    store
        .finish_job(first, &me, "unconfirmed", 1, at(10, 13))
        .await
        .unwrap();
    assert!(
        store
            .claim_due_jobs(&me, at(11, 12), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.next_job_due().await.unwrap(), None);
    let outcomes = store.job_outcomes().await.unwrap();
    assert!(
        outcomes.contains(&("unconfirmed".to_owned(), 1, 1)),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|(outcome, jobs, _)| outcome == "delivered" && *jobs >= 1),
        "{outcomes:?}"
    );
}

async fn a_newer_notice_supersedes_one_not_yet_sent_and_a_move_needs_the_same_sequence(
    store: &Store,
) {
    let id = store
        .add_sessions(&[new_session("Moved", 22, None)], 42, at(1, 9))
        .await
        .unwrap()[0];
    assert!(
        store
            .move_session(id, at(23, 9), at(23, 10), 0)
            .await
            .unwrap()
    );
    assert!(
        !store
            .move_session(id, at(24, 9), at(24, 10), 0)
            .await
            .unwrap(),
        "moved already: the sequence is 1 now"
    );
    assert!(
        store
            .edit_session(id, "Renamed", "Room 9", 1)
            .await
            .unwrap()
    );
    assert!(
        !store.edit_session(id, "Again", "Room 1", 1).await.unwrap(),
        "an edit needs the same sequence too"
    );
    let edited = store.session(id, &[]).await.unwrap().unwrap();
    assert_eq!(
        (
            edited.details.title.as_str(),
            edited.details.location.as_str(),
            edited.sequence
        ),
        ("Renamed", "Room 9", 2)
    );
    assert!(
        !store
            .move_session(id, at(24, 9), at(24, 10), 1)
            .await
            .unwrap(),
        "a move previewed before the edit is stale"
    );
    assert!(
        !store.cancel_session(id, 1, at(2, 9)).await.unwrap(),
        "a cancel previewed before the edit is stale"
    );
    assert!(store.cancel_session(id, 2, at(2, 9)).await.unwrap());
    assert!(
        !store.cancel_session(id, 3, at(2, 9)).await.unwrap(),
        "cancelled once"
    );
    store
        .schedule_job("moved", "moved:1:1", "first", at(2, 9))
        .await
        .unwrap();
    store
        .schedule_job("moved", "moved:11:1", "another session", at(2, 9))
        .await
        .unwrap();
    let sent = Claimant::new();
    store
        .schedule_job("moved", "moved:1:0", "already sending", at(2, 8))
        .await
        .unwrap();
    let claimed = store.claim_due_jobs(&sent, at(2, 8), 1).await.unwrap();
    assert!(
        store
            .start_job_send(claimed[0].id, &sent, "[]", at(3, 9))
            .await
            .unwrap()
    );
    let superseded = store
        .supersede_unsent_jobs("moved", "moved:1:", at(2, 10))
        .await
        .unwrap();
    assert_eq!(
        superseded,
        vec!["first".to_owned()],
        "not another session's, nor one sending"
    );
    let due = store.claim_due_jobs(&sent, at(2, 11), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].payload, "another session");
}

async fn buddy_pairs_end_when_replaced_and_check_in_once(store: &Store) {
    let first = store.assign_buddy(601, 602, 42, at(12, 9)).await.unwrap();
    let second = store.assign_buddy(601, 603, 42, at(13, 9)).await.unwrap();
    let pairs = store.buddy_pairs().await.unwrap();
    let old = pairs.iter().find(|p| p.id == first).unwrap();
    assert_eq!(
        old.ended_at,
        Some(at(13, 9)),
        "a new buddy ends the old pairing"
    );
    assert_eq!(
        store.buddy_pair(second).await.unwrap().unwrap().ended_at,
        None
    );
    assert!(store.record_checkin(second, "no", at(14, 9)).await.unwrap());
    assert!(
        !store
            .record_checkin(second, "yes", at(14, 10))
            .await
            .unwrap(),
        "answered once"
    );
    assert_eq!(
        store
            .buddy_pair(second)
            .await
            .unwrap()
            .unwrap()
            .checkin_answer
            .as_deref(),
        Some("no")
    );
}

async fn groups_are_confirmed_welcome_once_and_follow_a_migration(store: &Store) {
    store
        .record_chat_status(
            -900,
            ChatKind::Group,
            Some("Fellows"),
            BotStatus::Member,
            at(15, 9),
        )
        .await
        .unwrap();
    store
        .set_programme_group(-900, None, Some("BCHFT"), at(15, 10))
        .await
        .unwrap();
    store.set_welcome_message(-900, 55).await.unwrap();
    assert!(store.mark_welcomed(-900, 7).await.unwrap());
    assert!(!store.mark_welcomed(-900, 7).await.unwrap());

    store.move_group(-900, -100_900).await.unwrap();
    assert!(store.group(-900).await.unwrap().is_none());
    let group = store.group(-100_900).await.unwrap().unwrap();
    assert!(group.programme_group);
    assert_eq!(
        (
            group.title.as_deref(),
            group.trust.as_deref(),
            group.welcome_message_id
        ),
        (Some("Fellows"), Some("BCHFT"), Some(55))
    );
    assert!(
        !store.mark_welcomed(-100_900, 7).await.unwrap(),
        "welcomes moved too"
    );
}

fn new_session(
    title: &str,
    day: u32,
    capacity: Option<u32>,
) -> fellowship_bot::sessions::NewSession {
    fellowship_bot::sessions::NewSession {
        session_type: "sim".into(),
        title: title.into(),
        starts_at: at(day, 9),
        ends_at: at(day, 12),
        location: "SIM suite".into(),
        audience: fellowship_bot::sessions::Audience::Trust("RWT".into()),
        capacity,
        facilitators: "Dr A".into(),
    }
}

fn trusts() -> Vec<String> {
    vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
}

async fn sessions_keep_to_capacity_and_move_the_waiting_list_up(store: &Store) {
    use fellowship_bot::sessions::rsvp::RsvpStatus::{Going, NotGoing, Waiting};
    let ids = store
        .add_sessions(
            &[
                new_session("Later", 22, Some(2)),
                new_session("Sooner", 20, None),
            ],
            42,
            at(1, 9),
        )
        .await
        .unwrap();
    let upcoming = store
        .upcoming_sessions(at(19, 9), 10, &trusts())
        .await
        .unwrap();
    assert_eq!(
        upcoming
            .iter()
            .map(|s| s.details.title.as_str())
            .collect::<Vec<_>>(),
        vec!["Sooner", "Later"]
    );
    assert_eq!(
        upcoming[1].details,
        new_session("Later", 22, Some(2)),
        "a session reads back as written"
    );

    let full = ids[0];
    assert_eq!(
        store.rsvp(full, 1, true, at(2, 9)).await.unwrap().status,
        Going
    );
    assert_eq!(
        store.rsvp(full, 2, true, at(2, 9)).await.unwrap().status,
        Going
    );
    assert_eq!(
        store.rsvp(full, 3, true, at(2, 9)).await.unwrap().status,
        Waiting
    );
    assert_eq!(
        store.rsvp(full, 4, true, at(2, 9)).await.unwrap().status,
        Waiting
    );
    let again = store.rsvp(full, 3, true, at(2, 10)).await.unwrap();
    assert!(
        !again.changed,
        "pressing Going twice changes nothing and keeps the place in the queue"
    );
    let freed = store.rsvp(full, 1, false, at(2, 11)).await.unwrap();
    assert_eq!(
        (freed.status, freed.promoted),
        (NotGoing, Some(3)),
        "the first person waiting moves up"
    );
    assert_eq!(store.rsvp_status(full, 3).await.unwrap(), Some(Going));
    assert_eq!(
        store.rsvp_counts(full).await.unwrap(),
        fellowship_bot::store::RsvpCounts {
            going: 2,
            waiting: 1
        }
    );
    let mine = store.sessions_of(4, at(19, 9), &trusts()).await.unwrap();
    assert_eq!((mine.len(), mine[0].1), (1, Waiting));
}

async fn two_presses_at_once_for_the_last_place_give_it_to_one(store: &Store) {
    use fellowship_bot::sessions::rsvp::RsvpStatus::{Going, Waiting};
    let id = store
        .add_sessions(&[new_session("One place", 23, Some(1))], 42, at(1, 9))
        .await
        .unwrap()[0];
    let (a, b) = tokio::join!(
        store.rsvp(id, 11, true, at(3, 9)),
        store.rsvp(id, 12, true, at(3, 9))
    );
    let mut statuses = vec![a.unwrap().status, b.unwrap().status];
    statuses.sort_by_key(|s| *s == Waiting);
    assert_eq!(statuses, vec![Going, Waiting]);
    store.record_session_post(id, -100_001, 77).await.unwrap();
    store.record_session_post(id, -100_001, 78).await.unwrap();
    assert_eq!(store.session_posts(id).await.unwrap(), vec![(-100_001, 78)]);
}

async fn broadcast_copies_go_once_and_survive_a_stop(store: &Store) {
    use fellowship_bot::broadcast::{
        BroadcastAudience, BroadcastContent, BroadcastStatus, DeliveryStatus,
    };
    use fellowship_bot::store::Recipient;
    let content = BroadcastContent::Copy {
        chat_id: 42,
        message_id: 7,
    };
    let id = store
        .create_broadcast(42, &content, at(20, 9))
        .await
        .unwrap();
    assert!(
        !store.schedule_broadcast(id, at(20, 9), None).await.unwrap(),
        "no audience yet"
    );
    assert!(
        store
            .set_broadcast_audience(id, &BroadcastAudience::AllFellows, false)
            .await
            .unwrap()
    );
    assert!(
        store
            .schedule_broadcast(id, at(20, 10), Some((42, 99)))
            .await
            .unwrap()
    );
    assert!(
        !store
            .schedule_broadcast(id, at(20, 10), None)
            .await
            .unwrap(),
        "a second confirmation does nothing"
    );
    assert!(
        store
            .broadcasts_to_send(at(20, 9))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.next_broadcast_due().await.unwrap(), Some(at(20, 10)));
    let recipients: Vec<Recipient> = (1..=3)
        .map(|n| Recipient {
            chat_id: 700 + n,
            thread_id: None,
            reachable: n != 3,
        })
        .collect();
    assert_eq!(
        store.broadcasts_to_send(at(20, 10)).await.unwrap(),
        vec![id]
    );
    assert!(
        store
            .start_broadcast(id, &recipients, at(20, 10))
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_broadcast(id, &recipients, at(20, 10))
            .await
            .unwrap(),
        "started once"
    );

    let pending = store.pending_deliveries(id, at(20, 10), 10).await.unwrap();
    assert_eq!(pending.len(), 2, "the unreachable one is not pending");
    let sender = Claimant::new();
    assert!(
        store
            .mark_delivery_in_flight(id, 701, &sender, at(20, 10))
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_delivery_in_flight(id, 701, &sender, at(20, 10))
            .await
            .unwrap(),
        "a copy goes in flight once"
    );
    store
        .record_delivery(id, 701, DeliveryStatus::Delivered, Some(55), None)
        .await
        .unwrap();
    assert!(
        store
            .mark_delivery_in_flight(id, 702, &sender, at(20, 10))
            .await
            .unwrap()
    );
    store
        .retry_delivery(id, 702, at(20, 11), Some("Internal Server Error"))
        .await
        .unwrap();
    assert!(
        store
            .pending_deliveries(id, at(20, 10), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let retry = store.pending_deliveries(id, at(20, 11), 10).await.unwrap();
    assert_eq!((retry[0].chat_id, retry[0].attempts), (702, 1));
    assert!(
        !store.finish_broadcast(id, at(20, 11)).await.unwrap(),
        "one copy to go"
    );

    // The bot stops with 702 in flight: once its lease lapses it is unconfirmed, not sent again.
    assert!(
        store
            .mark_delivery_in_flight(id, 702, &sender, at(20, 11))
            .await
            .unwrap()
    );
    let next = Claimant::new();
    assert_eq!(
        store
            .settle_stale_deliveries(id, &sender, at(20, 12))
            .await
            .unwrap(),
        0,
        "a sender's own copies in flight are not stale"
    );
    assert_eq!(
        store
            .settle_stale_deliveries(id, &next, at(20, 11))
            .await
            .unwrap(),
        0,
        "nor another's while its lease holds"
    );
    assert_eq!(
        store
            .settle_stale_deliveries(id, &next, at(20, 12))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .pending_deliveries(id, at(20, 12), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.finish_broadcast(id, at(20, 12)).await.unwrap());
    let tally = store.delivery_tally(id).await.unwrap();
    assert_eq!(tally.count(DeliveryStatus::Delivered), 1);
    assert_eq!(tally.count(DeliveryStatus::Unreachable), 1);
    assert_eq!(tally.count(DeliveryStatus::Unconfirmed), 1);
    let problems = store.delivery_problems(id).await.unwrap();
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().any(|p| p.name == "chat 703"));

    assert_eq!(store.resend_unconfirmed(id, at(20, 13)).await.unwrap(), 1);
    let again = store.broadcast(id).await.unwrap().unwrap();
    assert_eq!(again.status, BroadcastStatus::Sending);
    assert_eq!(again.report_message, Some((42, 99)));
    assert_eq!(
        store.cancel_broadcast(id, at(20, 13)).await.unwrap(),
        Some(BroadcastStatus::Sending)
    );
    assert_eq!(
        store
            .delivery_tally(id)
            .await
            .unwrap()
            .count(DeliveryStatus::Skipped),
        1
    );
    assert_eq!(store.cancel_broadcast(id, at(20, 13)).await.unwrap(), None);
    assert_eq!(store.recent_broadcasts(5).await.unwrap()[0].id, id);
}

async fn feedback_is_kept_once_per_respondent_and_reported_by_scope(store: &Store) {
    use fellowship_bot::feedback::{FormKind, respondent_key};
    use fellowship_bot::store::{FeedbackAnswers, NewForm, ReportScope};
    let spec = NewForm {
        subject: "session:77",
        kind: FormKind::Session,
        session_id: Some(77),
        session_type: "sim-training",
        title: "SIM training",
        held_on: "2026-11-20",
        salt: "salt",
        closes_at: at(27, 9),
    };
    let form = store.open_feedback_form(&spec, at(20, 9)).await.unwrap();
    let again = store
        .open_feedback_form(
            &NewForm {
                salt: "other",
                ..spec.clone()
            },
            at(20, 10),
        )
        .await
        .unwrap();
    assert_eq!(again, form, "one form per subject");
    for user in [801, 802, 803] {
        assert!(
            store
                .invite_to_feedback(form.id, user, Some("RWT"), at(20, 9))
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .invite_to_feedback(form.id, 801, Some("RWT"), at(20, 9))
            .await
            .unwrap()
    );
    assert_eq!(
        store.invited_trust(form.id, 801).await.unwrap().as_deref(),
        Some("RWT")
    );
    assert_eq!(store.invited_trust(form.id, 804).await.unwrap(), None);
    let key = respondent_key("salt", 801);
    let mut answers = FeedbackAnswers {
        rating: Some(4),
        step: "situation".into(),
        ..FeedbackAnswers::default()
    };
    store
        .save_feedback_answers(form.id, &key, Some("RWT"), &answers, at(20, 9))
        .await
        .unwrap();
    answers.situation = Some("Scenario practice".into());
    answers.step = "done".into();
    store
        .save_feedback_answers(form.id, &key, Some("RWT"), &answers, at(20, 9))
        .await
        .unwrap();
    assert_eq!(
        store.feedback_answers(form.id, &key).await.unwrap(),
        Some(answers)
    );
    let rounds = store.open_feedback_rounds(10).await.unwrap();
    assert_eq!(
        rounds
            .iter()
            .map(|r| (r.form_id, r.invited, r.responses))
            .collect::<Vec<_>>(),
        vec![(form.id, 3, 1)],
        "an open round with its counts"
    );

    for scope in [
        ReportScope::Session(77),
        ReportScope::SessionType("sim-training".into()),
        ReportScope::Period {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
        },
    ] {
        let rows = store.feedback_rows(&scope).await.unwrap();
        assert_eq!(rows.len(), 1, "{scope:?}");
        assert_eq!(rows[0].rating, Some(4));
        assert_eq!(rows[0].name, None, "anonymous");
        assert_eq!(
            store.feedback_invited(&scope).await.unwrap(),
            vec![(form.id, "RWT".to_owned(), 3)]
        );
        let trend = store.feedback_trend(&scope).await.unwrap();
        assert_eq!(trend.len(), 1);
        assert_eq!((trend[0].2, trend[0].3, trend[0].4), (3, 1, Some(4.0)));
    }
    assert!(
        store
            .feedback_rows(&ReportScope::Period {
                from: "2026-12-01".into(),
                to: "2026-12-31".into()
            })
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.open_forms_for(802).await.unwrap().len(), 1);
    let unfinished = ("feedback", "{}");
    assert!(
        store
            .close_feedback_form(form.id, unfinished, at(27, 9))
            .await
            .unwrap()
    );
    assert!(
        !store
            .close_feedback_form(form.id, unfinished, at(27, 9))
            .await
            .unwrap()
    );
    assert_eq!(
        store.feedback_form(form.id).await.unwrap().unwrap().salt,
        None,
        "the salt goes"
    );
    assert!(store.open_forms_for(802).await.unwrap().is_empty());

    store
        .start_cycle("sim-training", "2026-10-01", "Shorter briefing", 42)
        .await
        .unwrap();
    store
        .start_cycle("sim-training", "2026-11-01", "More scenarios", 42)
        .await
        .unwrap();
    let cycles = store.cycles_of("sim-training").await.unwrap();
    assert_eq!(cycles.len(), 2);
    assert_eq!(
        cycles[0].closed_on.as_deref(),
        Some("2026-11-01"),
        "a new cycle closes the last"
    );
    let closed = store
        .close_cycle("sim-training", "2026-11-30", "Rated higher")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(closed.change_note, "More scenarios");
    let recent: Vec<String> = store
        .recent_cycles(5)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.change_note)
        .collect();
    assert_eq!(
        recent,
        ["More scenarios", "Shorter briefing"],
        "every type's cycles, newest first"
    );
    assert_eq!(
        store
            .invited_to_type_since("sim-training", "2026-11-01")
            .await
            .unwrap(),
        vec![801, 802, 803]
    );
}

async fn a_lead_alert_is_claimed_once_per_fellow_kind_and_day(store: &Store) {
    assert!(
        store
            .claim_lead_alert("eq-nofit-1", 901, "2026-11-20")
            .await
            .unwrap()
    );
    assert!(
        !store
            .claim_lead_alert("eq-nofit-1", 901, "2026-11-20")
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_lead_alert("eq-nofit-6", 901, "2026-11-20")
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_lead_alert("eq-nofit-1", 902, "2026-11-20")
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_lead_alert("eq-nofit-1", 901, "2026-11-21")
            .await
            .unwrap()
    );
}

async fn forms_closed_by_an_earlier_version_are_anonymised_later(store: &Store) {
    use fellowship_bot::feedback::{FormKind, respondent_key};
    use fellowship_bot::store::{FeedbackAnswers, NewForm, ReportScope};
    let form = store
        .open_feedback_form(
            &NewForm {
                subject: "session:78",
                kind: FormKind::Session,
                session_id: Some(78),
                session_type: "sim-training",
                title: "SIM training",
                held_on: "2026-11-21",
                salt: "old",
                closes_at: at(28, 9),
            },
            at(21, 9),
        )
        .await
        .unwrap();
    store
        .invite_to_feedback(form.id, 811, Some("WHT"), at(21, 9))
        .await
        .unwrap();
    let answers = FeedbackAnswers {
        rating: Some(2),
        step: "done".into(),
        ..FeedbackAnswers::default()
    };
    store
        .save_feedback_answers(
            form.id,
            &respondent_key("old", 811),
            Some("WHT"),
            &answers,
            at(21, 10),
        )
        .await
        .unwrap();
    // Closed as earlier versions closed forms: only the salt went.
    const OLD_CLOSE: &str = "UPDATE feedback_forms SET salt = NULL, closed_at = $1 WHERE id = $2";
    let closed_at = at(28, 9).timestamp();
    match store {
        Store::Sqlite(pool) => {
            let query = sqlx::query(OLD_CLOSE).bind(closed_at).bind(form.id);
            query.execute(pool).await.unwrap().rows_affected()
        }
        Store::Postgres(pool) => {
            let query = sqlx::query(OLD_CLOSE).bind(closed_at).bind(form.id);
            query.execute(pool).await.unwrap().rows_affected()
        }
    };
    let waiting = store.closed_forms_to_anonymise().await.unwrap();
    assert_eq!(waiting, vec![(form.id, at(28, 9).timestamp())]);
    store
        .anonymise_closed_form(form.id, ("feedback", "{}"), at(28, 9).timestamp())
        .await
        .unwrap();
    assert!(store.closed_forms_to_anonymise().await.unwrap().is_empty());
    let rows = store
        .feedback_rows(&ReportScope::Session(78))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].trust, "other", "the only one asked: no trust kept");
    assert_eq!(rows[0].rating, Some(2), "the answer itself stays");
}

/// What would link the only WHT fellow (1107) to their anonymous answer, were it left anywhere.
struct Links {
    salt: String,
    keys: Vec<String>,
    answer: &'static str,
    closed_at: chrono::DateTime<Utc>,
}

/// Seven invited (RWT 4, BCHFT 2, and 1107 the only one from WHT); 1107 and two from RWT
/// answer anonymously, 1107 stops half-way through the form once, and the form closes.
async fn the_only_fellow_of_a_trust_answers_and_the_form_closes(store: &Store) -> Links {
    use fellowship_bot::feedback::{FormKind, new_salt, respondent_key};
    use fellowship_bot::store::{FeedbackAnswers, NewForm};
    let salt = new_salt().unwrap();
    let form = store
        .open_feedback_form(
            &NewForm {
                subject: "session:991",
                kind: FormKind::Session,
                session_id: Some(991),
                session_type: "sim-training",
                title: "SIM training",
                held_on: "2026-11-20",
                salt: &salt,
                closes_at: at(27, 9),
            },
            at(20, 11),
        )
        .await
        .unwrap();
    let invitees = [
        (1101, "RWT"),
        (1102, "RWT"),
        (1103, "RWT"),
        (1104, "RWT"),
        (1105, "BCHFT"),
        (1106, "BCHFT"),
        (1107, "WHT"),
    ];
    for (user, trust) in invitees {
        store
            .invite_to_feedback(form.id, user, Some(trust), at(20, 11))
            .await
            .unwrap();
    }
    let answer = "The debrief felt rushed";
    for (user, situation, minute) in [(1102, "Useful", 3), (1107, answer, 7), (1101, "Good", 9)] {
        let trust = store.invited_trust(form.id, user).await.unwrap();
        let answers = FeedbackAnswers {
            rating: Some(3),
            situation: Some(situation.into()),
            step: "done".into(),
            ..FeedbackAnswers::default()
        };
        let answered_at = at(20, 12) + Duration::minutes(minute);
        store
            .save_feedback_answers(
                form.id,
                &respondent_key(&salt, user),
                trust.as_deref(),
                &answers,
                answered_at,
            )
            .await
            .unwrap();
    }
    let state = format!("{{\"form_id\":{}}}", form.id);
    store
        .save_conversation(1107, 1107, "feedback", &state, at(20, 12))
        .await
        .unwrap();
    // Statistics sampled while the salt and keys exist must not keep them.
    analyze(store).await;
    let closed_at = at(27, 9);
    assert!(
        store
            .close_feedback_form(form.id, ("feedback", &state), closed_at)
            .await
            .unwrap()
    );
    assert_eq!(
        store.load_conversation(1107, 1107).await.unwrap(),
        None,
        "the half-filled form goes with the salt"
    );
    Links {
        keys: invitees
            .iter()
            .map(|(user, _)| respondent_key(&salt, *user))
            .collect(),
        salt,
        answer,
        closed_at,
    }
}

/// The responses as stored: (respondent key, trust, updated at, situation).
async fn stored_responses(store: &Store) -> Vec<(String, Option<String>, i64, Option<String>)> {
    const SQL: &str =
        "SELECT respondent_key, trust, updated_at, situation FROM feedback_responses ORDER BY id";
    match store {
        Store::Sqlite(pool) => sqlx::query_as(SQL).fetch_all(pool).await.unwrap(),
        Store::Postgres(pool) => sqlx::query_as(SQL).fetch_all(pool).await.unwrap(),
    }
}

/// Checks the tables, then every byte of the database files, for anything that links 1107.
fn assert_nothing_links(
    links: &Links,
    rows: &[(String, Option<String>, i64, Option<String>)],
    files: &[Vec<u8>],
) {
    assert_eq!(rows.len(), 3);
    for (key, trust, updated_at, situation) in rows {
        assert!(
            !links.keys.contains(key),
            "the key no longer matches anyone"
        );
        assert_eq!(
            *updated_at,
            links.closed_at.timestamp(),
            "no answer time to match"
        );
        let expected = if situation.as_deref() == Some(links.answer) {
            "other"
        } else {
            "RWT"
        };
        assert_eq!(trust.as_deref(), Some(expected), "{situation:?}");
    }
    for file in files {
        assert!(
            !contains(file, links.salt.as_bytes()),
            "the salt is gone from the file"
        );
        for key in &links.keys {
            assert!(!contains(file, key.as_bytes()), "no respondent key is left");
        }
        // The old row kept "WHT" a few bytes before the answer; no such row may remain.
        let answer = links.answer.as_bytes();
        for (at, _) in file.windows(3).enumerate().filter(|(_, w)| *w == b"WHT") {
            let after = &file[at..(at + 48).min(file.len())];
            assert!(
                !contains(after, answer),
                "the answer is not stored beside WHT"
            );
        }
    }
    assert!(
        files.iter().any(|f| contains(f, links.answer.as_bytes())),
        "the answer itself is kept (the search looks in the right place)"
    );
}

/// The SQLite file and its write-ahead log, as bytes.
fn sqlite_files(db: &crate::support::TestDb) -> Vec<Vec<u8>> {
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    let mut files = vec![std::fs::read(&path).unwrap()];
    if let Ok(log) = std::fs::read(format!("{path}-wal")) {
        assert!(log.is_empty(), "the purge truncated the log");
        files.push(log);
    }
    files
}

/// Every table, index and TOAST file of the database, and pg_statistic's, as bytes, after a
/// checkpoint. Reading them needs a superuser (the test server's postgres user is one).
async fn postgres_files(store: &Store) -> Vec<Vec<u8>> {
    let Store::Postgres(pool) = store else {
        unreachable!("a PostgreSQL store")
    };
    let sampled: Vec<String> = sqlx::query_scalar(
        "SELECT tablename || '.' || attname FROM pg_stats
         WHERE schemaname = 'public' AND attname IN ('salt', 'respondent_key', 'situation', 'name', 'first_name', 'username', 'question', 'detail')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(
        sampled.is_empty(),
        "ANALYZE never samples these: {sampled:?}"
    );
    sqlx::raw_sql("CHECKPOINT").execute(pool).await.unwrap();
    let files: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT pg_read_binary_file(pg_relation_filepath(c.oid)) FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE (n.nspname IN ('public', 'pg_toast') OR c.oid = 'pg_statistic'::regclass)
           AND c.relkind IN ('r', 'i', 't') AND pg_relation_filepath(c.oid) IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(files.len() > 20, "every table, index and TOAST file");
    files
}

/// Samples the tables as the planner would (on PostgreSQL), so a test sees what ANALYZE keeps.
async fn analyze(store: &Store) {
    if let Store::Postgres(pool) = store {
        sqlx::raw_sql("ANALYZE").execute(pool).await.unwrap();
    }
}

fn contains(file: &[u8], needle: &[u8]) -> bool {
    file.windows(needle.len()).any(|w| w == needle)
}

/// A fellow with a name found nowhere else, who asks, is given a role and a buddy, is marked as
/// leaving, then forgets themselves; another fellow stays. Returns (forgotten, kept) texts.
async fn a_fellow_with_a_history_forgets_themselves(
    store: &Store,
) -> (Vec<&'static str>, &'static str) {
    let now = at(22, 9);
    for (user, name) in [(1201, "Zebedee Quintrell"), (1202, "Marisol Ferreira")] {
        let fellow = Fellow {
            user_id: user,
            name: name.into(),
            trust: "WHT".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(),
            specialty: "Haematology".into(),
            left_on: None,
        };
        store.save_fellow(&fellow, now).await.unwrap();
    }
    store
        .remember_private_sender(1201, "Zebedee", Some("zquintrell"), now)
        .await
        .unwrap();
    let question = RecordedQuestion {
        asked_by: 1201,
        question: "is there a quiet room near ward Xanthe",
        topic: None,
        score: 0.0,
        outcome: QuestionOutcome::Unanswered,
    };
    store.record_question(question, now).await.unwrap();
    store
        .record_audit(42, "grant", "buddy 1201 (Zebedee Quintrell)", now)
        .await
        .unwrap();
    store
        .record_audit(42, "leaving", "Zebedee Quintrell on 2026-12-31", now)
        .await
        .unwrap();
    store
        .save_conversation(
            1201,
            1201,
            "registration",
            "{\"name\":\"Zebedee Quintrell\"}",
            now,
        )
        .await
        .unwrap();
    analyze(store).await;

    store.forget_person(1201).await.unwrap();

    let audit = store.audit_entries(10).await.unwrap();
    let details: Vec<&str> = audit.iter().map(|e| e.detail.as_str()).collect();
    assert!(
        details.contains(&"buddy someone forgotten")
            && details.contains(&"someone forgotten on 2026-12-31"),
        "what leads did stays, without the name: {details:?}"
    );
    (
        vec!["Quintrell", "zquintrell", "ward Xanthe"],
        "Marisol Ferreira",
    )
}

fn assert_forgotten(forgotten: &[&str], kept: &str, files: &[Vec<u8>]) {
    for file in files {
        for text in forgotten {
            assert!(
                !contains(file, text.as_bytes()),
                "{text} is gone from the files"
            );
        }
    }
    assert!(
        files.iter().any(|f| contains(f, kept.as_bytes())),
        "the other fellow is still there (the search looks in the right place)"
    );
}

#[tokio::test]
async fn a_forgotten_fellow_cannot_be_found_in_the_sqlite_file() {
    let db = crate::support::TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let (forgotten, kept) = a_fellow_with_a_history_forgets_themselves(&store).await;
    assert_forgotten(&forgotten, kept, &sqlite_files(&db));
    store.close().await;
}

#[tokio::test]
async fn a_forgotten_fellow_cannot_be_found_in_the_postgres_files() {
    let Some(url) = crate::support::fresh_postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipping the PostgreSQL run");
        return;
    };
    let store = Store::open(&url).await.unwrap();
    let (forgotten, kept) = a_fellow_with_a_history_forgets_themselves(&store).await;
    assert_forgotten(&forgotten, kept, &postgres_files(&store).await);
    store.close().await;
}

/// A report that was reading when the fellow asked to be forgotten still sees them; the purge waits
/// for it to end rather than copying the deleted rows into the rewritten files.
#[tokio::test]
async fn a_fellow_forgotten_while_a_report_reads_is_gone_from_the_postgres_files_too() {
    let Some(url) = crate::support::fresh_postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipping the PostgreSQL run");
        return;
    };
    let store = Store::open(&url).await.unwrap();
    let mut reader = {
        use sqlx::Connection;
        sqlx::PgConnection::connect(&url).await.unwrap()
    };
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1;")
        .execute(&mut reader)
        .await
        .unwrap();
    let report_ends = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
        sqlx::raw_sql("COMMIT").execute(&mut reader).await.unwrap();
        reader
    });
    let (forgotten, kept) = a_fellow_with_a_history_forgets_themselves(&store).await;
    drop(report_ends.await.unwrap());
    assert_forgotten(&forgotten, kept, &postgres_files(&store).await);
    store.close().await;
}

#[tokio::test]
async fn an_anonymous_answer_cannot_be_linked_from_the_sqlite_file_once_the_form_closes() {
    let db = crate::support::TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let links = the_only_fellow_of_a_trust_answers_and_the_form_closes(&store).await;
    let rows = stored_responses(&store).await;
    assert_nothing_links(&links, &rows, &sqlite_files(&db));
    store.close().await;
}

#[tokio::test]
async fn an_anonymous_answer_cannot_be_linked_from_the_postgres_files_once_the_form_closes() {
    let Some(url) = crate::support::fresh_postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipping the PostgreSQL run");
        return;
    };
    let store = Store::open(&url).await.unwrap();
    let links = the_only_fellow_of_a_trust_answers_and_the_form_closes(&store).await;
    let rows = stored_responses(&store).await;
    assert_nothing_links(&links, &rows, &postgres_files(&store).await);
    store.close().await;
}
