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
}
