//! A fellow's own data: /mydata shows everything kept about them, /forgetme deletes it after
//! a confirmation. What is kept is the store's; open feedback is closed by the feedback feature.

use crate::chat::{Handled, Inbound, Reply, feature_slice};
use crate::fellows::press::Forget;

use crate::message::{Button, Message, escape};

feature_slice!(
    /// /mydata and /forgetme: a fellow's own data, shown or deleted.
    MyData
);

impl MyData<'_> {
    /// /mydata: everything kept about the asker, as text and as a JSON file.
    pub async fn my_data(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /mydata in a private chat with me."),
            )]);
        }
        let user_id = inbound.from.id;
        let person = self.store.person(user_id).await?;
        let fellow = self.store.fellow(user_id).await?;
        let roles = self.store.roles_of(user_id).await?;
        let questions = self.store.questions_asked_by(user_id).await?;
        let form = self.store.load_conversation(chat.id, user_id).await?;
        let journey = self.store.journey_steps_of(user_id).await?;
        let paused_until = self.store.journey_paused_until(user_id).await?;
        let shared_since = self.store.journey_shared_since(user_id).await?;
        let nights = self
            .store
            .night_shifts_of(user_id, chrono::NaiveDate::MIN)
            .await?;
        let json = serde_json::json!({
            "telegram_user_id": user_id,
            "telegram_name": person.as_ref().map(|p| &p.first_name),
            "telegram_username": person.as_ref().and_then(|p| p.username.as_ref()),
            "registration": fellow.as_ref().map(|f| serde_json::json!({
                "name": f.name, "trust": f.trust, "start_date": f.start_date.to_string(),
                "specialty": f.specialty, "left_on": f.left_on.map(|d| d.to_string()),
            })),
            "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "questions_asked": questions.iter().map(|(at, q, t)| serde_json::json!({
                "asked_at": at.to_rfc3339(), "question": q, "answered_with": t,
            })).collect::<Vec<_>>(),
            "form_in_progress": form.map(|f| f.form),
            "arrival_checklist": journey.iter().map(|step| serde_json::json!({
                "step": step.step_id,
                "marked": step.state.map(|s| s.as_str()),
                "marked_at": step.state_at.map(|at| at.to_rfc3339()),
                "nudged_at": step.nudged_at.map(|at| at.to_rfc3339()),
            })).collect::<Vec<_>>(),
            "nudges_paused_until": paused_until.map(|at| at.to_rfc3339()),
            "checklist_shared_with_buddy_since": shared_since.map(|at| at.to_rfc3339()),
            "night_shifts": nights.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        });
        let mut lines = vec!["<b>What I keep about you</b>".to_owned()];
        lines.push(format!("• Telegram id {user_id}"));
        match &fellow {
            Some(f) => lines.push(format!(
                "• Registration: {}, {}, starting {}, {}",
                escape(&f.name),
                escape(&f.trust),
                f.start_date.format("%-d %B %Y"),
                escape(&f.specialty)
            )),
            None => lines.push("• Not registered".into()),
        }
        if !roles.is_empty() {
            lines.push(format!(
                "• Roles: {}",
                roles
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        lines.push(format!("• Questions you asked me: {}", questions.len()));
        let marked = journey.iter().filter(|s| s.state.is_some()).count();
        lines.push(format!(
            "• Arrival checklist: {marked} steps marked, {} nudged; {} night-shift days",
            journey.iter().filter(|s| s.nudged_at.is_some()).count(),
            nights.len()
        ));
        lines.push(match shared_since {
            Some(_) => {
                "• Your buddy may see your arrival checklist (you agreed in /journey)".into()
            }
            None => "• Your arrival checklist is not shared with your buddy".into(),
        });
        lines.push("\nThe attached file has all of it. /forgetme deletes it.".into());
        let content = serde_json::to_vec_pretty(&json).map_err(anyhow::Error::from)?;
        Ok(vec![
            Reply::to(chat, Message::html(lines.join("\n"))),
            Reply::document(
                chat,
                "my-data.json",
                content,
                "Everything the fellowship bot keeps about you",
            ),
        ])
    }

    /// /forgetme: asks to confirm first.
    pub async fn forget_me(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /forgetme in a private chat with me."),
            )]);
        }
        let text = "Delete everything I keep about you: your registration, roles, the questions you asked, your arrival checklist (and whether your buddy may see it), your nights and any form in progress? This cannot be undone.";
        let buttons = vec![vec![
            Button::press("🗑 Yes, delete it all", Forget(true)),
            Button::press("Keep my data", Forget(false)),
        ]];
        Ok(vec![Reply::to(
            chat,
            Message::html(text).with_buttons(buttons),
        )])
    }

    pub async fn on_forget_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        yes: bool,
    ) -> Handled {
        let chat = &inbound.chat;
        let text = if yes {
            crate::feedback::conversation::FeedbackRounds::new(self)
                .forget_open_feedback(inbound.from.id)
                .await?;
            self.store.forget_person(inbound.from.id).await?;
            self.chat_changed(inbound.from.id);
            tracing::info!("a person's data was deleted at their request");
            "Done: I have deleted everything I kept about you. If you write to me again, I keep only what /privacy describes."
        } else {
            "Nothing was deleted."
        };
        let mut replies = vec![Reply::answer_button(chat, query_id, None)];
        replies.push(match message_id {
            Some(id) => Reply::edit(chat, id, Message::html(text)),
            None => Reply::to(chat, Message::html(text)),
        });
        Ok(replies)
    }
}
