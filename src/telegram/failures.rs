//! The one place that tells Bot API failures apart and says what to do about each.

use std::time::Duration;

use teloxide::{ApiError, RequestError};

/// What a failed Bot API call means for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Flood control: wait this long, then try again.
    RetryAfter(Duration),
    /// The person blocked the bot, deleted their account, or the bot left the chat: stop trying.
    Unreachable,
    /// The group became a supergroup with this id.
    Migrated(i64),
    /// Network trouble or a server error: try again with back-off.
    Transient,
    /// Editing a message into what it already says: nothing to do.
    Unchanged,
    /// Anything else: log it and give up.
    Permanent,
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

pub fn classify_failure(error: &RequestError) -> SendFailure {
    match error {
        RequestError::RetryAfter(seconds) => SendFailure::RetryAfter(seconds.duration()),
        RequestError::MigrateToChatId(chat) => SendFailure::Migrated(chat.0),
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => {
            SendFailure::Transient
        }
        RequestError::Api(api) => classify_api(api),
    }
}

fn classify_api(error: &ApiError) -> SendFailure {
    match error {
        ApiError::BotBlocked
        | ApiError::UserDeactivated
        | ApiError::ChatNotFound
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::CantInitiateConversation
        | ApiError::CantTalkWithBots => SendFailure::Unreachable,
        // Nothing left to do: the message already reads so, or is already gone.
        ApiError::MessageNotModified | ApiError::MessageToDeleteNotFound => SendFailure::Unchanged,
        ApiError::Unknown(description) => {
            let server_trouble = [
                "Internal Server Error",
                "Bad Gateway",
                "Service Unavailable",
                "Gateway Timeout",
            ];
            if server_trouble.iter().any(|s| description.contains(s)) {
                SendFailure::Transient
            } else {
                SendFailure::Permanent
            }
        }
        _ => SendFailure::Permanent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocked_people_are_unreachable_and_server_errors_are_retried() {
        assert_eq!(
            classify_failure(&RequestError::Api(ApiError::BotBlocked)),
            SendFailure::Unreachable
        );
        assert_eq!(
            classify_failure(&RequestError::Api(ApiError::UserDeactivated)),
            SendFailure::Unreachable
        );
        assert_eq!(
            classify_failure(&RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into()
            ))),
            SendFailure::Transient
        );
        assert_eq!(
            classify_failure(&RequestError::Api(ApiError::MessageNotModified)),
            SendFailure::Unchanged
        );
        assert_eq!(
            classify_failure(&RequestError::Api(ApiError::Unknown("odd".into()))),
            SendFailure::Permanent
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
