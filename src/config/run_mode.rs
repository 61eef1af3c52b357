//! How updates reach the bot: long polling (one process, the default) or Telegram's webhook
//! (any number of replicas behind HTTPS, sharing a PostgreSQL database).

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::ConfigError;

/// How updates reach the bot (`RUN_MODE`).
#[derive(Debug, Clone, Default)]
pub enum RunMode {
    /// One process asks Telegram for updates (getUpdates). Telegram refuses a second poller.
    #[default]
    Polling,
    /// Telegram posts each update to `WEBHOOK_URL`; every replica behind it takes its share.
    Webhook(Webhook),
}

/// The webhook Telegram posts updates to, and the secret it sends with each.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The public https address Telegram posts to (`WEBHOOK_URL`); its path is where each
    /// replica listens, on the web console's server.
    pub url: Url,
    /// What Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (`WEBHOOK_SECRET`).
    pub secret: WebhookSecret,
}

impl Webhook {
    /// The path the replicas answer on, as in the public URL (`/telegram` when it has none).
    pub fn path(&self) -> &str {
        match self.url.path() {
            "" | "/" => "/telegram",
            path => path,
        }
    }
}

/// The webhook's secret token, kept out of logs and debug output.
#[derive(Clone)]
pub struct WebhookSecret(SecretString);

impl WebhookSecret {
    /// Telegram's rule: 1 to 256 of `A-Z`, `a-z`, `0-9`, `_` and `-`. At least 32 here, as
    /// the secret is all that stands between the open endpoint and the inbox.
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let shape_ok = (32..=256).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !shape_ok {
            return Err(ConfigError::Invalid {
                variable: "WEBHOOK_SECRET",
                problem: "must be 32 to 256 letters, digits, '_' or '-' (make one with: openssl rand -hex 32)".into(),
            });
        }
        Ok(Self(SecretString::from(raw.to_owned())))
    }

    /// The secret itself, for comparing with a request's header and for setWebhook.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret([hidden])")
    }
}

impl RunMode {
    /// Reads `RUN_MODE`, `WEBHOOK_URL` and `WEBHOOK_SECRET` through `value` (which treats an
    /// empty variable as unset). Webhook mode needs both, PostgreSQL (replicas share the
    /// database; SQLite is one process's file) and the web server the endpoint lives on.
    pub(super) fn read(
        value: impl Fn(&str) -> Option<String>,
        database_url: &str,
        web_addr: Option<std::net::SocketAddr>,
    ) -> Result<Self, ConfigError> {
        let mode = value("RUN_MODE").map(|m| m.to_ascii_lowercase());
        match mode.as_deref() {
            None | Some("polling") => Ok(Self::Polling),
            Some("webhook") => {
                let url = value("WEBHOOK_URL").ok_or(ConfigError::Invalid {
                    variable: "WEBHOOK_URL",
                    problem: "is needed with RUN_MODE=webhook: the https address Telegram posts updates to, like https://bot.example.nhs.uk/telegram".into(),
                })?;
                let url = parse_webhook_url(&url)?;
                let secret = value("WEBHOOK_SECRET").ok_or(ConfigError::Invalid {
                    variable: "WEBHOOK_SECRET",
                    problem: "is needed with RUN_MODE=webhook, so that only Telegram can post updates (make one with: openssl rand -hex 32)".into(),
                })?;
                let secret = WebhookSecret::parse(&secret)?;
                if !database_url.starts_with("postgres") {
                    return Err(ConfigError::Invalid {
                        variable: "RUN_MODE",
                        problem: "is webhook, which runs replicas that share one PostgreSQL database; SQLite is a single process's file. Set DATABASE_URL=postgres://... or leave RUN_MODE unset for long polling".into(),
                    });
                }
                if web_addr.is_none() {
                    return Err(ConfigError::Invalid {
                        variable: "WEB_ADDR",
                        problem: "is empty, but RUN_MODE=webhook receives updates on the web server: give it an address like 0.0.0.0:8080".into(),
                    });
                }
                Ok(Self::Webhook(Webhook { url, secret }))
            }
            Some(other) => Err(ConfigError::Invalid {
                variable: "RUN_MODE",
                problem: format!(
                    "is '{other}'; use polling (the default, one process) or webhook (replicas on PostgreSQL)"
                ),
            }),
        }
    }

