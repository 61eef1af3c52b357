//! The job worker: claims due jobs, has the core say what to send, delivers it through the
//! channel's outbox, and marks each job done. A failed job is retried with back-off. Between
//! rounds it sleeps until the next job is due (at most `interval`), or until shutdown.

use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as TimeSpan;
use tokio_util::sync::CancellationToken;

use futures::StreamExt;

use crate::chat::{Assistant, Outbox};
use crate::store::Job;

/// How many jobs are delivered at once, at the least: enough to keep the channel's pacing busy
/// while each message waits for its answer.
const MIN_CONCURRENCY: usize = 32;
/// After this many failures a job is dropped (and logged) rather than retried for ever.
const MAX_ATTEMPTS: i64 = 8;

/// Runs every job due now, until none is left; returns how many ran. Jobs of a batch are
/// delivered concurrently, so the channel's rate limiter (not the round trip) sets the pace.
pub async fn run_due_jobs(assistant: &Assistant, outbox: &dyn Outbox) -> anyhow::Result<usize> {
    let store = assistant.store();
    let per_second = assistant.settings().send_limits.overall_per_second as usize;
    let concurrency = (per_second / 2).clamp(MIN_CONCURRENCY, 1_000);
    let batch = i64::try_from(concurrency * 4).unwrap_or(i64::MAX);
    let mut ran = 0;
    loop {
        let jobs = store.claim_due_jobs(assistant.now(), batch).await?;
        if jobs.is_empty() {
            return Ok(ran);
        }
        ran += jobs.len();
        let outcomes: Vec<anyhow::Result<()>> = futures::stream::iter(jobs)
            .map(|job| run_one(assistant, outbox, job))
            .buffer_unordered(concurrency)
            .collect()
            .await;
        for outcome in outcomes {
            outcome?;
        }
    }
}

async fn run_one(assistant: &Assistant, outbox: &dyn Outbox, job: Job) -> anyhow::Result<()> {
    let store = assistant.store();
    match assistant.run_job(&job).await {
        Ok(replies) => {
            outbox.deliver(replies).await;
            store.complete_job(job.id, assistant.now()).await?;
        }
        Err(error) if job.attempts >= MAX_ATTEMPTS => {
            tracing::error!(%error, id = job.id, kind = %job.kind, "a job kept failing and was dropped");
            store.complete_job(job.id, assistant.now()).await?;
        }
        Err(error) => {
            let wait = TimeSpan::minutes(1 << job.attempts.clamp(0, 6));
            tracing::warn!(%error, id = job.id, kind = %job.kind, "a job failed; it will be retried");
            store
                .retry_job(job.id, &error.to_string(), assistant.now() + wait)
                .await?;
        }
    }
    Ok(())
}

/// Runs jobs as they fall due until `shutdown`.
pub async fn run(
    assistant: Assistant,
    outbox: Arc<dyn Outbox>,
    interval: Duration,
    shutdown: CancellationToken,
) {
    loop {
        if let Err(error) = run_due_jobs(&assistant, outbox.as_ref()).await {
            tracing::error!(error = %format!("{error:#}"), "the job worker hit a database problem; trying again shortly");
        }
        let until_next = match assistant.store().next_job_due().await {
            Ok(Some(due)) => (due - assistant.now()).to_std().unwrap_or(Duration::ZERO),
            _ => interval,
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(until_next.clamp(Duration::from_millis(50), interval)) => {}
        }
    }
}
