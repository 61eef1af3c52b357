//! Alerts the leads have had about a fellow today, so a button pressed five times alerts them
//! once. What an alert says, and to whom, is the chat's part.

use super::{Store, StoreResult, on_pool};

impl Store {
    /// Records an alert of `kind` about `user_id` on `day` (`YYYY-MM-DD`, the programme's time
    /// zone); false if the leads had one already that day. Earlier days are forgotten.
    pub async fn claim_lead_alert(&self, kind: &str, user_id: i64, day: &str) -> StoreResult<bool> {
        const FORGET: &str = "DELETE FROM lead_alerts WHERE day < $1";
        const CLAIM: &str = "INSERT INTO lead_alerts (kind, user_id, day) VALUES ($1, $2, $3)
                             ON CONFLICT (kind, user_id, day) DO NOTHING";
        let claimed = on_pool!(self, pool => {
            sqlx::query(FORGET).bind(day).execute(pool).await?;
            sqlx::query(CLAIM).bind(kind).bind(user_id).bind(day).execute(pool).await?.rows_affected()
        });
        Ok(claimed == 1)
    }
}
