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
            SendOutcome::Refused(Refusal::Rejected(error.to_string()))
        }
        // A timeout after the request went out, a connection dropped mid-answer, or an answer
        // that does not parse: Telegram may have acted on it.
        RequestError::Network(_) | RequestError::InvalidJson { .. } => {
            SendOutcome::Unknown(error.to_string())
        }
        // Reading a file to upload failed: nothing was sent, and trying again will not help.
        RequestError::Io(_) => SendOutcome::Refused(Refusal::Rejected(error.to_string())),
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
        _ => SendOutcome::Refused(Refusal::Rejected(error.to_string())),
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
        assert!(matches!(outcome(error), SendOutcome::Unknown(_)));
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
}
