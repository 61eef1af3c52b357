//! The one place that tells Bot API failures apart: each becomes one of the core's four
//! outcomes ([`SendOutcome`]), or a group to follow to its new supergroup id.

use teloxide::{ApiError, RequestError};

use crate::chat::{Refusal, SendOutcome};

/// What a failed Bot API call means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// The group became a supergroup with this id: send there instead.
    Migrated(i64),
    /// How the send ended.
    Ended(SendOutcome),
}

/// A failure as a log line may show it: never the raw answer of an unreadable reply (an answer
/// to getUpdates holds people's messages; one to sendMessage, what was sent) nor the serde error
/// (it quotes the value it stumbled on).
pub fn loggable(error: &RequestError) -> String {
    match error {
        RequestError::Api(api) => format!("the Bot API refused: {api}"),
        RequestError::MigrateToChatId(chat) => format!("the group became supergroup {}", chat.0),
        RequestError::RetryAfter(seconds) => {
            format!("flood control: retry after {}s", seconds.seconds())
        }
        RequestError::Network(network) if network.is_timeout() => "a network timeout".into(),
        RequestError::Network(network) if network.is_connect() => {
            "could not connect to the Bot API".into()
        }
        RequestError::Network(_) => "a network error".into(),
        RequestError::InvalidJson { raw, .. } => {
            format!("an answer that could not be read ({} bytes)", raw.len())
        }
        RequestError::Io(io) => format!("an I/O error: {io}"),
    }
}

/// How a failed call ended. Reasons are [`loggable`]: they reach logs, job rows and reports.
pub fn classify_failure(error: &RequestError) -> SendFailure {
    let outcome = match error {
        RequestError::MigrateToChatId(chat) => return SendFailure::Migrated(chat.0),
        RequestError::RetryAfter(seconds) => SendOutcome::Failed {
            reason: "Too Many Requests".into(),
            retry_after: Some(seconds.duration()),
        },
        RequestError::Network(network) if network.is_connect() => SendOutcome::Failed {
            // Refused, unreachable or timed out while connecting: nothing reached Telegram.
            reason: "could not connect to the Bot API".into(),
            retry_after: None,
        },
        // The request was never built, so never sent; building it again will not help.
        RequestError::Network(network) if network.is_builder() => {
            SendOutcome::Refused(Refusal::Rejected(loggable(error)))
        }
        // A timeout after the request went out, a connection dropped mid-answer, or an answer
        // that does not parse: Telegram may have acted on it.
        RequestError::Network(_) | RequestError::InvalidJson { .. } => {
            SendOutcome::Unknown(loggable(error))
        }
        // Reading a file to upload failed: nothing was sent, and trying again will not help.
        RequestError::Io(_) => SendOutcome::Refused(Refusal::Rejected(loggable(error))),
        RequestError::Api(api) => classify_api(api, error),
    };
    SendFailure::Ended(outcome)
}

fn classify_api(api: &ApiError, error: &RequestError) -> SendOutcome {
    match api {
        ApiError::BotBlocked
        | ApiError::UserDeactivated
        | ApiError::ChatNotFound
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::CantInitiateConversation
        | ApiError::CantTalkWithBots => SendOutcome::Refused(Refusal::Unreachable),
        // Nothing left to do: the message already reads so, or is already gone.
        ApiError::MessageNotModified | ApiError::MessageToDeleteNotFound => {
            SendOutcome::Delivered { message_id: None }
        }
        // Telegram's servers answered that they could not take it (5xx): try again.
        ApiError::Unknown(description) if is_server_trouble(description) => SendOutcome::Failed {
            reason: description.clone(),
            retry_after: None,
        },
        _ => SendOutcome::Refused(Refusal::Rejected(loggable(error))),
    }
}

