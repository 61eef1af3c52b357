//! The sending loop: starts broadcasts when they fall due, sends each pending copy once (marked
//! in flight just before the Bot API call), keeps the lead's progress message up to date and
//! finishes with the report. A copy left in flight by a crash is never sent again on its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::conversation::BroadcastReports;
use super::{BroadcastStatus, DeliveryStatus, USEFUL_FOR};
use crate::chat::{Action, Context, NextStep, Outbox, Refusal, Reply, SendOutcome, next_step};
use crate::store::{BroadcastRecord, PendingDelivery};

/// How often the lead's progress message is refreshed while sending.
const PROGRESS_EVERY: Duration = Duration::from_secs(3);
/// What the lead sees when a copy could not be pinned.
const NOT_PINNED: &str = "not pinned: I need to be an admin there with the right to pin messages";

/// Sends broadcasts as they fall due until `shutdown`; `wake` starts a round at once (a lead
/// just confirmed one).
pub async fn run(
    ctx: Context,
    outbox: Arc<dyn Outbox>,
    wake: Arc<Notify>,
    interval: Duration,
    shutdown: CancellationToken,
) {
    loop {
        if let Err(error) = send_due_broadcasts(&ctx, outbox.as_ref(), &shutdown).await {
            tracing::error!(error = %format!("{error:#}"), "broadcasts hit a database problem; trying again shortly");
        }
        let until_next = match ctx.store().next_broadcast_due().await {
            Ok(Some(due)) => (due - ctx.now()).to_std().unwrap_or(Duration::ZERO),
            _ => interval,
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(until_next.clamp(Duration::from_millis(50), interval)) => {}
        }
    }
}

/// Sends every broadcast with work due now, one after another; returns how many it worked on.
pub async fn send_due_broadcasts(
    ctx: &Context,
    outbox: &dyn Outbox,
    shutdown: &CancellationToken,
) -> anyhow::Result<usize> {
    let due = ctx.store().broadcasts_to_send(ctx.now()).await?;
    for &id in &due {
        if shutdown.is_cancelled() {
            break;
        }
        send_broadcast(ctx, outbox, id, shutdown).await?;
    }
    Ok(due.len())
}

async fn send_broadcast(
    ctx: &Context,
    outbox: &dyn Outbox,
    id: i64,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let store = ctx.store();
    let Some(broadcast) = store.broadcast(id).await? else {
        return Ok(());
    };
    if broadcast.status == BroadcastStatus::Scheduled {
        let Some(audience) = &broadcast.audience else {
            return Ok(());
        };
        let recipients = BroadcastReports::new(ctx)
            .broadcast_recipients(audience)
            .await?;
        if !store.start_broadcast(id, &recipients, ctx.now()).await? {
            return Ok(());
        }
        tracing::info!(
            broadcast = id,
            recipients = recipients.len(),
            "broadcast started"
        );
    }
    // Copies in flight for another sender whose lease ran out were left by a bot that stopped
    // before it heard back (at start, the copies of an earlier run are settled at once).
    let stale = store
        .settle_stale_deliveries(id, ctx.claimant(), ctx.now())
        .await?;
    if stale > 0 {
        tracing::warn!(
            broadcast = id,
            stale,
            "copies in flight when the bot stopped are marked unconfirmed"
        );
    }
    let stop = AtomicBool::new(false);
    let sending = send_pending(ctx, outbox, &broadcast, &stop, shutdown);
    let watching = watch_progress(ctx, outbox, &broadcast, &stop);
    tokio::select! {
        sent = sending => sent?,
        () = watching => {}
    }
    if shutdown.is_cancelled() {
        return Ok(());
    }
    let finished = store.finish_broadcast(id, ctx.now()).await?;
    let cancelled = stop.load(Ordering::Relaxed);
    if finished || cancelled {
        tracing::info!(broadcast = id, cancelled, "broadcast finished");
        show_report(ctx, outbox, &broadcast).await?;
    }
    Ok(())
}

/// Sends pending copies page by page until none is due, the lead stops it, or shutdown.
async fn send_pending(
    ctx: &Context,
    outbox: &dyn Outbox,
    broadcast: &BroadcastRecord,
    stop: &AtomicBool,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let per_second = ctx.settings().send_limits.overall_per_second as usize;
    let concurrency = (per_second / 2).clamp(32, 1_000);
    let page_size = i64::try_from(concurrency * 4).unwrap_or(i64::MAX);
    loop {
        if stop.load(Ordering::Relaxed) || shutdown.is_cancelled() {
            return Ok(());
        }
        // Claimed before their turns are waited for: another replica sending the same
        // broadcast takes other copies rather than racing for these.
        let page = ctx
            .store()
            .claim_pending_deliveries(broadcast.id, ctx.claimant(), ctx.now(), page_size)
            .await?;
        if page.is_empty() {
            return Ok(());
        }
        futures::stream::iter(page)
            .for_each_concurrent(concurrency, |delivery| {
                send_copy(ctx, outbox, broadcast, delivery, stop, shutdown)
            })
            .await;
    }
}

