//! The job worker: claims due jobs, has the core work out what to send (kept on the job), sends
//! it through the channel's outbox under the one policy, and marks the job done. A send that
//! failed before the channel acted is retried later, for as long as it is useful; one whose
//! fate is unknown is recorded as unconfirmed and never repeated. Between rounds the worker
//! sleeps until the next job is due (at most `interval`), or until shutdown.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Duration as TimeSpan, Utc};
use futures::StreamExt;

use crate::chat::{Outbox, Reply};

use crate::assistant::Assistant;
use crate::delivery::{Progress, ReplyLog, Stop, send_stored};
use crate::shutdown::Shutdown;
use crate::store::{Claimant, Job, Store, StoreResult};

/// How many jobs are delivered at once, at the least: enough to keep the channel's pacing busy
/// while each message waits for its answer.
const MIN_CONCURRENCY: usize = 32;
/// After this many failures to work a job out, it is dropped (and logged) rather than retried.
const MAX_ATTEMPTS: i64 = 8;
/// How long a job's messages stay worth sending when the job does not say.
const USEFUL_FOR: TimeSpan = TimeSpan::days(1);

/// Runs every job due now, until none is left; returns how many it took up. Jobs of a batch
/// are delivered concurrently, so the channel's rate limiter (not the round trip) sets the pace.
pub async fn run_due_jobs(assistant: &Assistant, outbox: &dyn Outbox) -> anyhow::Result<usize> {
    run_due_jobs_until(assistant, outbox, &Shutdown::default()).await
}

/// As [`run_due_jobs`], taking no new jobs once `shutdown` is requested.
pub async fn run_due_jobs_until(
    assistant: &Assistant,
    outbox: &dyn Outbox,
    shutdown: &Shutdown,
) -> anyhow::Result<usize> {
    let store = assistant.store();
    let per_second = assistant.settings().send_limits.overall_per_second as usize;
    let concurrency = (per_second / 2).clamp(MIN_CONCURRENCY, 1_000);
    let batch = i64::try_from(concurrency * 4).unwrap_or(i64::MAX);
    let mut ran = 0;
    while !shutdown.requested().is_cancelled() {
        let jobs = store
            .claim_due_jobs(assistant.claimant(), assistant.now(), batch)
            .await?;
        if jobs.is_empty() {
            break;
        }
        ran += jobs.len();
        let outcomes: Vec<anyhow::Result<()>> = futures::stream::iter(jobs)
            .map(|job| run_one(assistant, outbox, job, shutdown))
            .buffer_unordered(concurrency)
            .collect()
            .await;
        for outcome in outcomes {
            outcome?;
        }
    }
    Ok(ran)
}

async fn run_one(
    assistant: &Assistant,
    outbox: &dyn Outbox,
    job: Job,
    shutdown: &Shutdown,
) -> anyhow::Result<()> {
    let store = assistant.store();
    let me = assistant.claimant();
    let Some(work) = work_out(assistant, &job).await? else {
        return Ok(());
    };
    let mut progress = Progress::from(job.next_reply, job.send_failures);
    let unkept = match work.kept {
        true => None,
        false => Some(serde_json::to_string(&work.replies)?),
    };
    let log = JobLog {
        store,
        id: job.id,
        me,
        unkept,
        useful_until: work.useful_until,
    };
    let now = || assistant.now();
    let stop = send_stored(
        outbox,
        &work.replies,
        &mut progress,
        &log,
        &now,
        work.useful_until,
        shutdown.deadline(),
    )
    .await?;
    let unconfirmed = progress.unconfirmed;
    match stop {
        Stop::Settled => {
            let outcome = if work.replies.is_empty() {
                "empty"
            } else {
                progress.outcome(job.unconfirmed)
            };
            finish(assistant, &job, outcome, unconfirmed).await?;
        }
        Stop::Retry { at, reason } => {
            tracing::info!(id = job.id, kind = %job.kind, %reason, "a job's message could not be sent yet; it will be tried again");
            let index = i64::try_from(progress.next).unwrap_or(i64::MAX);
            store.retry_job_send(job.id, me, index, at, &reason).await?;
        }
        Stop::Expired { reason } => {
            tracing::warn!(id = job.id, kind = %job.kind, %reason, "a job's message was given up: it kept failing until it was no longer useful");
            finish(assistant, &job, "expired", unconfirmed).await?;
        }
        Stop::Stopped => store.release_job(job.id, me).await?,
        Stop::Lost => {}
    }
    Ok(())
}

