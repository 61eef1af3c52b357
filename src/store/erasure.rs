//! What deleting means on disk: after a deletion that protects someone (a closed form's salt, a
//! forgotten fellow), `purge_deleted` makes the deleted bytes unrecoverable from the database
//! files as far as each backend allows. Which deletions need it is the caller's part.

// SQLite runs with `secure_delete` (set on every connection in `Store::connect`): freed space in
// the file is overwritten with zeros. Old page images can still sit in the write-ahead log, so the
// log is checkpointed and truncated. (The bot never runs ANALYZE, so no sqlite_stat4 samples.)
//
// PostgreSQL keeps the old version of an updated or deleted row (a dead tuple) in the table's
// pages until VACUUM, and a plain VACUUM only makes that space reusable: it does not promise to
// overwrite it. So the tables concerned are rewritten with VACUUM FULL, which copies the live rows
// into new files and drops the old ones (the tables are small: a programme has hundreds of
// fellows). ANALYZE's samples in pg_statistic are switched off for salts, respondent keys, names
// and free text (migration 0008). Out of reach of any statement: write-ahead log segments until PostgreSQL
// recycles them, WAL archives, replicas and backups, and server logs if statements are logged
// with their parameters. Operators: keep backups and archives on the programme's retention.

use super::{Store, StoreResult};

/// How long `VACUUM FULL` may wait for a lock (the bot must not stall behind a long report).
const VACUUM_LOCK_TIMEOUT: &str = "SET lock_timeout = '5s'";
/// How many times `VACUUM FULL` is tried when a lock is not free within the timeout.
const VACUUM_TRIES: u32 = 3;
/// How long a purge waits for transactions that began before it (and may still see the deleted
/// rows) to end, and how often it looks.
const OLDER_TRANSACTIONS_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
const OLDER_TRANSACTIONS_POLL: std::time::Duration = std::time::Duration::from_millis(50);

impl Store {
    /// Makes rows just deleted from `tables` unrecoverable from the database files, as far as the
    /// backend allows: on SQLite the write-ahead log is checkpointed and truncated (secure_delete
    /// has already zeroed the freed space); on PostgreSQL the tables are rewritten with
    /// `VACUUM FULL`. Run it after the transaction that deleted them has committed. A failure is
    /// logged, not returned: the deletion stands, and the next purge of these tables finishes it.
    pub(crate) async fn purge_deleted(&self, tables: &[&'static str]) {
        if let Err(error) = self.try_purge(tables).await {
            tracing::warn!(%error, ?tables, "deleted rows could not be purged from the database files yet");
        }
    }

    async fn try_purge(&self, tables: &[&'static str]) -> StoreResult<()> {
        match self {
            Self::Sqlite(pool) => {
                let (busy, _, _): (i64, i64, i64) =
                    sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(pool)
                        .await?;
                if busy != 0 {
                    // A reader held the log open; SQLite's own checkpoints or the next purge
                    // finish the job.
                    tracing::warn!("the SQLite log could not be truncated yet");
                }
            }
            Self::Postgres(pool) => {
                if tables.is_empty() {
                    return Ok(());
                }
                // VACUUM cannot run inside a transaction (nor in a multi-statement string), so
                // each statement goes on its own, on one connection.
                let mut connection = pool.acquire().await?;
                wait_for_older_transactions(&mut connection).await?;
                sqlx::raw_sql(VACUUM_LOCK_TIMEOUT)
                    .execute(&mut *connection)
                    .await?;
                let result = vacuum_full(&mut connection, tables).await;
                sqlx::raw_sql("RESET lock_timeout")
                    .execute(&mut *connection)
                    .await?;
                result?;
            }
        }
        Ok(())
    }
}

/// Rewrites `tables`, trying again when a lock was not free in time (a report reading, an
/// autovacuum that had not yet given way): a few tries, then the error.
async fn vacuum_full(
    connection: &mut sqlx::PgConnection,
    tables: &[&'static str],
) -> Result<(), sqlx::Error> {
    // Only the store's own table names (`&'static str`) are spliced in.
    let vacuum = format!("VACUUM FULL {}", tables.join(", "));
    let mut tries = 1;
    loop {
        let result = sqlx::raw_sql(sqlx::AssertSqlSafe(vacuum.clone()))
            .execute(&mut *connection)
            .await;
        match result {
            Err(error) if tries < VACUUM_TRIES && is_lock_timeout(&error) => {
                tracing::warn!(tries, "a table to purge was locked; trying again");
                tries += 1;
            }
            other => return other.map(|_| ()),
        }
    }
}

/// PostgreSQL's `lock_not_available`, as `lock_timeout` raises it.
fn is_lock_timeout(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "55P03")
}

/// `VACUUM FULL` copies a deleted row into the new file while a transaction that began before the
/// deletion may still see it (an autovacuum ANALYZE, a long report). In practice that reaches
/// across databases: with other databases busy on the same server (the test suite's, or another
/// programme's), forgotten rows survived the rewrite in 5 of 12 runs. So the purge first waits,
/// for a bounded time, until every transaction on the server that began before it has ended.
/// Backends of other roles show no start time without `pg_read_all_stats`; those are not waited
/// for.
async fn wait_for_older_transactions(connection: &mut sqlx::PgConnection) -> StoreResult<()> {
    let began: f64 = sqlx::query_scalar("SELECT extract(epoch FROM clock_timestamp())::float8")
        .fetch_one(&mut *connection)
        .await?;
    let deadline = tokio::time::Instant::now() + OLDER_TRANSACTIONS_WAIT;
    loop {
        let older: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE pid <> pg_backend_pid()
               AND xact_start < to_timestamp($1)",
        )
        .bind(began)
        .fetch_one(&mut *connection)
        .await?;
        if older == 0 {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!(older, "purging while older transactions still run");
            return Ok(());
        }
        tokio::time::sleep(OLDER_TRANSACTIONS_POLL).await;
    }
}
