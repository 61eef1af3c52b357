//! The bot's numbers for operators, in Prometheus' text format at `/metrics`: updates received
//! and handled, how fast the first reply goes, sends by outcome, 429s, jobs, broadcast copies,
//! and (read from the database when scraped) what is waiting. Counts only: no label holds a chat
//! id, a name or a text, only words from a fixed list. The features call the helpers here at
//! the one place each event happens; `web` serves [`Telemetry::render`].
//!
//! Each run of the bot has its own recorder (not the process-wide one `metrics` offers), held by
//! its [`Context`](crate::chat::Context): two bots in one process (the tests) keep apart.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};

use crate::chat::{Outbox, Reply, SendOutcome};
use crate::store::Backlog;

const UPDATES_RECEIVED: &str = "fellowship_updates_received_total";
const UPDATES_HANDLED: &str = "fellowship_updates_handled_total";
const ANSWER_LATENCY: &str = "fellowship_answer_latency_seconds";
const SENDS: &str = "fellowship_sends_total";
const RATE_LIMITED: &str = "fellowship_rate_limited_total";
const JOBS_FINISHED: &str = "fellowship_jobs_finished_total";
const COPIES_SETTLED: &str = "fellowship_broadcast_copies_settled_total";
const INBOX_OPEN: &str = "fellowship_inbox_open_updates";
const INBOX_LAG: &str = "fellowship_inbox_lag_seconds";
const JOBS_DUE: &str = "fellowship_jobs_due";
const JOBS_UNFINISHED: &str = "fellowship_jobs_unfinished";
const JOBS_LAG: &str = "fellowship_jobs_lag_seconds";
const COPIES: &str = "fellowship_broadcast_copies";

/// From a chat's quick answer to one held up by Telegram's 429s or an outage.
const LATENCY_BUCKETS: [f64; 11] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0];
/// Arrival times kept for updates not yet taken up; past this (a long outage, or redelivered
/// updates never taken up again) they are forgotten and the inbox's whole-second arrival is used.
const ARRIVALS_KEPT: usize = 10_000;

/// This run's counters, gauges and histograms.
pub struct Telemetry {
    recorder: PrometheusRecorder,
}

impl Default for Telemetry {
    fn default() -> Self {
        Self::new()
    }
}

