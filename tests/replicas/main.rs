//! Webhook replicas sharing one PostgreSQL database, under Telegram's limits enforced to the
//! millisecond: the two-replica run of the real binary and the shared send budget. A test
//! binary of their own, which cargo runs after the others, and one test at a time (`serial`):
//! each drives the machine's cores hard, and what they check is timing that a busy neighbour
//! would disturb (as they would disturb the other tests' timeouts).

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod shared_pacing;
mod two_replicas;

/// Held by each test for its whole run, so that they run one after another.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERIAL.lock().await
}