    /// The webhook, in webhook mode.
    pub fn webhook(&self) -> Option<&Webhook> {
        match self {
            Self::Polling => None,
            Self::Webhook(webhook) => Some(webhook),
        }
    }
}

/// Telegram posts only to https, on ports 443, 80, 88 or 8443.
fn parse_webhook_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).ok().filter(|u| {
        u.scheme() == "https"
            && u.host().is_some()
            && matches!(u.port_or_known_default(), Some(443 | 80 | 88 | 8443))
            && u.query().is_none()
    });
    url.ok_or_else(|| ConfigError::Invalid {
        variable: "WEBHOOK_URL",
        problem: format!("is '{raw}'; Telegram posts only to https on port 443, 80, 88 or 8443, like https://bot.example.nhs.uk/telegram"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";
    const PG: &str = "postgres://db/bot";

    fn read(pairs: &[(&str, &str)], database: &str) -> Result<RunMode, ConfigError> {
        let addr = Some("0.0.0.0:8080".parse().unwrap());
        RunMode::read(
            |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            },
            database,
            addr,
        )
    }

    #[test]
    fn polling_is_the_default() {
        assert!(matches!(read(&[], PG).unwrap(), RunMode::Polling));
        assert!(matches!(
            read(&[("RUN_MODE", "Polling")], PG).unwrap(),
            RunMode::Polling
        ));
    }

    #[test]
    fn a_webhook_needs_https_a_secret_and_postgresql() {
        let ok = read(
            &[
                ("RUN_MODE", "webhook"),
                ("WEBHOOK_URL", "https://bot.example.org/tg/updates"),
                ("WEBHOOK_SECRET", SECRET),
            ],
            PG,
        )
        .unwrap();
        let webhook = ok.webhook().unwrap();
        assert_eq!(webhook.path(), "/tg/updates");
        assert!(!format!("{ok:?}").contains(SECRET), "the secret is hidden");
        let problems = [
            (vec![("RUN_MODE", "webhook")], PG, "WEBHOOK_URL"),
            (
                vec![
                    ("RUN_MODE", "webhook"),
                    ("WEBHOOK_URL", "http://bot.example.org/x"),
                ],
                PG,
                "WEBHOOK_URL",
            ),
            (
                vec![
                    ("RUN_MODE", "webhook"),
                    ("WEBHOOK_URL", "https://bot.example.org:9000/x"),
                    ("WEBHOOK_SECRET", SECRET),
                ],
                PG,
                "WEBHOOK_URL",
            ),
            (
                vec![
                    ("RUN_MODE", "webhook"),
                    ("WEBHOOK_URL", "https://bot.example.org/x"),
                ],
                PG,
                "WEBHOOK_SECRET",
            ),
            (
                vec![
                    ("RUN_MODE", "webhook"),
                    ("WEBHOOK_URL", "https://bot.example.org/x"),
                    ("WEBHOOK_SECRET", "short"),
                ],
                PG,
                "WEBHOOK_SECRET",
            ),
            (
                vec![
                    ("RUN_MODE", "webhook"),
                    ("WEBHOOK_URL", "https://bot.example.org/x"),
                    ("WEBHOOK_SECRET", SECRET),
                ],
                "sqlite://data/bot.db",
                "PostgreSQL",
            ),
            (vec![("RUN_MODE", "cluster")], PG, "RUN_MODE"),
        ];
        for (pairs, database, expected) in problems {
            let error = read(&pairs, database).unwrap_err().to_string();
            assert!(error.contains(expected), "{pairs:?}: {error}");
        }
    }

    #[test]
    fn a_webhook_with_no_path_listens_on_telegram() {
        let mode = read(
            &[
                ("RUN_MODE", "webhook"),
                ("WEBHOOK_URL", "https://bot.example.org"),
                ("WEBHOOK_SECRET", SECRET),
            ],
            PG,
        )
        .unwrap();
        assert_eq!(mode.webhook().unwrap().path(), "/telegram");
    }
}
