//! Renaming a session or changing where it is (from the console; the chat has no command for
//! it yet): the same checks as the /newsession form, the same change counter as a move, and the
//! same notice job, so people hear once about a new place and a new time together.

use super::moves::{MoveRefusal, NAMES_SHOWN, change_notice};
use super::{SessionMoves, Sessions};
use crate::chat::ChatError;
use crate::sessions::Session;
use crate::sessions::form::{check_location, check_title};

/// What an edit would do, for the lead to look at before confirming.
pub(crate) struct EditPlan {
    pub title: String,
    pub location: String,
    /// The notice (Telegram HTML) each person going or waiting gets; None for a new title only.
    pub notice: Option<String>,
    pub people: usize,
    /// The first of their names (up to 30), in the order they answered.
    pub names: Vec<String>,
}

impl SessionMoves<'_> {
    /// Checks a new title (empty: keep it) and place as the form does; what the edit would do.
    pub(crate) async fn plan_edit(
        &self,
        session: &Session,
        title: &str,
        location: &str,
    ) -> Result<Result<EditPlan, String>, ChatError> {
        let (title, location) = (title.trim(), location.trim());
        let title = if title.is_empty() {
            session.details.title.as_str()
        } else {
            title
        };
        if let Err(problem) = check_title(title) {
            return Ok(Err(format!("Title: {problem}")));
        }
        if let Err(problem) = check_location(location) {
            return Ok(Err(format!("Where: {problem}")));
        }
        if title == session.details.title && location == session.details.location {
            return Ok(Err(
                "Nothing changes: that is its title and place now.".into()
            ));
        }
        let people = self.store.session_people(session.id).await?;
        let mut names = Vec::new();
        for (user_id, _) in people.iter().take(NAMES_SHOWN) {
            names.push(self.display_name(*user_id).await?);
        }
        let mut edited = session.clone();
        edited.details.title = title.to_owned();
        let zone = self.settings.timezone;
        let notice = (location != session.details.location).then(|| {
            let from = session.details.starts_at;
            change_notice(&edited, from, Some(location), zone, self.now())
        });
        Ok(Ok(EditPlan {
            title: title.to_owned(),
            location: location.to_owned(),
            notice,
            people: people.len(),
            names,
        }))
    }

    /// Renames or relocates the session `by` a lead confirmed, if it is still as previewed (at
    /// `sequence`): the audit line, reminders and the notice job follow, as for a move.
    pub(crate) async fn carry_out_edit(
        &self,
        by: i64,
        session_id: i64,
        sequence: i64,
        (title, location): (&str, &str),
    ) -> Result<Result<Session, MoveRefusal>, ChatError> {
        let Some(session) = Sessions::new(self).live_session(session_id).await? else {
            return Ok(Err(MoveRefusal::Gone));
        };
        if session.sequence != sequence {
            let same = session.details.title == title && session.details.location == location;
            return Ok(Err(if same {
                MoveRefusal::AlreadyDone
            } else {
                MoveRefusal::Stale
            }));
        }
        if check_title(title).is_err() || check_location(location).is_err() {
            return Ok(Err(MoveRefusal::Stale));
        }
        if !self
            .store
            .edit_session(session.id, title, location, sequence)
            .await?
        {
            return Ok(Err(MoveRefusal::Stale));
        }
        let Some(edited) = Sessions::new(self).live_session(session.id).await? else {
            return Ok(Err(MoveRefusal::Stale));
        };
        let detail = format!("{}: {title}, at {location}", session.id);
        self.store
            .record_audit(by, "edit session", &detail, self.now())
            .await?;
        self.after_change(&edited, &session).await?;
        Ok(Ok(edited))
    }
}
