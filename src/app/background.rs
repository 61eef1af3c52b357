//! What runs beside the channel: content reloads when files change, clean-up of old rows, and
//! the heartbeat.

use tokio_util::sync::CancellationToken;

use crate::assistant::Assistant;
use crate::sessions::Catalogue;

use super::{CONTENT_CHECK_EVERY, HEARTBEAT, HEARTBEAT_EVERY, HOUSEKEEPING_EVERY};

/// Content reloads when files change, periodic clean-up of old rows, and the heartbeat.
pub(super) async fn background_work(assistant: Assistant, shutdown: CancellationToken) {
    let mut fingerprint = content_fingerprint(&assistant);
    let mut content_tick = tokio::time::interval(CONTENT_CHECK_EVERY);
    let mut housekeeping_tick = tokio::time::interval(HOUSEKEEPING_EVERY);
    let mut heartbeat_tick = tokio::time::interval(HEARTBEAT_EVERY);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = content_tick.tick() => {
                let now = content_fingerprint(&assistant);
                if now != fingerprint {
                    fingerprint = now;
                    reload_content(&assistant).await;
                }
            }
            _ = housekeeping_tick.tick() => clean_up(&assistant).await,
            _ = heartbeat_tick.tick() => {
                if let Err(error) = assistant.store().beat(HEARTBEAT, assistant.now()).await {
                    tracing::warn!(%error, "could not write the heartbeat");
                }
            }
        }
    }
}

/// Changes when an article, the session-type catalogue or the journey changes.
fn content_fingerprint(
    assistant: &Assistant,
) -> (
    u64,
    Option<std::time::SystemTime>,
    Option<std::time::SystemTime>,
) {
    let catalogue = assistant
        .faq()
        .content_dir()
        .join(crate::sessions::CATALOGUE_FILE);
    let modified =
        |path: std::path::PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let journey = assistant
        .faq()
        .content_dir()
        .join(crate::journey::JOURNEY_FILE);
    (
        assistant.faq().fingerprint(),
        modified(catalogue),
        modified(journey),
    )
}

async fn reload_content(assistant: &Assistant) {
    let learned = match assistant.store().learned_aliases().await {
        Ok(learned) => learned,
        Err(error) => {
            tracing::error!(%error, "could not read learned aliases; content not reloaded");
            return;
        }
    };
    match assistant.faq().reload(&learned) {
        Ok(count) => tracing::info!(articles = count, "content changed on disk and was reloaded"),
        Err(errors) => tracing::warn!(
            "content changed on disk but was refused; the previous version stays live. {errors}"
        ),
    }
    match Catalogue::load_from_content(assistant.faq().content_dir()) {
        Ok(catalogue) => assistant.replace_catalogue(catalogue),
        Err(problem) => tracing::warn!(
            "the session-type catalogue was refused; the previous one stays live. {problem}"
        ),
    }
    let settings = assistant.settings();
    let base = assistant.faq().current();
    match crate::journey::load_from_content(&settings.content_dir, &base, &settings.trusts) {
        Ok(journey) => {
            assistant.replace_journey(journey);
            let nudges = crate::journey::nudges::Nudges::new(assistant.context());
            if let Err(error) = nudges.schedule_all_nudges().await {
                tracing::warn!(%error, "could not schedule the changed journey's nudges");
            }
        }
        Err(errors) => {
            tracing::warn!("the arrival journey was refused; the previous one stays live. {errors}")
        }
    }
}

async fn clean_up(assistant: &Assistant) {
    let now = assistant.now();
    if let Err(error) = assistant.store().forget_old_updates(now).await {
        tracing::warn!(%error, "could not forget old handled updates");
    }
    if let Err(error) = assistant
        .store()
        .forget_questions_before(now - chrono::Duration::days(365))
        .await
    {
        tracing::warn!(%error, "could not delete questions older than 12 months");
    }
    if let Err(error) = assistant
        .store()
        .forget_stale_web_sign_ins(now, crate::signin::SESSION_IDLE)
        .await
    {
        tracing::warn!(%error, "could not delete expired web console sign-ins");
    }
}
