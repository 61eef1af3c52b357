//! The one shared context every feature works with: the store, the knowledge base, the clock,
//! the settings and the session types, with the few questions every feature asks (who is this,
//! may they do that, can I message them).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

use super::senders::RecentSenders;
use super::{Access, ChatError, Person};
use crate::clock::Clock;
use crate::config::Settings;
use crate::faq::Faq;
use crate::fellows::Role;
use crate::journey::Journey;
use crate::sessions::Catalogue;
use crate::store::{BotStatus, Claimant, Store};
use crate::telemetry::Telemetry;

/// What every feature works with. Cheap to clone: every part is shared.
#[derive(Clone)]
pub struct Context {
    pub(crate) store: Store,
    pub(crate) faq: Faq,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: Arc<Settings>,
    pub(crate) bot_username: String,
    pub(crate) catalogue: Arc<RwLock<Arc<Catalogue>>>,
    /// The arrival journey as it is now (leads can change it while the bot runs).
    journey: Arc<RwLock<Arc<Journey>>>,
    pub(crate) broadcast_wakeups: Arc<tokio::sync::Notify>,
    /// Woken when a job is scheduled, so one due now goes at once rather than at the worker's
    /// next look.
    job_wakeups: Arc<tokio::sync::Notify>,
    /// This run of the bot, as named on the work it claims.
    pub(crate) claimant: Claimant,
    /// Private senders written lately, so a busy chat does not rewrite them for every message.
    recent_senders: Arc<RecentSenders>,
    /// This run's counts for `/metrics`.
    telemetry: Arc<Telemetry>,
}

impl Context {
    /// `bot_username` is the bot's @name (without @), used to read `/cmd@name` and build links.
    pub fn new(
        store: Store,
        faq: Faq,
        clock: Arc<dyn Clock>,
        settings: Arc<Settings>,
        bot_username: &str,
    ) -> Self {
        Self {
            store,
            faq,
            clock,
            settings,
            bot_username: bot_username.trim_start_matches('@').to_owned(),
            catalogue: Arc::new(RwLock::new(Arc::new(Catalogue::default()))),
            journey: Arc::new(RwLock::new(Arc::new(Journey::default()))),
            broadcast_wakeups: Arc::new(tokio::sync::Notify::new()),
            job_wakeups: Arc::new(tokio::sync::Notify::new()),
            claimant: Claimant::new(),
            recent_senders: Arc::new(RecentSenders::default()),
            telemetry: Arc::new(Telemetry::new()),
        }
    }

    /// The session types as they are now (leads can change them while the bot runs).
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.catalogue
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn replace_catalogue(&self, catalogue: Catalogue) {
        *self
            .catalogue
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(catalogue);
    }

