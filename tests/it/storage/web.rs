//! The web console's storage on both backends: sign-in links used once, sessions ended when
//! idle or forgotten, article revisions kept newest first, a login button's press used once.

use chrono::Duration;
use fellowship_bot::store::Store;

use super::{at, postgres_store};

on_both_databases!(
    a_sign_in_link_is_used_once_and_only_before_it_expires,
    a_session_lasts_while_used_and_ends_when_idle_signed_out_or_forgotten,
    article_revisions_are_kept_newest_first_and_unnamed_when_their_author_is_forgotten,
    a_press_of_telegrams_login_button_signs_in_once,
);

async fn a_press_of_telegrams_login_button_signs_in_once(store: &Store) {
    let now = at(1, 9);
    let until = now + Duration::days(1);
    let (a, b) = tokio::join!(
        store.use_login_once("t1", 7, now, until),
        store.use_login_once("t1", 7, now, until)
    );
    let firsts = [a.unwrap(), b.unwrap()];
    assert_eq!(
        firsts.iter().filter(|first| **first).count(),
        1,
        "{firsts:?}"
    );
    let later = now + Duration::hours(1);
    assert!(!store.use_login_once("t1", 7, later, until).await.unwrap());
    assert!(store.use_login_once("t2", 7, now, until).await.unwrap());
    assert_eq!(
        store.consume_login_token("t2", now).await.unwrap(),
        None,
        "a used press is no link"
    );
}

async fn a_sign_in_link_is_used_once_and_only_before_it_expires(store: &Store) {
    let now = at(1, 9);
    let expires = now + Duration::minutes(10);
    store.save_login_token("h1", 7, now, expires).await.unwrap();
    store.save_login_token("h2", 7, now, expires).await.unwrap();
    // Two browsers at once: one gets in.
    let (a, b) = tokio::join!(
        store.consume_login_token("h1", now),
        store.consume_login_token("h1", now)
    );
    let winners = [a.unwrap(), b.unwrap()];
    assert_eq!(winners.iter().flatten().count(), 1, "{winners:?}");
    assert_eq!(store.consume_login_token("h1", now).await.unwrap(), None);
    assert_eq!(
        store.consume_login_token("h2", expires).await.unwrap(),
        None
    );
    assert_eq!(store.consume_login_token("nope", now).await.unwrap(), None);
    store.save_login_token("h3", 7, now, expires).await.unwrap();
    assert_eq!(
        store
            .forget_stale_web_sign_ins(expires, Duration::hours(8))
            .await
            .unwrap(),
        3,
        "expired links go"
    );
}

async fn a_session_lasts_while_used_and_ends_when_idle_signed_out_or_forgotten(store: &Store) {
    let idle = Duration::hours(8);
    let now = at(2, 9);
    store.start_web_session("s1", 7, now).await.unwrap();
    store.start_web_session("s2", 7, now).await.unwrap();
    store.start_web_session("s3", 8, now).await.unwrap();
    let later = now + Duration::hours(7);
    assert_eq!(
        store.touch_web_session("s1", later, idle).await.unwrap(),
        Some(7)
    );
    let much_later = later + Duration::hours(7);
    assert_eq!(
        store
            .touch_web_session("s1", much_later, idle)
            .await
            .unwrap(),
        Some(7)
    );
    assert_eq!(
        store
            .touch_web_session("s2", much_later, idle)
            .await
            .unwrap(),
        None
    );
    store.end_web_session("s1").await.unwrap();
    assert_eq!(
        store
            .touch_web_session("s1", much_later, idle)
            .await
            .unwrap(),
        None
    );
    store.forget_person(8).await.unwrap();
    assert_eq!(
        store.touch_web_session("s3", now, idle).await.unwrap(),
        None
    );
}

async fn article_revisions_are_kept_newest_first_and_unnamed_when_their_author_is_forgotten(
    store: &Store,
) {
    let now = at(3, 9);
    let first = store
        .record_article_revision("leave.md", 7, now, "one", "two")
        .await
        .unwrap();
    let second = store
        .record_article_revision("leave.md", 9, now, "two", "three")
        .await
        .unwrap();
    store
        .record_article_revision("parking.md", 7, now, "a", "b")
        .await
        .unwrap();
    let kept = store.article_revisions("leave.md", 10, 0).await.unwrap();
    assert_eq!(
        kept.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second, first]
    );
    assert_eq!(
        store.article_revisions("leave.md", 1, 1).await.unwrap()[0].id,
        first
    );
    let one = store.article_revision(first).await.unwrap().unwrap();
    assert_eq!(
        (one.old_text.as_str(), one.new_text.as_str(), one.saved_at),
        ("one", "two", now)
    );
    store.forget_person(7).await.unwrap();
    assert_eq!(
        store
            .article_revision(first)
            .await
            .unwrap()
            .unwrap()
            .author_id,
        0
    );
    assert_eq!(
        store
            .article_revision(second)
            .await
            .unwrap()
            .unwrap()
            .author_id,
        9
    );
}
