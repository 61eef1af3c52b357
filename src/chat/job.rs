//! What a due job gives the worker: the replies to send, and until when they are worth sending.

use chrono::{DateTime, Utc};

use super::Reply;

/// What a due job sends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobWork {
    pub replies: Vec<Reply>,
    /// After this the replies are not worth sending (a reminder once its session starts); None:
    /// the worker's default.
    pub useful_until: Option<DateTime<Utc>>,
}

impl From<Vec<Reply>> for JobWork {
    fn from(replies: Vec<Reply>) -> Self {
        Self {
            replies,
            useful_until: None,
        }
    }
}
