//! Guards the migrations that have landed: each must match its SHA-256 in
//! `migrations/landed.sha256`. A database never runs a migration twice, so an edited one would
//! leave older databases on a different schema from new ones.

use std::path::Path;

use sha2::{Digest, Sha256};

const LIST: &str = "migrations/landed.sha256";
const FOLDERS: [&str; 2] = ["migrations/sqlite", "migrations/postgres"];
const HOW_TO_ADD: &str = "A new migration is a new file in both folders (the next number); once \
     it lands on main, append its lines with `sha256sum migrations/*/NNNN_name.sql >> migrations/landed.sha256`.";

/// The list's lines as (sha256 in hex, path from the crate root), as `sha256sum` prints them.
fn landed() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join(LIST)).expect("the landed list can be read");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (sha, path) = line
                .split_once("  ")
                .unwrap_or_else(|| panic!("{LIST}: '{line}' is not 'sha256  path'"));
            (sha.to_owned(), path.to_owned())
        })
        .collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The number a migration file starts with (`0004` in `0004_sessions.sql`).
fn version(path: &str) -> Option<u32> {
    let name = Path::new(path).file_name()?.to_str()?;
    name.split_once('_')?.0.parse().ok()
}

#[test]
fn landed_migrations_never_change() {
    let mut problems = Vec::new();
    for (expected, path) in landed() {
        match std::fs::read(root().join(&path)) {
            Ok(bytes) if sha256_hex(&bytes) == expected => {}
            Ok(_) => problems.push(format!(
                "landed migration {path} changed; add a new migration instead"
            )),
            Err(e) => problems.push(format!(
                "landed migration {path} is missing ({e}); add a new migration instead"
            )),
        }
    }
    assert!(problems.is_empty(), "{}\n{HOW_TO_ADD}", problems.join("\n"));
}

#[test]
fn no_migration_older_than_a_landed_one_is_left_off_the_list() {
    // Without this, deleting a changed file's line would quietly switch its guard off.
    let landed = landed();
    let newest = landed.iter().filter_map(|(_, path)| version(path)).max();
    let newest = newest.expect("the landed list names numbered migrations");
    let mut unlisted = Vec::new();
    for folder in FOLDERS {
        let entries = std::fs::read_dir(root().join(folder)).expect("a migrations folder");
        for entry in entries {
            let name = entry.expect("a folder entry").file_name();
            let path = format!("{folder}/{}", name.to_string_lossy());
            let is_old = version(&path).is_some_and(|v| v <= newest);
            if is_old && !landed.iter().any(|(_, listed)| *listed == path) {
                unlisted.push(path);
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "not in {LIST}, though no newer than its newest migration: {}.\nA landed migration's \
         line was removed, or a migration was slipped in before the newest landed one.\n{HOW_TO_ADD}",
        unlisted.join(", ")
    );
}
