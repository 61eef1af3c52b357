//! Settings: everything the bot reads from its environment, parsed once at start-up.
//! Reading `.env` is `main`'s job; tests build `Settings` in code.

use std::path::PathBuf;

use chrono_tz::Tz;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

mod run_mode;

pub use run_mode::{RunMode, Webhook, WebhookSecret};

/// When session reminders go out if `REMINDER_OFFSETS` is not set.
pub const DEFAULT_REMINDER_OFFSETS: &str = "7d,1d,1h";

/// The programme's trusts when `TRUSTS` is not set.
pub const DEFAULT_TRUSTS: [&str; 3] = ["RWT", "WHT", "BCHFT"];

/// How the bot is configured.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The Bot API token; only `run` needs it.
    pub telegram_token: Option<BotToken>,
    /// A Bot API server other than Telegram's (a self-hosted one, or a test server).
    pub telegram_api_url: Option<Url>,
    pub database_url: String,
    pub content_dir: PathBuf,
    /// Telegram user ids that are admins from the start.
    pub admins: Vec<i64>,
    pub timezone: Tz,
    /// The trusts fellows can belong to, by short name.
    pub trusts: Vec<String>,
    /// How long one getUpdates long poll waits for news (Telegram allows up to 50 s).
    pub poll_timeout: std::time::Duration,
    /// How long any Bot API call may take before its outcome counts as unknown (a send that
    /// timed out is never repeated, so this is generous).
    pub api_timeout: std::time::Duration,
    /// How long a stop (SIGTERM, Ctrl-C) may take: work under way finishes within it, the rest
    /// is left for the next start. Below the 10 s Docker waits before it kills.
    pub shutdown_deadline: std::time::Duration,
    /// The Bot API's sending limits the bot keeps to.
    pub send_limits: SendLimits,
    /// How long before a session reminders go out.
    pub reminder_offsets: Vec<crate::sessions::time::ReminderOffset>,
    /// Whether a group's new welcome replaces (deletes) the previous one.
    pub replace_welcome: bool,
    /// The longest the job worker sleeps between looks at the queue.
    pub worker_interval: std::time::Duration,
    /// When feedback is asked for, reminded and closed.
    pub feedback: FeedbackTiming,
    /// Where the leads' web console listens (WEB_ADDR); None: no console.
    pub web_addr: Option<std::net::SocketAddr>,
    /// The console's address as browsers reach it, for the links the bot sends
    /// (WEB_PUBLIC_URL); when unset, `http://` and the address the console listens on.
    pub web_public_url: Option<Url>,
    /// How log lines are written (LOG_FORMAT).
    pub log_format: LogFormat,
    /// Long polling or webhook replicas (RUN_MODE, WEBHOOK_URL, WEBHOOK_SECRET).
    pub run_mode: RunMode,
}

/// How log lines are written: `text` for a person, `json` (one object a line) for a log
/// collector.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    fn parse(raw: &str) -> Result<Self, ConfigError> {
        match raw.to_lowercase().as_str() {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            _ => Err(ConfigError::Invalid {
                variable: "LOG_FORMAT",
                problem: format!("is '{raw}'; use text (the default) or json"),
            }),
        }
    }
}

/// Where the web console listens when `WEB_ADDR` is not set.
pub const DEFAULT_WEB_ADDR: &str = "127.0.0.1:8080";

/// When feedback is asked for after a session, when the one reminder goes, and when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackTiming {
    /// After the session ends (FEEDBACK_DELAY, default 30m).
    pub delay: chrono::Duration,
    /// After the prompt, to those who have not answered (FEEDBACK_REMINDER_AFTER, default 24h).
    pub remind_after: chrono::Duration,
    /// After the prompt (FEEDBACK_CLOSES_AFTER, default 7d).
    pub close_after: chrono::Duration,
}

impl Default for FeedbackTiming {
    fn default() -> Self {
        Self {
            delay: chrono::Duration::minutes(30),
            remind_after: chrono::Duration::hours(24),
            close_after: chrono::Duration::days(7),
        }
    }
}

/// One span like `30m`, `24h` or `7d`.
fn parse_span(variable: &'static str, raw: &str) -> Result<chrono::Duration, ConfigError> {
    use crate::sessions::time::ReminderOffset;
    match ReminderOffset::parse_list(raw).as_deref() {
        Ok([ReminderOffset::Minutes(n)]) => Ok(chrono::Duration::minutes(*n)),
        Ok([ReminderOffset::Days(n)]) => Ok(chrono::Duration::days(*n)),
        Ok(_) => Err(ConfigError::Invalid {
            variable,
            problem: format!("is '{raw}'; give one span like 30m, 24h or 7d"),
        }),
        Err(problem) => Err(ConfigError::Invalid {
            variable,
            problem: problem.clone(),
        }),
    }
}

