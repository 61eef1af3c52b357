//! The command line: `run` (the default), `console`, `migrate`, `health`, and the `faq`,
//! `sessions`, `export` and `webhook` tools.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "fellowship-bot",
    version,
    about = "A Telegram assistant for the doctors of a Clinical Fellowship Programme"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Run the bot on Telegram (the default). Needs TELOXIDE_TOKEN.
    Run,
    /// Chat with the bot in this terminal, without Telegram. Buttons are pressed by typing #N.
    Console(ConsoleArgs),
    /// Apply the database migrations and exit.
    Migrate,
    /// Exit 0 if the running bot is alive (its heartbeat is under two minutes old).
    Health,
    /// Check the knowledge base and measure its answers.
    #[command(subcommand)]
    Faq(FaqCommand),
    /// Import and list the programme's sessions.
    #[command(subcommand)]
    Sessions(SessionsCommand),
    /// Print the leads' data as CSV: feedback, attendance, fellows or the journey's cohorts.
    Export(ExportArgs),
    /// Tell Telegram where to post updates (RUN_MODE=webhook), stop it, or show what it has.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Have Telegram post updates to WEBHOOK_URL with WEBHOOK_SECRET (needs RUN_MODE=webhook).
    Set,
    /// Stop the webhook, keeping the updates Telegram holds, so long polling can take them.
    Delete,
    /// Show the webhook Telegram has: its address, updates waiting, the last delivery error.
    Info,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: crate::export::ExportChoice,
    /// The output format (CSV is the one there is).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Only from this day on (YYYY-MM-DD): sessions held, feedback given, fellows who started
    /// (for the journey too).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
}

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The Telegram user id to act as.
    #[arg(long, default_value_t = 1)]
    pub user_id: i64,
    /// The first name to use.
    #[arg(long, default_value = "Console user")]
    pub name: String,
    /// Act as an admin (a programme lead).
    #[arg(long)]
    pub admin: bool,
    /// Write the log to this file. Without it the console logs nothing, unless RUST_LOG is
    /// set (then to standard error), so log lines never land in the middle of the chat.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

/// Where the log goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    StandardError,
    File(PathBuf),
    /// No log at all (the console, unless asked).
    Nowhere,
}

impl Cli {
    /// Where this command logs: the bot and the tools to standard error; the console only
    /// where asked (`--log FILE`, or standard error when `rust_log_set`).
    pub fn log_target(&self, rust_log_set: bool) -> LogTarget {
        match &self.command {
            Some(CliCommand::Console(args)) => match (&args.log, rust_log_set) {
                (Some(file), _) => LogTarget::File(file.clone()),
                (None, true) => LogTarget::StandardError,
                (None, false) => LogTarget::Nowhere,
            },
            _ => LogTarget::StandardError,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Import sessions from a CSV file (see the README for the columns); all rows or none.
    Import { file: PathBuf },
    /// List the sessions still to come.
    List,
}

#[derive(Debug, Subcommand)]
pub enum FaqCommand {
    /// Check every article in the content folder; exits non-zero on any problem.
    Check {
        /// A topics file (markdown table with `id` in the first column) whose topics must all exist.
        #[arg(long)]
        topics: Option<PathBuf>,
    },
    /// Read questions from standard input, one a line; print one JSON answer a line.
    Ask,
    /// Measure answers against a TSV file of `question<TAB>expected_topic` (`none`: must decline).
    Eval {
        /// One or more labelled question sets (TSV); each is reported in turn.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print every wrong answer, not just the confusions.
        #[arg(long)]
        verbose: bool,
        /// Try other search weights and thresholds instead of the built-in ones.
        #[command(flatten)]
        tuning: TuningArgs,
    },
}

/// Overrides for the search's weights and thresholds, for tuning with `faq eval`.
#[derive(Debug, Args, Default)]
pub struct TuningArgs {
    #[arg(long)]
    pub keys_weight: Option<f32>,
    #[arg(long)]
    pub body_weight: Option<f32>,
    #[arg(long)]
    pub phrase_bonus: Option<f32>,
    #[arg(long)]
    pub min_score: Option<f32>,
    #[arg(long)]
    pub min_coverage: Option<f32>,
    #[arg(long)]
    pub min_margin: Option<f32>,
    #[arg(long)]
    pub strong_score: Option<f32>,
}

impl TuningArgs {
    /// `base` with every override given applied.
    pub fn apply(&self, base: crate::faq::search::Tuning) -> crate::faq::search::Tuning {
        crate::faq::search::Tuning {
            keys_weight: self.keys_weight.unwrap_or(base.keys_weight),
            body_weight: self.body_weight.unwrap_or(base.body_weight),
            phrase_bonus: self.phrase_bonus.unwrap_or(base.phrase_bonus),
            min_score: self.min_score.unwrap_or(base.min_score),
            min_coverage: self.min_coverage.unwrap_or(base.min_coverage),
            min_margin: self.min_margin.unwrap_or(base.min_margin),
            strong_score: self.strong_score.unwrap_or(base.strong_score),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(args: &[&str], rust_log_set: bool) -> LogTarget {
        let cli = Cli::parse_from(std::iter::once("fellowship-bot").chain(args.iter().copied()));
        cli.log_target(rust_log_set)
    }

    #[test]
    fn the_console_logs_only_where_asked() {
        assert_eq!(target(&["console"], false), LogTarget::Nowhere);
        assert_eq!(target(&["console"], true), LogTarget::StandardError);
        assert_eq!(
            target(&["console", "--log", "bot.log"], false),
            LogTarget::File("bot.log".into())
        );
        assert_eq!(target(&["run"], false), LogTarget::StandardError);
        assert_eq!(target(&[], false), LogTarget::StandardError);
    }
}