impl Telemetry {
    pub fn new() -> Self {
        let builder = PrometheusBuilder::new();
        // Only an empty bucket list is refused; without buckets it would be a summary.
        let builder = builder
            .set_buckets_for_metric(Matcher::Full(ANSWER_LATENCY.into()), &LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let telemetry = Self {
            recorder: builder.build_recorder(),
        };
        telemetry.record(describe_all);
        telemetry
    }

    /// Runs `record` with this run's recorder as the one the `metrics` macros use.
    fn record(&self, record: impl FnOnce()) {
        metrics::with_local_recorder(&self.recorder, record);
    }

    /// `count` new updates were stored in the inbox (a redelivered one is not counted).
    pub fn updates_received(&self, count: u64) {
        self.record(|| counter!(UPDATES_RECEIVED).increment(count));
    }

    /// An update was finished, as `outcome` ("delivered", "silent", "dropped"...).
    pub fn update_handled(&self, outcome: &str) {
        let outcome = outcome.to_owned();
        self.record(|| counter!(UPDATES_HANDLED, "outcome" => outcome).increment(1));
    }

    /// The first reply to an update went out this long after the update arrived.
    pub fn answered_after(&self, wait: chrono::Duration) {
        let seconds = wait.num_milliseconds().max(0) as f64 / 1000.0;
        self.record(|| histogram!(ANSWER_LATENCY).record(seconds));
    }

    /// One attempt at a send ended as `outcome`; a 429 is counted apart as well.
    pub fn send_ended(&self, outcome: &SendOutcome) {
        let word = match outcome {
            SendOutcome::Delivered { .. } => "delivered",
            SendOutcome::Failed { .. } => "failed",
            SendOutcome::Refused(_) => "refused",
            SendOutcome::Unknown(_) => "unknown",
        };
        let flood = matches!(
            outcome,
            SendOutcome::Failed {
                retry_after: Some(_),
                ..
            }
        );
        self.record(|| {
            counter!(SENDS, "outcome" => word).increment(1);
            if flood {
                counter!(RATE_LIMITED).increment(1);
            }
        });
    }

    /// A job of `kind` (a name from the code, like "reminder") was finished as `outcome`.
    pub fn job_finished(&self, kind: &str, outcome: &str) {
        let (kind, outcome) = (kind.to_owned(), outcome.to_owned());
        self.record(|| counter!(JOBS_FINISHED, "kind" => kind, "outcome" => outcome).increment(1));
    }

    /// A broadcast copy was settled as `state` ("delivered", "failed"...).
    pub fn copy_settled(&self, state: &'static str) {
        self.record(|| counter!(COPIES_SETTLED, "state" => state).increment(1));
    }

    /// Everything in Prometheus' text format, with the gauges set from `backlog` (read at `now`).
    pub fn render(&self, backlog: &Backlog, now: DateTime<Utc>) -> String {
        let waited = |since: Option<DateTime<Utc>>| {
            since.map_or(0.0, |at| (now - at).num_seconds().max(0) as f64)
        };
        self.record(|| {
            gauge!(INBOX_OPEN).set(backlog.open_updates as f64);
            gauge!(INBOX_LAG).set(waited(backlog.oldest_update));
            gauge!(JOBS_DUE).set(backlog.due_jobs as f64);
            gauge!(JOBS_UNFINISHED).set(backlog.unfinished_jobs as f64);
            gauge!(JOBS_LAG).set(waited(backlog.oldest_due_job));
            for state in crate::broadcast::DeliveryStatus::ALL {
                let count = backlog
                    .copies
                    .iter()
                    .find(|(name, _)| name == state.as_str())
                    .map_or(0, |(_, count)| *count);
                gauge!(COPIES, "state" => state.as_str()).set(count as f64);
            }
        });
        self.recorder.handle().render()
    }
}

fn describe_all() {
    describe_counter!(UPDATES_RECEIVED, "Updates stored in the inbox.");
    describe_counter!(UPDATES_HANDLED, "Updates finished, by outcome.");
    describe_histogram!(
        ANSWER_LATENCY,
        metrics::Unit::Seconds,
        "From an update's arrival to its first reply delivered."
    );
    describe_counter!(SENDS, "Bot API send attempts, by outcome.");
    describe_counter!(RATE_LIMITED, "Send attempts Telegram answered with 429.");
    describe_counter!(JOBS_FINISHED, "Jobs finished, by kind and outcome.");
    describe_counter!(COPIES_SETTLED, "Broadcast copies settled, by state.");
    describe_gauge!(INBOX_OPEN, "Updates in the inbox not finished yet.");
    describe_gauge!(INBOX_LAG, "How long the oldest open update has waited.");
    describe_gauge!(JOBS_DUE, "Unfinished jobs due by now.");
    describe_gauge!(JOBS_UNFINISHED, "Unfinished jobs, due or not.");
    describe_gauge!(JOBS_LAG, "How long the longest-waiting due job has waited.");
    describe_gauge!(COPIES, "Broadcast copies of every broadcast, by state.");
}

/// When updates reached this process, to the millisecond (the inbox keeps whole seconds), until
/// they are taken up.
#[derive(Default)]
pub struct Arrivals(Mutex<HashMap<i64, DateTime<Utc>>>);

impl Arrivals {
    /// The updates `ids` arrived `at` (one seen before keeps its first arrival).
    pub fn note(&self, ids: impl IntoIterator<Item = i64>, at: DateTime<Utc>) {
        let mut arrivals = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            if arrivals.len() >= ARRIVALS_KEPT {
                arrivals.clear();
            }
            arrivals.entry(id).or_insert(at);
        }
    }

    /// When update `id` arrived, if this process noted it; forgotten once asked.
    pub fn take(&self, id: i64) -> Option<DateTime<Utc>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(&id)
    }
}

