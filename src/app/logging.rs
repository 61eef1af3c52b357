//! Where the log goes and how its lines are written: text for a person (the default), or one
//! JSON object a line for a log collector (`LOG_FORMAT=json`). `RUST_LOG` chooses the detail;
//! message text is never logged at info level, in either format.

use std::io::IsTerminal;

use anyhow::Context;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use crate::cli::LogTarget;
use crate::config::LogFormat;

/// The detail logged when `RUST_LOG` is not set: info for the bot, warnings for libraries.
const DEFAULT_DETAIL: &str = "warn,fellowship_bot=info";

/// Logs to `target` in `format`, as the process-wide subscriber (libraries' `log` records too).
pub fn init_logging(target: LogTarget, format: LogFormat) -> anyhow::Result<()> {
    let detail =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_DETAIL));
    let subscriber = match target {
        LogTarget::Nowhere => return Ok(()),
        // Colours only for a person at a terminal, not in a container's or a file's log.
        LogTarget::StandardError => subscriber(
            format,
            detail,
            std::io::stderr,
            std::io::stderr().is_terminal(),
        ),
        LogTarget::File(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .with_context(|| format!("could not open the log file {}", path.display()))?;
            subscriber(format, detail, std::sync::Mutex::new(file), false)
        }
    };
    // Already set (a test harness did): its subscriber stays.
    let _ = subscriber.try_init();
    Ok(())
}

/// A subscriber writing `format` lines to `writer`, at `detail`.
fn subscriber<W>(
    format: LogFormat,
    detail: EnvFilter,
    writer: W,
    ansi: bool,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let logs = tracing_subscriber::fmt()
        .with_env_filter(detail)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(logs.with_ansi(ansi).finish()),
        // The event's fields at the top level, beside `timestamp`, `level` and `target`.
        LogFormat::Json => Box::new(logs.json().flatten_event(true).finish()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Log lines written into memory.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(format: LogFormat) -> String {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = subscriber(
            format,
            EnvFilter::new("info"),
            move || writer.clone(),
            false,
        );
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(update_id = 7, "an update was answered");
        });
        String::from_utf8(lines.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn the_setting_chooses_json_lines_or_text() {
        let settings = crate::config::Settings::from_lookup(|name| {
            (name == "LOG_FORMAT").then(|| "json".to_owned())
        })
        .unwrap();
        let json = logged(settings.log_format);
        let line: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["update_id"], 7);
        assert_eq!(line["message"], "an update was answered");

        let text = logged(crate::config::Settings::with_database("sqlite::memory:").log_format);
        assert!(
            serde_json::from_str::<serde_json::Value>(text.trim()).is_err(),
            "{text}"
        );
        assert!(
            text.contains("INFO") && text.contains("update_id=7"),
            "{text}"
        );
    }
}
