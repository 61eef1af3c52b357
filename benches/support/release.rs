//! The release binaries a process benchmark runs, built in the benchmark's own target folder.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// Builds each of `what` (`["--bin", "fellowship-bot"]`, `["--example", "echo_floor"]`) in
/// release mode and returns their paths, in order.
pub fn build(what: &[[&str; 2]]) -> Vec<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = target_dir();
    what.iter()
        .map(|what| {
            eprintln!("building {} ...", what[1]);
            let built = Command::new(&cargo)
                .args(["build", "--release", "--quiet"])
                .args(what)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("CARGO_TARGET_DIR", &target)
                .status()
                .expect("cargo runs");
            assert!(built.success(), "cargo build --release {} failed", what[1]);
            let release = target.join("release");
            match what[0] {
                "--example" => release.join("examples").join(what[1]),
                _ => release.join(what[1]),
            }
        })
        .collect()
}

/// The target folder this benchmark was built in (…/target/release/deps/<bench>-…).
fn target_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("the benchmark's path");
    exe.ancestors()
        .nth(3)
        .expect("the benchmark runs from target/release/deps")
        .to_path_buf()
}
