//! Saving and reading a person's half-filled form (registration, a new session...) in the
//! conversations table, so a restart loses nothing; with the form's detours (a question typed
//! at a text step, a command in the middle; handled in `assistant::detours`). A saved state that no longer reads
//! (saved by an older version) is dropped rather than blocking the person.

pub(crate) mod press;

pub use press::FormPress;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{ChatError, Context, Inbound};

/// A form's state as saved, with where the person is in a detour from it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Saved<T> {
    pub(crate) state: T,
    #[serde(flatten)]
    pub(crate) detour: Detour,
}

/// A form set aside for a moment. Saved with the form, so it survives a restart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Detour {
    /// Typed text that may be the answer or a question, kept only until the person says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pending: Option<PendingText>,
    /// Set aside by a command or a question: typed text is a question until /continue.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) parked: bool,
    /// The last pending text the person settled, so a second press is told it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) settled: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PendingText {
    /// Names this text in its buttons, so a press on an older prompt's buttons does nothing.
    pub(crate) id: u32,
    pub(crate) text: String,
}

/// Reads a saved state: the current shape, or the bare state older versions saved.
pub(crate) fn read_saved<T: DeserializeOwned>(json: &str) -> Result<Saved<T>, serde_json::Error> {
    serde_json::from_str::<Saved<T>>(json).or_else(|_| {
        serde_json::from_str::<T>(json).map(|state| Saved {
            state,
            detour: Detour::default(),
        })
    })
}

/// On the shared context, so that every feature's slice reads and saves its own form.
impl Context {
    /// The state of `form` this person has open in this chat, if any.
    pub(crate) async fn open_form<T: DeserializeOwned>(
        &self,
        inbound: &Inbound,
        form: &str,
    ) -> Result<Option<T>, ChatError> {
        Ok(self
            .open_saved(inbound, Some(form))
            .await?
            .map(|(_, saved)| saved.state))
    }

    /// The state of `form` open in this private chat; None in groups, where forms never run.
    pub(crate) async fn open_private_form<T: DeserializeOwned>(
        &self,
        inbound: &Inbound,
        form: &str,
    ) -> Result<Option<T>, ChatError> {
        if !inbound.chat.is_private() {
            return Ok(None);
        }
        self.open_form(inbound, form).await
    }

    /// Saves the state of `form` after an answer: the form is back on its way, no detour.
    pub(crate) async fn save_form<T: Serialize>(
        &self,
        inbound: &Inbound,
        form: &str,
        state: &T,
    ) -> Result<(), ChatError> {
        // Remember the last settled question of the same form, so a late second press of its
        // buttons is still told it is done.
        let settled = match self
            .open_saved::<serde_json::Value>(inbound, Some(form))
            .await?
        {
            Some((_, saved)) => saved.detour.settled,
            None => None,
        };
        let detour = Detour {
            settled,
            ..Detour::default()
        };
        self.save_with_detour(inbound, form, state, detour).await
    }

    pub(crate) async fn save_with_detour<T: Serialize>(
        &self,
        inbound: &Inbound,
        form: &str,
        state: &T,
        detour: Detour,
    ) -> Result<(), ChatError> {
        let saved = Saved { state, detour };
        let json = serde_json::to_string(&saved).map_err(anyhow::Error::from)?;
        self.store
            .save_conversation(inbound.chat.id, inbound.from.id, form, &json, self.now())
            .await?;
        Ok(())
    }

    /// The form open in this chat (only `form`, when given) with its detour, and its name.
    pub(crate) async fn open_saved<T: DeserializeOwned>(
        &self,
        inbound: &Inbound,
        form: Option<&str>,
    ) -> Result<Option<(String, Saved<T>)>, ChatError> {
        let Some(saved) = self
            .store
            .load_conversation(inbound.chat.id, inbound.from.id)
            .await?
        else {
            return Ok(None);
        };
        if form.is_some_and(|form| saved.form != form) {
            return Ok(None);
        }
        match read_saved(&saved.state) {
            Ok(state) => Ok(Some((saved.form, state))),
            Err(error) => {
                tracing::warn!(%error, form = saved.form, "a saved form could not be read; dropping it");
                self.store
                    .clear_conversation(inbound.chat.id, inbound.from.id)
                    .await?;
                Ok(None)
            }
        }
    }
}

/// What a step expects to be typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A person's name: a few words, no sentence.
    Name,
    /// A specialty or department: a short label.
    Specialty,
    /// A session's title: a label, which may start "How to".
    Title,
    /// A room or an online link.
    Place,
    /// Free text such as a feedback comment: only a clear question is held back.
    Comment,
    /// A date, a number or a choice the form reads for itself.
    Parsed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_saved_before_detours_existed_still_reads() {
        let bare = r#"{"form_id":7}"#;
        let saved: Saved<serde_json::Value> = read_saved(bare).unwrap();
        assert_eq!(saved.state["form_id"], 7);
        assert_eq!(saved.detour, Detour::default());
        let unit_variant: Saved<serde_json::Value> = read_saved(r#""AwaitingMessage""#).unwrap();
        assert_eq!(unit_variant.state, "AwaitingMessage");
    }

    #[test]
    fn a_pending_text_and_a_parked_form_read_back_the_same() {
        let detour = Detour {
            pending: Some(PendingText {
                id: 41,
                text: "how i get blue light card".into(),
            }),
            parked: true,
            settled: Some(40),
        };
        let json = serde_json::to_string(&Saved {
            state: serde_json::json!({"step": "name"}),
            detour: detour.clone(),
        })
        .unwrap();
        let back: Saved<serde_json::Value> = read_saved(&json).unwrap();
        assert_eq!(back.detour, detour);
        assert_eq!(back.state["step"], "name");
    }
}