/// How fast the bot may send (Telegram's limits: about 30 messages a second overall, one a
/// second per chat, 20 a minute per group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendLimits {
    pub overall_per_second: u32,
    pub chat_per_second: u32,
    pub group_per_minute: u32,
}

impl Default for SendLimits {
    fn default() -> Self {
        Self {
            overall_per_second: 30,
            chat_per_second: 1,
            group_per_minute: 20,
        }
    }
}

/// The bot token, kept out of logs and debug output.
#[derive(Clone)]
pub struct BotToken(SecretString);

impl BotToken {
    /// Checks the shape BotFather gives tokens: `<digits>:<secret>`.
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        let well_formed = raw.split_once(':').is_some_and(|(id, secret)| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && secret.len() >= 20
        });
        if !well_formed {
            return Err(ConfigError::Invalid {
                variable: "TELOXIDE_TOKEN",
                problem: "does not look like a bot token (it should be like 123456789:AAE...; copy it again from @BotFather)".into(),
            });
        }
        Ok(Self(SecretString::from(raw.to_owned())))
    }

    /// The token itself, for the one place that must send it to the Bot API.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for BotToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BotToken([hidden])")
    }
}

/// A setting that is missing or cannot be used; the message names the variable and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELOXIDE_TOKEN is not set. Ask @BotFather on Telegram for a token (send /newbot), then put it in .env as TELOXIDE_TOKEN=123456789:AAE... or try the bot without Telegram: fellowship-bot console"
    )]
    MissingToken,
    #[error("{variable} {problem}")]
    Invalid {
        variable: &'static str,
        problem: String,
    },
}

impl Settings {
    /// Settings with every default, for tests and the console: SQLite at `database_url`, no token.
    pub fn with_database(database_url: impl Into<String>) -> Self {
        Self {
            telegram_token: None,
            telegram_api_url: None,
            database_url: database_url.into(),
            content_dir: PathBuf::from("content"),
            admins: Vec::new(),
            timezone: chrono_tz::Europe::London,
            trusts: DEFAULT_TRUSTS.iter().map(|t| t.to_string()).collect(),
            poll_timeout: std::time::Duration::from_secs(10),
            api_timeout: std::time::Duration::from_secs(60),
            shutdown_deadline: std::time::Duration::from_secs(8),
            worker_interval: std::time::Duration::from_secs(30),
            feedback: FeedbackTiming::default(),
            replace_welcome: true,
            web_addr: None,
            web_public_url: None,
            log_format: LogFormat::Text,
            run_mode: RunMode::Polling,
            send_limits: SendLimits::default(),
            reminder_offsets: crate::sessions::time::ReminderOffset::parse_list(
                DEFAULT_REMINDER_OFFSETS,
            )
            .unwrap_or_default(),
        }
    }

    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, which returns a variable's value if it is set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let value = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut settings = Self::with_database(
            value("DATABASE_URL").unwrap_or_else(|| "sqlite://data/fellowship-bot.db".into()),
        );
        settings.telegram_token = value("TELOXIDE_TOKEN")
            .map(|t| BotToken::parse(&t))
            .transpose()?;
        settings.telegram_api_url = value("TELOXIDE_API_URL")
            .map(|raw| parse_api_url(&raw))
            .transpose()?;
        if !is_supported_database(&settings.database_url) {
            return Err(ConfigError::Invalid {
                variable: "DATABASE_URL",
                problem: "must start with sqlite:, postgres:// or postgresql:// (leave it unset for the default SQLite file ./data/fellowship-bot.db)".into(),
            });
        }
        if let Some(dir) = value("CONTENT_DIR") {
            settings.content_dir = PathBuf::from(dir);
        }
        if let Some(raw) = value("BOT_ADMINS") {
            settings.admins = parse_admins(&raw)?;
        }
        if let Some(raw) = value("BOT_TIMEZONE") {
            settings.timezone = raw.parse().map_err(|_| ConfigError::Invalid {
                variable: "BOT_TIMEZONE",
                problem: format!("'{raw}' is not a time zone name; use one like Europe/London"),
            })?;
        }
        if let Some(raw) = value("REMINDER_OFFSETS") {
            settings.reminder_offsets = crate::sessions::time::ReminderOffset::parse_list(&raw)
                .map_err(|problem| ConfigError::Invalid {
                    variable: "REMINDER_OFFSETS",
                    problem,
                })?;
        }
        if let Some(raw) = value("WELCOME_REPLACE_PREVIOUS") {
            settings.replace_welcome = match raw.to_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => {
                    return Err(ConfigError::Invalid {
                        variable: "WELCOME_REPLACE_PREVIOUS",
                        problem: format!("is '{raw}'; use true or false"),
                    });
                }
            };
        }
        if let Some(raw) = value("FEEDBACK_DELAY") {
            settings.feedback.delay = parse_span("FEEDBACK_DELAY", &raw)?;
        }
        if let Some(raw) = value("FEEDBACK_REMINDER_AFTER") {
            settings.feedback.remind_after = parse_span("FEEDBACK_REMINDER_AFTER", &raw)?;
        }
        if let Some(raw) = value("FEEDBACK_CLOSES_AFTER") {
            settings.feedback.close_after = parse_span("FEEDBACK_CLOSES_AFTER", &raw)?;
        }
        if let Some(raw) = value("TRUSTS") {
            settings.trusts = parse_trusts(&raw)?;
        }
        // Unset: the default address; set but empty: no console.
        let web_addr =
            lookup("WEB_ADDR").map_or_else(|| DEFAULT_WEB_ADDR.to_owned(), |v| v.trim().to_owned());
        settings.web_addr = parse_web_addr(&web_addr)?;
        settings.web_public_url = value("WEB_PUBLIC_URL")
            .map(|raw| parse_public_url(&raw))
            .transpose()?;
        if let Some(raw) = value("LOG_FORMAT") {
            settings.log_format = LogFormat::parse(&raw)?;
        }
        if let Some(raw) = value("SENDS_PER_SECOND") {
            settings.send_limits.overall_per_second = parse_sends_per_second(&raw)?;
        }
        settings.run_mode = RunMode::read(value, &settings.database_url, settings.web_addr)?;
        Ok(settings)
    }

    /// The token, or the error that tells the user how to get one.
    pub fn require_token(&self) -> Result<&BotToken, ConfigError> {
        self.telegram_token
            .as_ref()
            .ok_or(ConfigError::MissingToken)
    }

    /// The console's address for links, once it is known: as configured, else `http://` and
    /// the address it listens on. None while the console is off.
    pub fn web_link_base(&self) -> Option<String> {
        let addr = self.web_addr?;
        Some(match &self.web_public_url {
            Some(url) => url.as_str().trim_end_matches('/').to_owned(),
            None => format!("http://{addr}"),
        })
    }

    /// Whether `user_id` is an admin from configuration.
    pub fn is_configured_admin(&self, user_id: i64) -> bool {
        self.admins.contains(&user_id)
    }
}