/// An outbox that times an answer's first delivered reply from the update's arrival.
pub struct FirstReplyTimer<'a> {
    outbox: &'a dyn Outbox,
    telemetry: &'a Telemetry,
    arrived: DateTime<Utc>,
    now: &'a (dyn Fn() -> DateTime<Utc> + Send + Sync),
    timed: AtomicBool,
}

impl<'a> FirstReplyTimer<'a> {
    pub fn new(
        outbox: &'a dyn Outbox,
        telemetry: &'a Telemetry,
        arrived: DateTime<Utc>,
        now: &'a (dyn Fn() -> DateTime<Utc> + Send + Sync),
    ) -> Self {
        Self {
            outbox,
            telemetry,
            arrived,
            now,
            timed: AtomicBool::new(false),
        }
    }
}

#[async_trait::async_trait]
impl Outbox for FirstReplyTimer<'_> {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        let outcome = self.outbox.attempt(reply).await;
        if matches!(outcome, SendOutcome::Delivered { .. })
            && !self.timed.swap(true, Ordering::Relaxed)
        {
            self.telemetry.answered_after((self.now)() - self.arrived);
        }
        outcome
    }

    async fn wait_turn(&self, chat_id: i64) {
        self.outbox.wait_turn(chat_id).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Refusal;

    #[test]
    fn counts_show_with_their_outcome_and_no_more() {
        let telemetry = Telemetry::new();
        telemetry.updates_received(3);
        telemetry.update_handled("delivered");
        telemetry.send_ended(&SendOutcome::Delivered {
            message_id: Some(1),
        });
        telemetry.send_ended(&SendOutcome::Refused(Refusal::Unreachable));
        telemetry.send_ended(&SendOutcome::Failed {
            reason: "Too Many Requests".into(),
            retry_after: Some(std::time::Duration::from_secs(1)),
        });
        telemetry.answered_after(chrono::Duration::milliseconds(300));
        let backlog = Backlog {
            open_updates: 2,
            copies: vec![("delivered".into(), 5)],
            ..Backlog::default()
        };
        let text = telemetry.render(&backlog, Utc::now());
        for line in [
            "fellowship_updates_received_total 3",
            "fellowship_updates_handled_total{outcome=\"delivered\"} 1",
            "fellowship_sends_total{outcome=\"delivered\"} 1",
            "fellowship_sends_total{outcome=\"refused\"} 1",
            "fellowship_sends_total{outcome=\"failed\"} 1",
            "fellowship_rate_limited_total 1",
            "fellowship_answer_latency_seconds_bucket{le=\"0.5\"} 1",
            "fellowship_answer_latency_seconds_bucket{le=\"0.25\"} 0",
            "fellowship_inbox_open_updates 2",
            "fellowship_broadcast_copies{state=\"delivered\"} 5",
            "fellowship_broadcast_copies{state=\"pending\"} 0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
    }

    #[test]
    fn two_runs_keep_their_counts_apart() {
        let (one, two) = (Telemetry::new(), Telemetry::new());
        one.updates_received(4);
        two.updates_received(1);
        let counted = |telemetry: &Telemetry| {
            let text = telemetry.render(&Backlog::default(), Utc::now());
            text.lines()
                .find_map(|l| l.strip_prefix("fellowship_updates_received_total "))
                .map(str::to_owned)
        };
        assert_eq!(counted(&one).as_deref(), Some("4"));
        assert_eq!(counted(&two).as_deref(), Some("1"));
    }

    #[test]
    fn an_arrival_is_given_once_and_the_first_is_kept() {
        let arrivals = Arrivals::default();
        let (first, later) = (Utc::now(), Utc::now() + chrono::Duration::seconds(5));
        arrivals.note([7], first);
        arrivals.note([7, 8], later);
        assert_eq!(arrivals.take(7), Some(first));
        assert_eq!(arrivals.take(7), None);
        assert_eq!(arrivals.take(8), Some(later));
    }
}
