//! Long polling is one process's job: Telegram refuses a second getUpdates, and a process that
//! starts by polling takes back every claim in the database as a dead run's. A second poller
//! started by mistake on the same database would take the first one's work from under it, so
//! each poller holds a lock that the operating system or the database lets go of when the
//! process dies (a kill -9 included): an advisory lock on its own PostgreSQL connection, or a
//! lock on a file beside the SQLite database.

use std::fs::{File, OpenOptions, TryLockError};

use anyhow::Context as _;
use sqlx::{Acquire, PgConnection};

use super::Store;

/// The advisory lock's key: any fixed number no other lock in this database uses.
const POLLER_KEY: i64 = 0x6662_706f_6c6c; // "fbpoll"

/// Held while this process polls; dropping it lets go.
#[derive(Debug)]
pub enum SolePoller {
    Postgres(PgConnection),
    SqliteFile(File),
    /// An in-memory SQLite database is this process's alone.
    InMemory,
}

impl Store {
    /// Takes the poller's lock; None when another live process holds it.
    pub async fn become_sole_poller(&self) -> anyhow::Result<Option<SolePoller>> {
        match self {
            Self::Postgres(pool) => {
                // A connection of its own, outside the pool, for as long as this process polls.
                let mut connection = pool
                    .acquire()
                    .await
                    .context("could not connect to PostgreSQL for the poller's lock")?
                    .detach();
                let held: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(POLLER_KEY)
                    .fetch_one(connection.acquire().await?)
                    .await
                    .context("could not take the poller's lock in PostgreSQL")?;
                Ok(held.then_some(SolePoller::Postgres(connection)))
            }
            Self::Sqlite(pool) => {
                let options = pool.connect_options();
                let database = options.get_filename();
                if database.as_os_str().is_empty()
                    || database.to_string_lossy().contains(":memory:")
                {
                    return Ok(Some(SolePoller::InMemory));
                }
                let mut path = database.as_os_str().to_owned();
                path.push(".poller-lock");
                let file = OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                    .with_context(|| {
                        format!(
                            "could not open the poller's lock file {}",
                            path.to_string_lossy()
                        )
                    })?;
                match file.try_lock() {
                    Ok(()) => Ok(Some(SolePoller::SqliteFile(file))),
                    Err(TryLockError::WouldBlock) => Ok(None),
                    Err(TryLockError::Error(error)) => Err(error).with_context(|| {
                        format!(
                            "could not lock the poller's lock file {}",
                            path.to_string_lossy()
                        )
                    }),
                }
            }
        }
    }
}
