//! What stopping means for work in progress. When stopping is requested (SIGTERM, Ctrl-C) no
//! more updates are fetched and no new jobs claimed; updates already in the inbox and work under
//! way carry on until the deadline. Then anything still waiting for its turn lets go of its row,
//! which the next start picks up, and a Bot API call still hanging is ended (the next start
//! counts that send unconfirmed).

use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// The two moments of a shutdown, shared by every long-running task.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    requested: CancellationToken,
    deadline: CancellationToken,
}

impl Shutdown {
    /// A shutdown that starts when `requested` is cancelled.
    pub fn on(requested: CancellationToken) -> Self {
        Self {
            requested,
            deadline: CancellationToken::new(),
        }
    }

    /// Cancelled when stopping is requested: fetch no updates, claim no new jobs.
    pub fn requested(&self) -> &CancellationToken {
        &self.requested
    }

    /// Cancelled at the deadline: stop waiting, let go of what has not been sent.
    pub fn deadline(&self) -> &CancellationToken {
        &self.deadline
    }

    /// Asks every task to stop taking work.
    pub fn request(&self) {
        self.requested.cancel();
    }

    /// The deadline has come.
    pub fn pass_deadline(&self) {
        self.requested.cancel();
        self.deadline.cancel();
    }

    /// Waits for `tasks` until shortly before `deadline`; then tells them to stop waiting and
    /// gives them the last second to let go of their rows; at the deadline it ends whatever is
    /// left (a Bot API call still hanging: the next start counts that send unconfirmed).
    pub async fn finish(&self, tasks: &mut JoinSet<()>, deadline: Duration) {
        const GRACE: Duration = Duration::from_secs(1);
        let waiting = deadline.saturating_sub(GRACE);
        if tokio::time::timeout(waiting, drain(tasks)).await.is_ok() {
            return;
        }
        tracing::warn!(
            "the shutdown deadline is near; what was not sent is left for the next start"
        );
        self.pass_deadline();
        if tokio::time::timeout(deadline - waiting, drain(tasks))
            .await
            .is_err()
        {
            tasks.abort_all();
            drain(tasks).await;
        }
    }
}

async fn drain(tasks: &mut JoinSet<()>) {
    while tasks.join_next().await.is_some() {}
}
