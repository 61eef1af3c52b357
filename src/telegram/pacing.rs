//! Pacing of sends within Telegram's limits: one message a second per private chat, 20 a minute
//! per group, about 30 a second overall. Sends are spaced evenly (GCRA, with the `governor`
//! crate) rather than released in bursts, and a 429 pauses every send for its `retry_after`.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

use crate::config::SendLimits;

/// Messages one private chat may get at once before the one-a-second pace applies.
const PRIVATE_BURST: u32 = 3;
/// Messages one group may get at once before the 20-a-minute pace applies.
const GROUP_BURST: u32 = 5;

/// Waits for each send's turn.
pub struct Pacer {
    overall: DefaultDirectRateLimiter,
    private_chats: DefaultKeyedRateLimiter<i64>,
    groups: DefaultKeyedRateLimiter<i64>,
    frozen_until: Mutex<Option<Instant>>,
}

fn at_least_one(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl Pacer {
    pub fn new(limits: SendLimits) -> Self {
        // Overall, a burst of one: bulk sends leave evenly spaced, never in clumps. A chat may get
        // a short burst (a long answer in three parts; a few replies in a busy group) before its
        // own rate applies.
        let burst = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Self {
            overall: RateLimiter::direct(
                Quota::per_second(at_least_one(limits.overall_per_second)).allow_burst(burst(1)),
            ),
            private_chats: RateLimiter::keyed(
                Quota::per_second(at_least_one(limits.chat_per_second))
                    .allow_burst(burst(PRIVATE_BURST)),
            ),
            groups: RateLimiter::keyed(
                Quota::per_minute(at_least_one(limits.group_per_minute))
                    .allow_burst(burst(GROUP_BURST)),
            ),
            frozen_until: Mutex::new(None),
        }
    }

    /// Waits until a message to `chat_id` may go.
    pub async fn wait_turn(&self, chat_id: i64) {
        let frozen = *self.frozen_until.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(until) = frozen {
            tokio::time::sleep_until(until).await;
        }
        if chat_id > 0 {
            self.private_chats.until_key_ready(&chat_id).await;
        } else {
            self.groups.until_key_ready(&chat_id).await;
        }
        self.overall.until_ready().await;
    }

    /// Telegram said "too many requests": nothing goes out for `wait`.
    pub fn freeze(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut frozen = self.frozen_until.lock().unwrap_or_else(|p| p.into_inner());
        if frozen.is_none_or(|current| current < until) {
            *frozen = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sends_to_one_chat_are_spaced() {
        let pacer = Pacer::new(SendLimits {
            overall_per_second: 1000,
            chat_per_second: 10,
            chat_per_minute: 600,
            group_per_minute: 600,
        });
        let began = std::time::Instant::now();
        for _ in 0..PRIVATE_BURST + 2 {
            pacer.wait_turn(1).await;
        }
        assert!(
            began.elapsed() >= Duration::from_millis(180),
            "after the burst, sends to one chat are spaced"
        );
    }
}