    /// The arrival journey as it is now.
    pub fn journey(&self) -> Arc<Journey> {
        self.journey
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn replace_journey(&self, journey: Journey) {
        *self
            .journey
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(journey);
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Who this run is when it claims work (updates, jobs, broadcast copies).
    pub fn claimant(&self) -> &Claimant {
        &self.claimant
    }

    /// This run's counts for operators (see [`crate::telemetry`]).
    pub fn telemetry(&self) -> &Telemetry {
        &self.telemetry
    }

    pub fn faq(&self) -> &Faq {
        &self.faq
    }

    pub fn bot_username(&self) -> &str {
        &self.bot_username
    }

    /// The current instant, from the clock the context was given.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A t.me link that opens a private chat with the bot, with a start payload.
    pub fn deep_link(&self, payload: &str) -> String {
        format!("https://t.me/{}?start={payload}", self.bot_username)
    }

    /// What `user_id` may do: admins from configuration or by role; leads by role.
    pub async fn access(&self, user_id: i64) -> Result<Access, ChatError> {
        let roles = self.store.roles_of(user_id).await?;
        let admin = self.settings.is_configured_admin(user_id) || roles.contains(&Role::Admin);
        Ok(Access {
            admin,
            lead: admin || roles.iter().any(|r| r.is_lead()),
        })
    }

    /// Whether the bot may message `user_id` privately (they started it and did not block it).
    pub async fn reachable(&self, user_id: i64) -> Result<bool, ChatError> {
        Ok(self.store.chat_status(user_id).await? == Some(BotStatus::Member))
    }

    /// Someone wrote to the bot privately: they started it, so the bot may message them, and
    /// this is the name they use now. Written in one transaction, and not again for a few
    /// minutes while nothing changes.
    /// Schedules a job once per `dedupe_key` (false if one with that key exists already) and
    /// wakes the job worker for it.
    pub async fn schedule_job(
        &self,
        kind: &str,
        dedupe_key: &str,
        payload: &str,
        due_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, crate::store::StoreError> {
        let scheduled = self
            .store
            .schedule_job(kind, dedupe_key, payload, due_at)
            .await?;
        if scheduled {
            self.job_wakeups.notify_one();
        }
        Ok(scheduled)
    }

    /// What the job worker waits on besides its timer.
    pub fn job_wakeups(&self) -> Arc<tokio::sync::Notify> {
        self.job_wakeups.clone()
    }

    pub async fn remember_private_sender(&self, from: &Person) -> Result<(), ChatError> {
        let now = self.now();
        if self.recent_senders.is_fresh(from, now) {
            return Ok(());
        }
        self.store
            .remember_private_sender(from.id, &from.first_name, from.username.as_deref(), now)
            .await?;
        self.recent_senders.note(from, now);
        Ok(())
    }

    /// The bot's standing in `chat_id` changed, or the person was forgotten: the next message
    /// from them is written again.
    pub fn chat_changed(&self, chat_id: i64) {
        self.recent_senders.forget(chat_id);
    }

    /// Notes that the bot can no longer write to `chat_id` (it was blocked, removed or the chat
    /// is gone), so nothing more is queued for it.
    pub async fn chat_unreachable(&self, chat_id: i64) -> Result<(), ChatError> {
        let kind = if chat_id > 0 {
            super::ChatKind::Private
        } else {
            super::ChatKind::Group
        };
        self.chat_changed(chat_id);
        self.store
            .record_chat_status(chat_id, kind, None, BotStatus::Removed, self.now())
            .await?;
        Ok(())
    }

    /// A person by `@username` or numeric id: their id and a name to show.
    pub async fn find_person(&self, who: &str) -> Result<Option<(i64, String)>, ChatError> {
        let who = who.trim();
        let user_id = match who.parse::<i64>() {
            Ok(id) => id,
            Err(_) => {
                let username = who.trim_start_matches('@');
                if username.is_empty() {
                    return Ok(None);
                }
                match self.store.person_by_username(username).await? {
                    Some(person) => person.user_id,
                    None => return Ok(None),
                }
            }
        };
        let name = self.display_name(user_id).await?;
        Ok(Some((user_id, name)))
    }

    /// How to name someone: their registered name, else their Telegram name.
    pub async fn display_name(&self, user_id: i64) -> Result<String, ChatError> {
        Ok(match self.store.fellow(user_id).await? {
            Some(fellow) => fellow.name,
            None => self
                .store
                .person(user_id)
                .await?
                .map_or_else(|| format!("user {user_id}"), |p| p.first_name),
        })
    }
}

/// Declares a feature's conversation: a small struct over the shared [`Context`], which it
/// derefs to (`self.store`, `self.now()`). Other features reach it with `Name::new(ctx)`.
macro_rules! feature_slice {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'a> {
            ctx: &'a $crate::chat::Context,
        }

        impl<'a> $name<'a> {
            pub fn new(ctx: &'a $crate::chat::Context) -> Self {
                Self { ctx }
            }
        }

        impl std::ops::Deref for $name<'_> {
            type Target = $crate::chat::Context;

            fn deref(&self) -> &$crate::chat::Context {
                self.ctx
            }
        }
    };
}
pub(crate) use feature_slice;
