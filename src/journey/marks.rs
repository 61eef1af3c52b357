//! What a fellow marked on their journey, read from the store as the rules want it.

use std::collections::HashMap;

use super::progress::StepState;
use crate::store::{Store, StoreResult};

/// What each step of `user_id` is marked as (steps only nudged are not marked).
pub(crate) async fn step_states(
    store: &Store,
    user_id: i64,
) -> StoreResult<HashMap<String, StepState>> {
    Ok(store
        .journey_steps_of(user_id)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.step_id, r.state?)))
        .collect())
}
