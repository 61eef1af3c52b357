//! Saving and reading a person's half-filled form (registration, a new session...) in the
//! conversations table, so a restart loses nothing. A saved state that no longer reads (saved
//! by an older version) is dropped rather than blocking the person.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Assistant, ChatError, Inbound};

impl Assistant {
    /// The state of `form` this person has open in this chat, if any.
    pub(super) async fn open_form<T: DeserializeOwned>(
        &self,
        inbound: &Inbound,
        form: &str,
    ) -> Result<Option<T>, ChatError> {
        let Some(saved) = self
            .store
            .load_conversation(inbound.chat.id, inbound.from.id)
            .await?
        else {
            return Ok(None);
        };
        if saved.form != form {
            return Ok(None);
        }
        match serde_json::from_str(&saved.state) {
            Ok(state) => Ok(Some(state)),
            Err(error) => {
                tracing::warn!(%error, form, "a saved form could not be read; dropping it");
                self.store
                    .clear_conversation(inbound.chat.id, inbound.from.id)
                    .await?;
                Ok(None)
            }
        }
    }

    /// The state of `form` open in this private chat; None in groups, where forms never run.
    pub(super) async fn open_private_form<T: DeserializeOwned>(
        &self,
        inbound: &Inbound,
        form: &str,
    ) -> Result<Option<T>, ChatError> {
        if !inbound.chat.is_private() {
            return Ok(None);
        }
        self.open_form(inbound, form).await
    }

    /// Saves the state of `form` after an answer.
    pub(super) async fn save_form<T: Serialize>(
        &self,
        inbound: &Inbound,
        form: &str,
        state: &T,
    ) -> Result<(), ChatError> {
        let state =
            serde_json::to_string(state).map_err(|e| ChatError::Unexpected(e.to_string()))?;
        self.store
            .save_conversation(inbound.chat.id, inbound.from.id, form, &state, self.now())
            .await?;
        Ok(())
    }
}
