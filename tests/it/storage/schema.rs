//! The schema each backend's migrations build: the same tables, each with the same column names
//! (types may differ). Read from SQLite's catalogue and PostgreSQL's information_schema.

use std::collections::{BTreeMap, BTreeSet};

use fellowship_bot::store::Store;

/// Table name to its column names.
type Schema = BTreeMap<String, BTreeSet<String>>;

/// sqlx's own bookkeeping, which differs by backend and is not the bot's schema.
const SQLX_TABLE: &str = "_sqlx_migrations";

#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let Some(url) = crate::support::fresh_postgres().await else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must compare the schemas on PostgreSQL: set TEST_DATABASE_URL"
        );
        eprintln!("TEST_DATABASE_URL is not set: skipping the schema comparison with PostgreSQL");
        return;
    };
    let db = crate::support::TestDb::sqlite();
    let sqlite = Store::open(&db.url).await.expect("open SQLite");
    let postgres = Store::open(&url).await.expect("open PostgreSQL");
    let (on_sqlite, on_postgres) = (schema_of(&sqlite).await, schema_of(&postgres).await);
    sqlite.close().await;
    postgres.close().await;

    assert!(!on_sqlite.is_empty(), "the migrations made some tables");
    let differences = differences(&on_sqlite, &on_postgres);
    assert!(
        differences.is_empty(),
        "the SQLite and PostgreSQL migrations build different schemas; add a migration that \
         brings them together:\n{}",
        differences.join("\n")
    );
}

async fn schema_of(store: &Store) -> Schema {
    const SQLITE: &str = "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                          WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
    // A fresh test database holds only what the migrations made, in its default schema.
    const POSTGRES: &str =
        "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                            WHERE table_schema = current_schema()";
    let rows: Vec<(String, String)> = match store {
        Store::Sqlite(pool) => sqlx::query_as(SQLITE).fetch_all(pool).await,
        Store::Postgres(pool) => sqlx::query_as(POSTGRES).fetch_all(pool).await,
    }
    .expect("read the schema");
    let mut schema = Schema::new();
    for (table, column) in rows.into_iter().filter(|(t, _)| t != SQLX_TABLE) {
        schema.entry(table).or_default().insert(column);
    }
    schema
}

/// One line per table or column found on one backend only.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let tables: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    let mut found = Vec::new();
    for table in tables {
        match (sqlite.get(table), postgres.get(table)) {
            (Some(_), None) => found.push(format!("table {table}: only on SQLite")),
            (None, Some(_)) => found.push(format!("table {table}: only on PostgreSQL")),
            (Some(lite), Some(pg)) => {
                for column in lite.difference(pg) {
                    found.push(format!("{table}.{column}: only on SQLite"));
                }
                for column in pg.difference(lite) {
                    found.push(format!("{table}.{column}: only on PostgreSQL"));
                }
            }
            (None, None) => {}
        }
    }
    found
}