/// Marks a job done as `outcome`, and counts it for `/metrics`.
async fn finish(
    assistant: &Assistant,
    job: &Job,
    outcome: &str,
    unconfirmed: i64,
) -> anyhow::Result<()> {
    assistant
        .store()
        .finish_job(
            job.id,
            assistant.claimant(),
            outcome,
            unconfirmed,
            assistant.now(),
        )
        .await?;
    assistant
        .context()
        .telemetry()
        .job_finished(&job.kind, outcome);
    Ok(())
}

/// What a job sends, until when, and whether that is kept on the job yet.
struct Work {
    replies: Vec<Reply>,
    useful_until: DateTime<Utc>,
    kept: bool,
}

/// The replies a job sends: read back from the job when an earlier attempt kept them,
/// otherwise worked out by the core. None when the job is not to be sent now.
async fn work_out(assistant: &Assistant, job: &Job) -> anyhow::Result<Option<Work>> {
    let store = assistant.store();
    let default_until = job.due_at + USEFUL_FOR;
    if let Some(kept) = &job.replies {
        return match serde_json::from_str(kept) {
            Ok(replies) => Ok(Some(Work {
                replies,
                useful_until: job.useful_until.unwrap_or(default_until),
                kept: true,
            })),
            Err(error) => {
                tracing::error!(%error, id = job.id, "a job's kept replies could not be read; dropped");
                finish(assistant, job, "dropped", 0).await?;
                Ok(None)
            }
        };
    }
    match crate::assistant::Jobs::new(assistant.context())
        .run_job(job)
        .await
    {
        Ok(work) => Ok(Some(Work {
            replies: work.replies,
            useful_until: work.useful_until.unwrap_or(default_until),
            kept: false,
        })),
        Err(error) if job.attempts >= MAX_ATTEMPTS => {
            tracing::error!(%error, id = job.id, kind = %job.kind, "a job kept failing and was dropped");
            finish(assistant, job, "dropped", 0).await?;
            Ok(None)
        }
        Err(error) => {
            let wait = TimeSpan::minutes(1 << job.attempts.clamp(0, 6));
            tracing::warn!(%error, id = job.id, kind = %job.kind, "a job failed; it will be retried");
            store
                .retry_job(
                    job.id,
                    assistant.claimant(),
                    &error.to_string(),
                    assistant.now() + wait,
                )
                .await?;
            Ok(None)
        }
    }
}

/// A job's progress through its replies, on its row.
struct JobLog<'a> {
    store: &'a Store,
    id: i64,
    me: &'a Claimant,
    /// The replies as JSON while they are not kept on the job: kept with the first send (a
    /// restart before that works the job out again, as it would any claimed job).
    unkept: Option<String>,
    useful_until: DateTime<Utc>,
}

#[async_trait::async_trait]
impl ReplyLog for JobLog<'_> {
    async fn sending(&self, index: usize) -> StoreResult<bool> {
        if let (Some(replies), 0) = (&self.unkept, index) {
            return self
                .store
                .start_job_send(self.id, self.me, replies, self.useful_until)
                .await;
        }
        let index = i64::try_from(index).unwrap_or(i64::MAX);
        self.store
            .mark_job_reply_in_flight(self.id, self.me, index)
            .await
    }

    async fn not_sent(&self, _index: usize) -> StoreResult<()> {
        // The retry (or the give-up) that follows records it.
        Ok(())
    }
}

/// Runs jobs as they fall due until shutdown is requested; jobs under way carry on until the
/// deadline. A job scheduled meanwhile wakes the worker (`Context::schedule_job`).
pub async fn run(
    assistant: Assistant,
    outbox: Arc<dyn Outbox>,
    interval: Duration,
    shutdown: Shutdown,
) {
    let wake = assistant.context().job_wakeups();
    loop {
        if let Err(error) = run_due_jobs_until(&assistant, outbox.as_ref(), &shutdown).await {
            tracing::error!(error = %format!("{error:#}"), "the job worker hit a database problem; trying again shortly");
        }
        let until_next = match assistant.store().next_job_due().await {
            Ok(Some(due)) => (due - assistant.now()).to_std().unwrap_or(Duration::ZERO),
            _ => interval,
        };
        tokio::select! {
            () = shutdown.requested().cancelled() => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(until_next.clamp(Duration::from_millis(50), interval)) => {}
        }
    }
}
