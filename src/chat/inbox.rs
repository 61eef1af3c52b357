//! The update inbox, as the core keeps it: what a channel has fetched is kept before it is
//! acknowledged, claimed one chat at a time by this run, answered, and settled. A channel works
//! the inbox through this slice and never reaches the store itself.

use super::feature_slice;
pub use crate::store::{ClaimedUpdate, NewUpdate, StoreResult, UpdateState};

feature_slice!(
    /// The inbox of updates a channel has fetched and not yet settled.
    UpdateInbox
);

impl UpdateInbox<'_> {
    /// Keeps fetched updates, each once (by its id); how many were new.
    pub async fn keep(&self, updates: &[NewUpdate]) -> StoreResult<u64> {
        let stored = self.store.store_updates(updates, self.now()).await?;
        self.telemetry().updates_received(stored);
        Ok(stored)
    }

    /// Claims up to `free` updates for this run: the oldest open one of chats with none under way.
    pub async fn claim(&self, free: i64) -> StoreResult<Vec<ClaimedUpdate>> {
        self.store
            .claim_updates(&self.claimant, self.now(), free)
            .await
    }

    /// Keeps the answer on the update before it is sent; false if the claim was lost.
    pub async fn keep_answer(&self, update_id: i64, replies_json: &str) -> StoreResult<bool> {
        self.store
            .save_update_replies(update_id, &self.claimant, replies_json, false)
            .await
    }

    /// As [`keep_answer`](Self::keep_answer), with the first reply marked as being handed to
    /// the channel now (as [`sending`](Self::sending) would mark it), in the same statement.
    pub async fn keep_answer_sending_first(
        &self,
        update_id: i64,
        replies_json: &str,
    ) -> StoreResult<bool> {
        self.store
            .save_update_replies(update_id, &self.claimant, replies_json, true)
            .await
    }

    /// Settles an update: `outcome` names how ("answered", "silent", "dropped", ...), with how
    /// many replies went out unconfirmed.
    /// False if the claim was lost.
    pub async fn settle(
        &self,
        update_id: i64,
        outcome: &str,
        unconfirmed: i64,
    ) -> StoreResult<bool> {
        let settled = self
            .store
            .finish_update(update_id, &self.claimant, outcome, unconfirmed, self.now())
            .await?;
        if settled {
            self.telemetry().update_handled(outcome);
        }
        Ok(settled)
    }

    /// Lets go of an update for the next start (or another process) to take up.
    pub async fn release(&self, update_id: i64) -> StoreResult<()> {
        self.store.release_update(update_id, &self.claimant).await
    }

    /// Notes that reply `index` of the update's answer is being handed to the channel; false if
    /// the claim was lost.
    pub async fn sending(&self, update_id: i64, index: i64) -> StoreResult<bool> {
        self.store
            .mark_update_reply_in_flight(update_id, &self.claimant, index)
            .await
    }

    /// Notes that the reply in flight was not sent after all.
    pub async fn not_sent(&self, update_id: i64) -> StoreResult<()> {
        self.store
            .clear_update_in_flight(update_id, &self.claimant)
            .await
    }
}
