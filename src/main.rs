//! Entry point: reads `.env`, sets up logging, parses the command line and hands over to `app`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use fellowship_bot::app;
use fellowship_bot::cli::Cli;

fn main() -> ExitCode {
    let dotenv = dotenvy::dotenv();
    let cli = Cli::parse();
    if let Err(error) = dotenv
        && !error.not_found()
    {
        eprintln!("error: could not read .env: {error}");
        return ExitCode::FAILURE;
    }
    let rust_log_set = std::env::var_os("RUST_LOG").is_some_and(|v| !v.is_empty());
    if let Err(error) = app::init_logging(cli.log_target(rust_log_set)) {
        eprintln!("error: {error:#}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(app::run_cli(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
