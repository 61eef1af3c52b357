//! Signing in to the leads' web console without a password: `/web` gives a lead a one-time link
//! (a 256-bit random token, kept only hashed, for ten minutes, used once), and opening it starts
//! a browser session kept in the database; so does Telegram's login button (`telegram_login`).
//! Who may sign in is the chat's own rule ([`Context::access`]); what pages show is `web`'s.

pub mod telegram_login;

use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::chat::{Access, ChatError, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};

/// How long a sign-in link works.
pub const LINK_LIFETIME: Duration = Duration::minutes(10);
/// How long a browser stays signed in without being used.
pub const SESSION_IDLE: Duration = Duration::hours(8);

/// A fresh random secret (a link's token or a session's cookie), 256 bits as 64 hex digits.
/// Its `Debug` hides it, so it cannot reach a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    fn generate() -> Result<Self, ChatError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| ChatError::Unexpected(anyhow::anyhow!("no randomness: {e}")))?;
        Ok(Self(hex(&bytes)))
    }

    /// The secret itself, for the one place that hands it out (a link, a cookie).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([hidden])")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database keeps of a secret: its SHA-256, in hex.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// The token a signed-in browser's forms must carry: derived from its session, so a page of
/// another site cannot know it.
pub fn form_token(session: &str) -> String {
    hex(&Sha256::digest(format!("form-token\0{session}").as_bytes()))
}

/// A browser signed in as a lead, checked against the roles on this request.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub access: Access,
    /// The token its forms carry.
    pub form_token: String,
}

feature_slice!(
    /// Sign-in links and browser sessions for the web console.
    SignIn
);

impl SignIn<'_> {
    /// /web: a one-time sign-in link for the lead who asked, in their private chat.
    pub async fn web_command(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        let Some(base) = self.settings.web_link_base() else {
            let text = "The web console is switched off on this bot. Ask whoever runs the bot to set WEB_ADDR.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let token = self.issue_link(inbound.from.id).await?;
        let link = format!("{base}/login/{}", token.expose());
        let text = format!(
            "🔑 <a href=\"{link}\">Open the leads' web console</a>\n\n\
             This link is for you alone: it works once, for the next 10 minutes. \
             Please don't forward it. Send /web again for a new one.",
            link = escape(&link)
        );
        let mut replies = vec![Reply::to(chat, Message::html(text))];
        if self.telegram_login_accepted() {
            // On its own: Telegram refuses a whole message whose login button is not on the
            // bot's domain (BotFather's /setdomain), and the link above must still arrive.
            let button =
                Button::login("🔑 Sign in with Telegram", format!("{base}/login/telegram"));
            let offer = Message::html("Or sign in with Telegram's own button:")
                .with_buttons(vec![vec![button]]);
            replies.push(Reply::to(chat, offer));
        }
        Ok(replies)
    }

    /// Keeps a new link's token (hashed) for `user_id` and returns it.
    pub async fn issue_link(&self, user_id: i64) -> Result<Secret, ChatError> {
        let token = Secret::generate()?;
        let now = self.now();
        self.store
            .save_login_token(
                &hash_secret(token.expose()),
                user_id,
                now,
                now + LINK_LIFETIME,
            )
            .await?;
        Ok(token)
    }

    /// Uses a link up and starts a session, if the link was unused and unexpired and its lead
    /// is still a lead; returns the session's secret for the cookie.
    pub async fn redeem(&self, token: &str) -> Result<Option<Secret>, ChatError> {
        let now = self.now();
        let Some(user_id) = self
            .store
            .consume_login_token(&hash_secret(token), now)
            .await?
        else {
            return Ok(None);
        };
        self.start_session(user_id).await
    }

    /// Starts a session from Telegram's login button (`LoginUrl`), if the console is served
    /// over https, the fields are Telegram's for this bot, under a day old and not used before,
    /// and their person is a lead; returns the session's secret for the cookie.
    pub async fn redeem_telegram_login(
        &self,
        fields: &[(String, String)],
    ) -> Result<Option<Secret>, ChatError> {
        let token = self.settings.telegram_token.as_ref();
        let Some(token) = token.filter(|_| self.telegram_login_accepted()) else {
            return Ok(None);
        };
        let login = match telegram_login::check_login(fields, token.expose(), self.now()) {
            Ok(login) => login,
            Err(refused) => {
                tracing::info!(%refused, "a Telegram login was refused");
                return Ok(None);
            }
        };
        // Each press signs in once: the address it opened, replayed from a history or a log
        // within the day, does not.
        let press = hash_secret(&format!("telegram-login\0{}", login.signature));
        let until = login.signed_at + telegram_login::LOGIN_VALID_FOR;
        if !self
            .store
            .use_login_once(&press, login.user_id, self.now(), until)
            .await?
        {
            tracing::info!("a Telegram login was used a second time; refused");
            return Ok(None);
        }
        self.start_session(login.user_id).await
    }

    /// Whether Telegram's login button is accepted: only on an https public address, and with
    /// the bot token that checks it.
    fn telegram_login_accepted(&self) -> bool {
        let https = self
            .settings
            .web_public_url
            .as_ref()
            .is_some_and(|url| url.scheme() == "https");
        https && self.settings.telegram_token.is_some()
    }

    /// A new session for `user_id`, if they are a lead now.
    async fn start_session(&self, user_id: i64) -> Result<Option<Secret>, ChatError> {
        if !self.access(user_id).await?.lead {
            return Ok(None);
        }
        let session = Secret::generate()?;
        self.store
            .start_web_session(&hash_secret(session.expose()), user_id, self.now())
            .await?;
        tracing::info!(user_id, "a lead signed in to the web console");
        Ok(Some(session))
    }

    /// Who a browser's session belongs to, if it is live and they are still a lead now.
    pub async fn signed_in(&self, session: &str) -> Result<Option<SignedIn>, ChatError> {
        let Some(user_id) = self
            .store
            .touch_web_session(&hash_secret(session), self.now(), SESSION_IDLE)
            .await?
        else {
            return Ok(None);
        };
        let access = self.access(user_id).await?;
        Ok(access.lead.then(|| SignedIn {
            user_id,
            access,
            form_token: form_token(session),
        }))
    }

    pub async fn sign_out(&self, session: &str) -> Result<(), ChatError> {
        self.store.end_web_session(&hash_secret(session)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_256_bits_of_hex_different_each_time_and_hidden_from_debug() {
        let (a, b) = (Secret::generate().unwrap(), Secret::generate().unwrap());
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains(a.expose()));
    }

    #[test]
    fn what_is_stored_and_what_forms_carry_are_not_the_secret() {
        let secret = "ab".repeat(32);
        assert_eq!(hash_secret(&secret).len(), 64);
        assert_ne!(hash_secret(&secret), secret);
        assert_ne!(form_token(&secret), hash_secret(&secret));
        assert_eq!(form_token(&secret), form_token(&secret));
    }
}