async fn send_copy(
    ctx: &Context,
    outbox: &dyn Outbox,
    broadcast: &BroadcastRecord,
    delivery: PendingDelivery,
    stop: &AtomicBool,
    shutdown: &CancellationToken,
) {
    let chat_id = delivery.chat_id;
    tokio::select! {
        () = shutdown.cancelled() => return,
        () = outbox.wait_turn(chat_id) => {}
    }
    if stop.load(Ordering::Relaxed) {
        return;
    }
    if let Err(error) = try_send_copy(ctx, outbox, broadcast, delivery).await {
        // The copy stays in flight and is reported as unconfirmed: never sent twice.
        tracing::error!(%error, broadcast = broadcast.id, "could not record a broadcast copy");
    }
}

async fn try_send_copy(
    ctx: &Context,
    outbox: &dyn Outbox,
    broadcast: &BroadcastRecord,
    delivery: PendingDelivery,
) -> anyhow::Result<()> {
    let store = ctx.store();
    let (id, chat_id) = (broadcast.id, delivery.chat_id);
    if !store
        .mark_delivery_in_flight(id, chat_id, ctx.claimant(), ctx.now())
        .await?
    {
        return Ok(());
    }
    let reply = Reply {
        chat_id,
        thread_id: delivery.thread_id.and_then(|t| i32::try_from(t).ok()),
        action: broadcast.content.copy_action(),
    };
    let outcome = outbox.attempt(&reply).await;
    let (status, error) = match &outcome {
        SendOutcome::Delivered { message_id } => {
            store
                .record_delivery(id, chat_id, DeliveryStatus::Delivered, *message_id, None)
                .await?;
            ctx.telemetry()
                .copy_settled(DeliveryStatus::Delivered.as_str());
            if let (true, true, Some(message_id)) = (broadcast.pin, chat_id < 0, message_id) {
                pin_copy(ctx, outbox, id, chat_id, *message_id).await?;
            }
            return Ok(());
        }
        SendOutcome::Refused(Refusal::Unreachable) => (DeliveryStatus::Unreachable, None),
        SendOutcome::Refused(Refusal::Rejected(reason)) => {
            (DeliveryStatus::Failed, Some(short_reason(reason)))
        }
        // It may have arrived: reported as not confirmed, and sent again only if the lead asks.
        SendOutcome::Unknown(_) => (DeliveryStatus::Unconfirmed, None),
        SendOutcome::Failed { reason, .. } => {
            let useful_until = broadcast.send_at.unwrap_or(broadcast.created_at) + USEFUL_FOR;
            let now = ctx.now();
            match next_step(&outcome, delivery.attempts + 1, now, useful_until) {
                NextStep::RetryAt(due) => {
                    store.retry_delivery(id, chat_id, due, Some(reason)).await?;
                    return Ok(());
                }
                NextStep::GiveUp | NextStep::Settled => {
                    (DeliveryStatus::Failed, Some(short_reason(reason)))
                }
            }
        }
    };
    if let Some(reason) = outcome.reason() {
        tracing::warn!(broadcast = id, chat_id, %reason, "a broadcast copy did not arrive cleanly");
    }
    store
        .record_delivery(id, chat_id, status, None, error.as_deref())
        .await?;
    ctx.telemetry().copy_settled(status.as_str());
    Ok(())
}

async fn pin_copy(
    ctx: &Context,
    outbox: &dyn Outbox,
    id: i64,
    chat_id: i64,
    message_id: i32,
) -> anyhow::Result<()> {
    outbox.wait_turn(chat_id).await;
    let pin = Reply {
        chat_id,
        thread_id: None,
        action: Action::Pin { message_id },
    };
    if !matches!(outbox.attempt(&pin).await, SendOutcome::Delivered { .. }) {
        ctx.store()
            .note_delivery_problem(id, chat_id, NOT_PINNED)
            .await?;
    }
    Ok(())
}

/// The Bot API's description without the library's prefix, short enough for a report line.
fn short_reason(reason: &str) -> String {
    let reason = reason.rsplit(": ").next().unwrap_or(reason);
    reason.chars().take(80).collect()
}

/// Refreshes the lead's progress message, and notices when the lead stops the broadcast.
async fn watch_progress(
    ctx: &Context,
    outbox: &dyn Outbox,
    broadcast: &BroadcastRecord,
    stop: &AtomicBool,
) {
    let mut shown = None;
    for tick in 0.. {
        // The first progress shows at once; it runs beside the sending, never in its way.
        if tick > 0 {
            tokio::time::sleep(PROGRESS_EVERY).await;
        }
        let store = ctx.store();
        match store.broadcast(broadcast.id).await {
            Ok(Some(now)) if now.status == BroadcastStatus::Cancelled => {
                stop.store(true, Ordering::Relaxed);
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not check a broadcast's status"),
        }
        let Ok(tally) = store.delivery_tally(broadcast.id).await else {
            continue;
        };
        if shown.as_ref() == Some(&tally) || stop.load(Ordering::Relaxed) {
            continue;
        }
        if let Some(reply) = BroadcastReports::new(ctx)
            .broadcast_progress(broadcast, &tally)
            .await
        {
            outbox.deliver(vec![reply]).await;
        }
        shown = Some(tally);
    }
}

async fn show_report(
    ctx: &Context,
    outbox: &dyn Outbox,
    broadcast: &BroadcastRecord,
) -> anyhow::Result<()> {
    let replies = BroadcastReports::new(ctx)
        .broadcast_report(broadcast.id)
        .await?;
    outbox.deliver(replies).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_lose_the_library_prefix() {
        assert_eq!(
            short_reason("A Telegram's error: Bad Request: message to copy not found"),
            "message to copy not found"
        );
    }
}
