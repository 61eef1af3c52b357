//! Roles in the conversation: /grant, /revoke and /roles for admins, the /audit log, and the
//! directory of leads the contacts article shows. Which roles exist is `fellows::roles`.

use crate::chat::{ChatError, ChatRef, Handled, Inbound, Reply, feature_slice};

use crate::fellows::Role;
use crate::message::{Message, escape};
use crate::store::BotStatus;

/// The job kind that tells someone about a role the console gave them.
pub(crate) const ROLE_NOTE: &str = "role_note";

feature_slice!(
    /// Who holds which role: granting, revoking and listing them, and the audit log.
    Roles
);

impl Roles<'_> {
    /// /grant <@username or id> <role> and /revoke: admins only (checked by the caller).
    pub async fn change_role(&self, inbound: &Inbound, args: &str, grant: bool) -> Handled {
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
        let changed = self
            .set_role(inbound.from.id, user_id, &name, role, grant)
            .await?;
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
        let mut replies = Vec::new();
        if grant && changed {
            replies.extend(self.role_note(user_id, role).await?);
        }
        replies.insert(0, Reply::to(chat, Message::html(text)));
        Ok(replies)
    }

    /// Grants (or revokes) `role` for admin `actor`, with a line in the audit log when it
    /// changed anything; whether it did. Telling the person is the caller's (`role_note`).
    pub async fn set_role(
        &self,
        actor: i64,
        user_id: i64,
        name: &str,
        role: Role,
        grant: bool,
    ) -> Result<bool, ChatError> {
        let now = self.now();
        let changed = if grant {
            self.store.grant_role(user_id, role, actor, now).await?
        } else {
            self.store.revoke_role(user_id, role).await?
        };
        if changed {
            let verb = if grant { "grant" } else { "revoke" };
            let detail = format!("{} {user_id} ({name})", role.as_str());
            self.store.record_audit(actor, verb, &detail, now).await?;
        }
        Ok(changed)
    }

    /// The note to someone just given `role`, when the bot can message them.
    pub async fn role_note(&self, user_id: i64, role: Role) -> Result<Option<Reply>, ChatError> {
        if self.store.chat_status(user_id).await? != Some(BotStatus::Member) {
            return Ok(None);
        }
        let note = format!(
            "👋 You are now a <b>{}</b> in the programme's bot. /help lists what you can do.",
            role.label()
        );
        Ok(Some(Reply::to(
            &ChatRef::private(user_id),
            Message::html(note),
        )))
    }

    /// Has the job worker send `role_note` now (the console's way to send it).
    pub async fn schedule_role_note(&self, user_id: i64, role: Role) -> Result<(), ChatError> {
        let now = self.now();
        let payload = format!("{user_id}:{}", role.as_str());
        let key = format!("{ROLE_NOTE}:{payload}:{}", now.timestamp_millis());
        self.schedule_job(ROLE_NOTE, &key, &payload, now).await?;
        Ok(())
    }

    /// The due note of a granted role; nothing if the role was taken back meanwhile.
    pub async fn role_note_job(&self, payload: &str) -> Result<Vec<Reply>, ChatError> {
        let parsed = payload
            .split_once(':')
            .and_then(|(id, role)| Some((id.parse::<i64>().ok()?, Role::parse(role)?)));
        let Some((user_id, role)) = parsed else {
            tracing::warn!("a role note job could not be read; skipped");
            return Ok(Vec::new());
        };
        if !self.store.roles_of(user_id).await?.contains(&role) {
            return Ok(Vec::new());
        }
        Ok(self.role_note(user_id, role).await?.into_iter().collect())
    }

    /// /roles: everyone holding a role.
    pub async fn list_roles(&self, inbound: &Inbound) -> Handled {
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
    pub async fn audit(&self, inbound: &Inbound) -> Handled {
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
            let actor = match (&entry.actor_name, entry.actor) {
                (Some(name), _) => escape(name),
                (None, 0) => "someone forgotten".to_owned(),
                (None, id) => format!("Telegram id {id}"),
            };
            lines.push(format!(
                "• {when} · {actor} · {} · {}",
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
    pub async fn contacts_directory(&self, trust: Option<&str>) -> Result<Message, ChatError> {
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
}
