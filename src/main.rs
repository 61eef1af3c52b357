//! Entry point: reads `.env`, parses the command line and hands over to `app` (which reads the
//! settings and sets up logging).
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
