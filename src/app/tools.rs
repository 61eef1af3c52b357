//! The command-line tools: `faq check|ask|eval`, `sessions import|export` and `health`.

use std::process::ExitCode;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::cli::{FaqCommand, SessionsCommand};
use crate::config::Settings;
use crate::faq::KnowledgeBase;
use crate::faq::evaluation::{evaluate, parse_labelled};
use crate::sessions::import::parse_sessions_csv;
use crate::store::Store;

use super::{HEARTBEAT, HEARTBEAT_STALE_AFTER, load_catalogue};

pub(super) async fn run_faq_tool(
    settings: &Settings,
    command: FaqCommand,
) -> anyhow::Result<ExitCode> {
    let loaded = KnowledgeBase::load_dir(&settings.content_dir, &settings.trusts);
    let base = match (loaded, &command) {
        (Ok(base), _) => base,
        (Err(errors), _) => {
            eprintln!("{errors}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match command {
        FaqCommand::Check { topics } => {
            let journey =
                crate::journey::load_from_content(&settings.content_dir, &base, &settings.trusts);
            let steps = match journey {
                Ok(journey) => journey.steps().len(),
                Err(errors) => {
                    eprintln!("{errors}");
                    return Ok(ExitCode::FAILURE);
                }
            };
            if let Some(path) = topics {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("could not read {}", path.display()))?;
                let expected = topic_ids(&text);
                let missing = base.missing_topics(&expected);
                if !missing.is_empty() {
                    eprintln!(
                        "no article for these topics of {}: {}",
                        path.display(),
                        missing.join(", ")
                    );
                    return Ok(ExitCode::FAILURE);
                }
            }
            println!(
                "{}: {} articles and {steps} journey steps, all good.",
                settings.content_dir.display(),
                base.articles().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Ask => {
            let mut lines = BufReader::new(tokio::io::stdin()).lines();
            while let Some(line) = lines.next_line().await? {
                if line.trim().is_empty() {
                    continue;
                }
                let answer = crate::faq::answers::answer_question(&base, &line);
                println!("{}", serde_json::to_string(&answer.view(line.trim()))?);
            }
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Eval {
            files,
            verbose,
            tuning,
        } => {
            let base = base.with_tuning(tuning.apply(base.search().tuning()));
            for file in &files {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("could not read {}", file.display()))?;
                let cases = parse_labelled(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                if files.len() > 1 {
                    println!("-- {}", file.display());
                }
                let report = evaluate(&base, &cases);
                print!("{report}");
                if verbose {
                    print_misses(&base, &report);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Each miss with the three best-ranked topics and their scores, for tuning.
fn print_misses(base: &KnowledgeBase, report: &crate::faq::evaluation::EvalReport) {
    for miss in &report.misses {
        let ranked: Vec<String> = base
            .search()
            .rank(&miss.question)
            .iter()
            .take(3)
            .map(|r| {
                format!(
                    "{} {:.2}/{:.2}",
                    base.articles()[r.article].id,
                    r.score,
                    r.coverage
                )
            })
            .collect();
        println!(
            "  MISS {:?}: expected {}, got {} [{}]",
            miss.question,
            miss.expected,
            miss.got,
            ranked.join(", ")
        );
    }
}

/// Exits 0 when the running bot wrote its heartbeat recently and, when the web console is on,
/// its `/healthz` answers (for container health checks).
pub(super) async fn check_health(settings: &Settings) -> anyhow::Result<ExitCode> {
    if let Some(addr) = settings.web_addr {
        match console_answers(addr).await {
            Ok(true) => {}
            Ok(false) | Err(_) => {
                eprintln!("unhealthy: the web console at {addr} does not answer /healthz");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    check_heartbeat(settings).await
}

/// Whether `GET /healthz` at `addr` answers 200, within five seconds. A few lines of HTTP/1.1
/// rather than an HTTP client: the container has no curl, and this is all it needs.
async fn console_answers(addr: std::net::SocketAddr) -> std::io::Result<bool> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let ask = async {
        // A console listening on every interface is reached on this machine's own.
        let target = if addr.ip().is_unspecified() {
            std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()))
        } else {
            addr
        };
        let mut stream = tokio::net::TcpStream::connect(target).await?;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok(answer.starts_with(b"HTTP/1.1 200"))
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), ask)
        .await
        .unwrap_or(Ok(false))
}

async fn check_heartbeat(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = Store::connect(&settings.database_url).await?;
    let last = store.last_beat(HEARTBEAT).await;
    store.close().await;
    let now = chrono::Utc::now();
    match last {
        Ok(Some(at)) if now - at <= HEARTBEAT_STALE_AFTER => {
            println!(
                "healthy: the bot was alive {} s ago",
                (now - at).num_seconds()
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(Some(at)) => {
            eprintln!(
                "unhealthy: the bot's last heartbeat was {} s ago",
                (now - at).num_seconds()
            );
            Ok(ExitCode::FAILURE)
        }
        Ok(None) | Err(_) => {
            eprintln!(
                "unhealthy: the bot has not written a heartbeat (is it running with this DATABASE_URL?)"
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

pub(super) async fn run_sessions_tool(
    settings: &Settings,
    command: SessionsCommand,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(settings)?;
    let store = Store::open(&settings.database_url).await?;
    let now = chrono::Utc::now();
    let code = match command {
        SessionsCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            match parse_sessions_csv(&text, &catalogue, settings.timezone, &settings.trusts) {
                Ok(sessions) => {
                    let ids = store.add_sessions(&sessions, 0, now).await?;
                    println!("{}", crate::sessions::import::imported_line(&ids));
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    eprintln!(
                        "Nothing was imported. {} problem(s) in {}:",
                        problems.len(),
                        file.display()
                    );
                    for problem in problems {
                        eprintln!("  {problem}");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        SessionsCommand::List => {
            for session in store.upcoming_sessions(now, 1000, &settings.trusts).await? {
                let counts = store.rsvp_counts(session.id).await?;
                println!(
                    "#{}\t{}\t{}\t{}\t{} going, {} waiting",
                    session.id,
                    crate::sessions::time::show(session.details.starts_at, settings.timezone),
                    session.details.title,
                    session.details.audience.to_text(),
                    counts.going,
                    counts.waiting
                );
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(code)
}

/// Topic ids from a markdown table whose first column is `id` in backticks or plain.
fn topic_ids(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|line| line.strip_prefix('|'))
        .filter_map(|rest| rest.split('|').next())
        .map(|cell| cell.trim().trim_matches('`').to_owned())
        .filter(|id| {
            id != "id"
                && id.chars().any(|c| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A one-request server on port 0 that answers `status_line`.
    async fn answering(status_line: &'static str) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 512];
            let _ = stream.read(&mut request).await;
            let answer = format!("{status_line}\r\ncontent-length: 2\r\n\r\nok");
            let _ = stream.write_all(answer.as_bytes()).await;
        });
        addr
    }

    #[tokio::test]
    async fn the_health_check_passes_only_when_the_console_answers_healthz_with_200() {
        assert!(
            console_answers(answering("HTTP/1.1 200 OK").await)
                .await
                .unwrap()
        );
        let failing = answering("HTTP/1.1 503 Service Unavailable").await;
        assert!(!console_answers(failing).await.unwrap());
        let closed = {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap()
        };
        assert!(console_answers(closed).await.is_err());
    }
}
