//! The people side of the conversation: who may do what, granting and revoking roles, the audit
//! log, /contacts, a fellow's own data (/mydata, /forgetme) and messages to the leads.

use super::{
    Assistant, Button, ChatError, ChatKind, Handled, Inbound, Message, Permission, Press, Reply,
    escape, texts,
};
use crate::fellows::Role;
use crate::store::BotStatus;

/// What one person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Access {
    pub lead: bool,
    pub admin: bool,
}

impl Access {
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::Everyone => true,
            Permission::Lead => self.lead,
            Permission::Admin => self.admin,
        }
    }
}

impl Assistant {
    /// /grant <@username or id> <role> and /revoke: admins only (checked by the caller).
    pub(super) async fn change_role(&self, inbound: &Inbound, args: &str, grant: bool) -> Handled {
        let chat = &inbound.chat;
        let verb = if grant { "grant" } else { "revoke" };
        let usage = format!(
            "Use it like this: /{verb} @username role\nRoles: {}",
            Role::ALL
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let (who, role) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        let Some(role) = Role::parse(role) else {
            return Ok(vec![Reply::to(chat, Message::html(escape(&usage)))]);
        };
        let Some((user_id, name)) = self.find_person(who).await? else {
            let text = format!(
                "I don't know {} yet. They need to send /start to me in a private chat first (or use their numeric Telegram id).",
                escape(who)
            );
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let now = self.now();
        let changed = if grant {
            self.store
                .grant_role(user_id, role, inbound.from.id, now)
                .await?
        } else {
            self.store.revoke_role(user_id, role).await?
        };
        let mut replies = Vec::new();
        let text = match (grant, changed) {
            (true, true) => format!("✅ {} is now: {}.", escape(&name), role.label()),
            (true, false) => format!("{} already has that role: {}.", escape(&name), role.label()),
            (false, true) => format!("✅ {} is no longer: {}.", escape(&name), role.label()),
            (false, false) => format!(
                "{} did not have that role: {}.",
                escape(&name),
                role.label()
            ),
        };
        if changed {
            self.store
                .record_audit(
                    inbound.from.id,
                    verb,
                    &format!("{} {user_id} ({name})", role.as_str()),
                    now,
                )
                .await?;
            if grant && self.store.chat_status(user_id).await? == Some(BotStatus::Member) {
                let note = format!(
                    "👋 You are now a <b>{}</b> in the programme's bot. /help lists what you can do.",
                    role.label()
                );
                replies.push(Reply::to(
                    &super::ChatRef::private(user_id),
                    Message::html(note),
                ));
            }
        }
        replies.insert(0, Reply::to(chat, Message::html(text)));
        Ok(replies)
    }

    /// /roles: everyone holding a role.
    pub(super) async fn list_roles(&self, inbound: &Inbound) -> Handled {
        let holders = self.store.role_holders().await?;
        let mut lines = vec!["<b>Roles</b>".to_owned()];
        if holders.is_empty() {
            lines.push(
                "Nobody holds a role yet. Admins add them with /grant @username role.".into(),
            );
        }
        for holder in holders {
            let trust = holder
                .trust
                .map(|t| format!(" · {}", escape(&t)))
                .unwrap_or_default();
            let username = holder
                .username
                .map(|u| format!(" (@{})", escape(&u)))
                .unwrap_or_default();
            lines.push(format!(
                "• {}: {}{username}{trust}",
                holder.role.label(),
                escape(&holder.name)
            ));
        }
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(lines.join("\n")),
        )])
    }

    /// /audit: the newest entries of the audit log.
    pub(super) async fn audit(&self, inbound: &Inbound) -> Handled {
        let entries = self.store.audit_entries(20).await?;
        let mut lines = vec!["<b>Audit log</b> (newest first)".to_owned()];
        if entries.is_empty() {
            lines.push("Nothing yet.".into());
        }
        for entry in entries {
            let when = entry
                .at
                .with_timezone(&self.settings.timezone)
                .format("%-d %b %H:%M");
            lines.push(format!(
                "• {when} · {} · {} · {}",
                entry.actor,
                escape(&entry.action),
                escape(&entry.detail)
            ));
        }
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(lines.join("\n")),
        )])
    }

    /// Who holds the lead roles, for the asker's trust (and those for every trust).
    pub(super) async fn contacts_directory(
        &self,
        trust: Option<&str>,
    ) -> Result<Message, ChatError> {
        let holders = self.store.role_holders().await?;
        let mut lines = vec![match trust {
            Some(trust) => format!("<b>People to contact at {}</b>", escape(trust)),
            None => "<b>People to contact</b>".to_owned(),
        }];
        let mut listed = 0;
        for role in [
            Role::ChiefFellow,
            Role::PastoralLead,
            Role::EarlySupportLead,
        ] {
            let people: Vec<String> = holders
                .iter()
                .filter(|h| {
                    h.role == role
                        && (trust.is_none() || h.trust.is_none() || h.trust.as_deref() == trust)
                })
                .map(|h| match &h.username {
                    Some(username) => format!("{} (@{})", escape(&h.name), escape(username)),
                    None => escape(&h.name),
                })
                .collect();
            if !people.is_empty() {
                listed += people.len();
                lines.push(format!(
                    "• <b>{}</b> – {}: {}",
                    role.label(),
                    role.helps_with(),
                    people.join(", ")
                ));
            }
        }
        if listed == 0 {
            lines.push("No leads are listed in the bot yet: ask in the fellows' group, or the programme team.".into());
        }
        Ok(Message::html(lines.join("\n")))
    }

    /// /mydata: everything kept about the asker, as text and as a JSON file.
    pub(super) async fn my_data(&self, inbound: &Inbound) -> Handled {
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
    pub(super) async fn forget_me(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /forgetme in a private chat with me."),
            )]);
        }
        let text = "Delete everything I keep about you: your registration, roles, the questions you asked and any form in progress? This cannot be undone.";
        let buttons = vec![vec![
            Button::press("🗑 Yes, delete it all", Press::Forget(true)),
            Button::press("Keep my data", Press::Forget(false)),
        ]];
        Ok(vec![Reply::to(
            chat,
            Message::html(text).with_buttons(buttons),
        )])
    }

    pub(super) async fn on_forget_button(
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

    /// Alerts the leads (as [`to_leads`](Self::to_leads)) about a fellow, at most once per
    /// `kind` and day, however often the fellow presses; None if they were alerted today.
    pub(crate) async fn alert_leads_once(
        &self,
        kind: &str,
        fellow_id: i64,
        trust: Option<&str>,
        text: &str,
    ) -> Result<Option<Vec<Reply>>, ChatError> {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
            .to_string();
        if !self.store.claim_lead_alert(kind, fellow_id, &today).await? {
            return Ok(None);
        }
        Ok(Some(self.to_leads(trust, text).await?))
    }

    /// Messages to every reachable chief fellow, early support lead and admin (for `trust`).
    pub(crate) async fn to_leads(
        &self,
        trust: Option<&str>,
        text: &str,
    ) -> Result<Vec<Reply>, ChatError> {
        let mut leads: Vec<i64> = self
            .store
            .role_holders()
            .await?
            .into_iter()
            .filter(|h| {
                matches!(
                    h.role,
                    Role::EarlySupportLead | Role::ChiefFellow | Role::Admin
                )
            })
            .filter(|h| trust.is_none() || h.trust.is_none() || h.trust.as_deref() == trust)
            .map(|h| h.user_id)
            .chain(self.settings.admins.iter().copied())
            .collect();
        leads.sort_unstable();
        leads.dedup();
        let mut replies = Vec::new();
        for lead in leads {
            if self.store.chat_status(lead).await? == Some(crate::store::BotStatus::Member) {
                replies.push(Reply::to(
                    &super::ChatRef::private(lead),
                    Message::html(text),
                ));
            }
        }
        Ok(replies)
    }

    /// A lead's command sent in a group, answered in their private chat; the group is only told
    /// so (or, if they have never started the bot, how to).
    pub(super) async fn answer_privately(
        &self,
        inbound: &Inbound,
        command: &super::Command<'_>,
    ) -> Handled {
        let group = &inbound.chat;
        if !self.reachable(inbound.from.id).await? {
            let text = "🔒 That answer is for you only, and I can't message you yet: open a private chat with me, tap <b>Start</b>, then send the command there.";
            let open = Button::url(
                "Open a private chat",
                format!("https://t.me/{}", self.bot_username),
            );
            return Ok(vec![Reply::to(
                group,
                Message::html(text).with_buttons(vec![vec![open]]),
            )]);
        }
        let private = Inbound::new(
            super::ChatRef::private(inbound.from.id),
            inbound.from.clone(),
            inbound.event.clone(),
        );
        let mut replies = Box::pin(self.on_command(&private, command)).await?;
        replies.push(Reply::to(
            group,
            Message::html("🔒 I've sent it to you privately."),
        ));
        Ok(replies)
    }

    /// The refusal for someone without the permission a command needs.
    pub(super) fn refuse(&self, inbound: &Inbound, permission: Permission) -> Vec<Reply> {
        let text = match permission {
            Permission::Admin => "Sorry, only programme admins can use that command.",
            _ => texts::leads_only(),
        };
        // In groups, refusals stay quiet rather than fill the chat.
        if inbound.chat.kind == ChatKind::Group {
            return Vec::new();
        }
        vec![Reply::to(&inbound.chat, Message::html(text))]
    }
}