fn is_supported_database(url: &str) -> bool {
    ["sqlite:", "postgres://", "postgresql://"]
        .iter()
        .any(|p| url.starts_with(p))
}

fn parse_api_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).map_err(|e| ConfigError::Invalid {
        variable: "TELOXIDE_API_URL",
        problem: format!("is not a URL ({e}); use one like http://127.0.0.1:8081"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::Invalid {
            variable: "TELOXIDE_API_URL",
            problem: "must be an http:// or https:// URL".into(),
        });
    }
    Ok(url)
}

fn parse_web_addr(raw: &str) -> Result<Option<std::net::SocketAddr>, ConfigError> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| ConfigError::Invalid {
        variable: "WEB_ADDR",
        problem: format!(
            "is '{raw}'; give an address and port like {DEFAULT_WEB_ADDR} (or 0.0.0.0:8080 in a container), or leave it empty to switch the console off"
        ),
    })
}

fn parse_public_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).ok().filter(|u| {
        // The console's links start at the root, so it needs a host of its own, not a path.
        matches!(u.scheme(), "http" | "https")
            && u.host().is_some()
            && u.path() == "/"
            && u.query().is_none()
    });
    url.ok_or_else(|| ConfigError::Invalid {
        variable: "WEB_PUBLIC_URL",
        problem: format!("is '{raw}'; give the console's address as browsers reach it, without a path, like https://fellows.example.nhs.uk"),
    })
}

/// Telegram allows about 30 messages a second overall, and up to 1,000 to a bot that has paid
/// broadcasts switched on (each message over 30 a second costs Telegram Stars).
fn parse_sends_per_second(raw: &str) -> Result<u32, ConfigError> {
    raw.parse()
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| ConfigError::Invalid {
            variable: "SENDS_PER_SECOND",
            problem: format!(
                "is '{raw}'; give a whole number from 1 to 1000 (30 is Telegram's limit; more only with paid broadcasts switched on for the bot)"
            ),
        })
}

