//! An answer too long to keep whole: its first [`ANSWER_LIMIT`] characters are kept as a draft
//! in the conversation (never beside the response, so nothing links it to the fellow once the
//! form closes and the conversation is deleted), and the fellow confirms it or sends a shorter one.

use super::messages::choose;
use super::{FORM, Feedback, FeedbackConversation};
use crate::chat::{Handled, Inbound, Reply};
use crate::feedback::ANSWER_LIMIT;
use crate::feedback::press::FeedbackPress;
use crate::message::{Message, escape};

/// How much of the draft's end is shown, so the fellow sees where it was cut.
const TAIL_SHOWN: usize = 80;

impl Feedback<'_> {
    /// Keeps the first [`ANSWER_LIMIT`] characters of `text` and asks the fellow to confirm them.
    pub(super) async fn keep_draft(&self, inbound: &Inbound, form_id: i64, text: &str) -> Handled {
        let draft: String = text.trim().chars().take(ANSWER_LIMIT).collect();
        let tail: Vec<char> = draft.chars().rev().take(TAIL_SHOWN).collect();
        let tail: String = tail.into_iter().rev().collect();
        self.save_form(
            inbound,
            FORM,
            &FeedbackConversation {
                draft: Some(draft),
                form_id,
            },
        )
        .await?;
        let limit = thousands(ANSWER_LIMIT);
        let hint = format!(
            "Thank you, that's a lot to say! I can keep {limit} characters, so I've kept the first {limit} as a draft. It ends: <i>…{}</i>\n\nTap <b>Use this draft</b> to save it, or send a shorter answer instead.",
            escape(&tail)
        );
        let buttons = vec![vec![choose(
            "✅ Use this draft",
            FeedbackPress::UseDraft(form_id),
        )]];
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(hint).with_buttons(buttons),
        )])
    }

    /// "Use this draft": saves the kept draft as the answer and asks the next question.
    pub(super) async fn use_draft(
        &self,
        inbound: &Inbound,
        query_id: &str,
        form_id: i64,
    ) -> Handled {
        let draft = self
            .open_feedback_conversation(inbound)
            .await?
            .filter(|open| open.form_id == form_id)
            .and_then(|open| open.draft);
        match draft {
            Some(draft) => self.advance(inbound, form_id, Some(&draft)).await,
            None => Ok(Reply::notice(
                &inbound.chat,
                query_id,
                "That draft has been dealt with already.",
            )),
        }
    }
}

/// 1500 as "1,500".
fn thousands(n: usize) -> String {
    match n {
        1_000.. => format!("{},{:03}", n / 1_000, n % 1_000),
        _ => n.to_string(),
    }
}