fn is_server_trouble(description: &str) -> bool {
    [
        "Internal Server Error",
        "Bad Gateway",
        "Service Unavailable",
        "Gateway Timeout",
    ]
    .iter()
    .any(|s| description.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(error: RequestError) -> SendOutcome {
        match classify_failure(&error) {
            SendFailure::Ended(outcome) => outcome,
            SendFailure::Migrated(to) => panic!("migrated to {to}"),
        }
    }

    #[test]
    fn blocked_people_are_refused_and_server_errors_are_retried() {
        assert_eq!(
            outcome(RequestError::Api(ApiError::BotBlocked)),
            SendOutcome::Refused(Refusal::Unreachable)
        );
        assert_eq!(
            outcome(RequestError::Api(ApiError::UserDeactivated)),
            SendOutcome::Refused(Refusal::Unreachable)
        );
        assert!(matches!(
            outcome(RequestError::Api(ApiError::Unknown("Bad Gateway".into()))),
            SendOutcome::Failed {
                retry_after: None,
                ..
            }
        ));
        assert_eq!(
            outcome(RequestError::Api(ApiError::MessageNotModified)),
            SendOutcome::Delivered { message_id: None }
        );
        assert!(matches!(
            outcome(RequestError::Api(ApiError::Unknown("odd".into()))),
            SendOutcome::Refused(Refusal::Rejected(_))
        ));
    }

    #[test]
    fn an_answer_that_does_not_parse_is_unknown_not_a_failure() {
        let garbage = serde_json::from_str::<serde_json::Value>("{\"ok\":tr").unwrap_err();
        let error = RequestError::InvalidJson {
            source: std::sync::Arc::new(garbage),
            raw: "{\"ok\":tr".into(),
        };
        assert_eq!(
            outcome(error),
            SendOutcome::Unknown("an answer that could not be read (8 bytes)".into()),
            "its reason never holds the answer itself"
        );
    }

    /// A bot whose calls go to `url` and time out after a second.
    fn bot_at(url: &str) -> teloxide::Bot {
        let client = teloxide::net::default_reqwest_settings()
            .timeout(std::time::Duration::from_secs(1))
            .build()
            .unwrap();
        teloxide::Bot::with_client("123:abc", client).set_api_url(url.parse().unwrap())
    }

    async fn send_to(url: &str) -> SendOutcome {
        use teloxide::prelude::Requester;
        let error = bot_at(url)
            .send_message(teloxide::types::ChatId(1), "hi")
            .await
            .unwrap_err();
        outcome(error)
    }

    #[tokio::test]
    async fn a_refused_connection_failed_before_telegram_but_a_silence_after_sending_is_unknown() {
        // A port nothing listens on: the request never left.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let refused_at = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        assert!(matches!(
            send_to(&refused_at).await,
            SendOutcome::Failed {
                retry_after: None,
                ..
            }
        ));

        // A server that takes the request and never answers: it may have acted on it.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let silent_at = format!("http://{}", silent.local_addr().unwrap());
        let held = tokio::spawn(async move {
            let mut kept = Vec::new();
            while let Ok((socket, _)) = silent.accept().await {
                kept.push(socket);
            }
        });
        assert_eq!(
            send_to(&silent_at).await,
            SendOutcome::Unknown("a network timeout".into())
        );
        held.abort();
    }

    #[test]
    fn flood_control_says_how_long_to_wait() {
        let error = RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(7));
        assert_eq!(
            outcome(error),
            SendOutcome::Failed {
                reason: "Too Many Requests".into(),
                retry_after: Some(std::time::Duration::from_secs(7)),
            }
        );
    }

    #[test]
    fn an_unreadable_answer_is_logged_by_its_size_never_its_content() {
        let raw = r#"{"ok":true,"result":[{"update_id":9,"message":{"text":"my visa was refused","date":"x"}}]}"#;
        let source = serde_json::from_str::<u8>(raw).unwrap_err();
        let error = RequestError::InvalidJson {
            source: std::sync::Arc::new(source),
            raw: raw.into(),
        };
        assert!(
            error.to_string().contains("visa"),
            "teloxide's own text would leak it"
        );
        let line = loggable(&error);
        assert!(
            !line.contains("visa") && !line.contains("update_id"),
            "{line}"
        );
        assert!(line.contains(&raw.len().to_string()), "{line}");
    }
}