fn parse_admins(raw: &str) -> Result<Vec<i64>, ConfigError> {
    raw.split([',', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<i64>().map_err(|_| ConfigError::Invalid {
                variable: "BOT_ADMINS",
                problem: format!("has '{part}', which is not a Telegram user id; give numbers separated by commas, like 12345,67890 (message @userinfobot on Telegram to learn yours)"),
            })
        })
        .collect()
}

/// The longest trust short name, in bytes (buttons carry it).
pub const TRUST_LIMIT: usize = 16;

/// A trust's short name as settings hold it: 1 to 16 capital letters and digits.
pub fn is_trust_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= TRUST_LIMIT
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn parse_trusts(raw: &str) -> Result<Vec<String>, ConfigError> {
    let trusts: Vec<String> = raw
        .split(',')
        .map(|t| t.trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect();
    if trusts.is_empty() || !trusts.iter().all(|t| is_trust_code(t)) {
        return Err(ConfigError::Invalid {
            variable: "TRUSTS",
            problem: "must be short names separated by commas, like RWT,WHT,BCHFT".into(),
        });
    }
    Ok(trusts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_from(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_need_nothing_but_the_token_for_telegram() {
        let settings = settings_from(&[]).unwrap();
        assert_eq!(settings.database_url, "sqlite://data/fellowship-bot.db");
        assert_eq!(settings.timezone, chrono_tz::Europe::London);
        assert_eq!(settings.trusts, vec!["RWT", "WHT", "BCHFT"]);
        let error = settings.require_token().unwrap_err().to_string();
        assert!(
            error.contains("TELOXIDE_TOKEN") && error.contains("@BotFather"),
            "{error}"
        );
    }

    #[test]
    fn a_malformed_token_is_refused_and_never_printed() {
        let error = settings_from(&[("TELOXIDE_TOKEN", "not-a-token")]).unwrap_err();
        assert!(error.to_string().contains("TELOXIDE_TOKEN"));
        let token = BotToken::parse("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ").unwrap();
        assert!(!format!("{token:?}").contains("ABCDEF"));
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (variable, value) in [
            ("BOT_ADMINS", "12,abc"),
            ("BOT_TIMEZONE", "Mars/Olympus"),
            ("DATABASE_URL", "mysql://x"),
            ("TELOXIDE_API_URL", "not a url"),
            ("TRUSTS", "R W T"),
            ("REMINDER_OFFSETS", "7é"),
            ("REMINDER_OFFSETS", "1d,é"),
            ("FEEDBACK_DELAY", "30分"),
            ("WEB_ADDR", "localhost"),
            ("WEB_PUBLIC_URL", "ftp://x"),
            ("WEB_PUBLIC_URL", "https://example.org/console"),
            ("LOG_FORMAT", "xml"),
            ("SENDS_PER_SECOND", "0"),
            ("SENDS_PER_SECOND", "5000"),
        ] {
            let error = settings_from(&[(variable, value)]).unwrap_err().to_string();
            assert!(error.starts_with(variable), "{variable}: {error}");
        }
    }

    #[test]
    fn the_console_listens_on_localhost_by_default_and_is_off_when_web_addr_is_empty() {
        let settings = settings_from(&[]).unwrap();
        assert_eq!(settings.web_addr, Some(DEFAULT_WEB_ADDR.parse().unwrap()));
        assert_eq!(
            settings.web_link_base().as_deref(),
            Some("http://127.0.0.1:8080")
        );
        let off = settings_from(&[("WEB_ADDR", "")]).unwrap();
        assert_eq!(off.web_addr, None);
        assert_eq!(off.web_link_base(), None);
        let proxied = settings_from(&[
            ("WEB_ADDR", "0.0.0.0:9000"),
            ("WEB_PUBLIC_URL", "https://fellows.example.org/"),
        ])
        .unwrap();
        assert_eq!(
            proxied.web_link_base().as_deref(),
            Some("https://fellows.example.org")
        );
    }

    #[test]
    fn logs_are_text_unless_json_is_asked_for() {
        assert_eq!(settings_from(&[]).unwrap().log_format, LogFormat::Text);
        let json = settings_from(&[("LOG_FORMAT", "JSON")]).unwrap();
        assert_eq!(json.log_format, LogFormat::Json);
    }

    #[test]
    fn admins_and_trusts_are_parsed() {
        let settings =
            settings_from(&[("BOT_ADMINS", "1, 22,333"), ("TRUSTS", "rwt,wht")]).unwrap();
        assert_eq!(settings.admins, vec![1, 22, 333]);
        assert_eq!(settings.trusts, vec!["RWT", "WHT"]);
    }
}
