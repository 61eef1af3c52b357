//! Telegram's login button (`LoginUrl`): the fields Telegram adds to the console's address,
//! checked as Telegram documents them (HMAC-SHA256, keyed with the SHA-256 of the bot token,
//! over the other fields sorted into `key=value` lines) and refused when older than a day.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::{Digest, Sha256};

/// How long the data of a press of the login button is accepted.
pub const LOGIN_VALID_FOR: Duration = Duration::days(1);
/// How far ahead of our clock `auth_date` may be (the two clocks differ a little).
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Why the data of a login button was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoginRefused {
    #[error("it has no hash, or a field twice")]
    Malformed,
    #[error("its hash is not the bot's")]
    Forged,
    #[error("it is older than a day, or from the future")]
    Stale,
}

/// A press of the login button, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramLogin {
    pub user_id: i64,
    /// The signature, in lower-case hex: the same for a replay of the same press.
    pub signature: String,
    /// When Telegram signed it; it is refused a day later.
    pub signed_at: DateTime<Utc>,
}

/// The press the fields describe, if they are Telegram's, for this bot, and recent.
pub fn check_login(
    fields: &[(String, String)],
    bot_token: &str,
    now: DateTime<Utc>,
) -> Result<TelegramLogin, LoginRefused> {
    let mut hash = None;
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        if key == "hash" {
            if hash.replace(value.as_str()).is_some() {
                return Err(LoginRefused::Malformed);
            }
        } else {
            signed.push((key, value));
        }
    }
    signed.sort_unstable();
    if signed.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return Err(LoginRefused::Malformed);
    }
    let hash = hash.ok_or(LoginRefused::Malformed)?;
    let tag = decode_hex(hash).ok_or(LoginRefused::Forged)?;
    let check_string = signed
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let key = Sha256::digest(bot_token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| LoginRefused::Forged)?;
    mac.update(check_string.as_bytes());
    // Compared in constant time by `verify_slice`.
    mac.verify_slice(&tag).map_err(|_| LoginRefused::Forged)?;

    let field = |name: &str| signed.iter().find(|(key, _)| *key == name).map(|f| f.1);
    let auth_date = field("auth_date")
        .and_then(|raw| raw.parse::<i64>().ok())
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .ok_or(LoginRefused::Stale)?;
    if now - auth_date > LOGIN_VALID_FOR || auth_date - now > CLOCK_SKEW {
        return Err(LoginRefused::Stale);
    }
    let user_id = field("id")
        .and_then(|raw| raw.parse::<i64>().ok())
        .ok_or(LoginRefused::Malformed)?;
    Ok(TelegramLogin {
        user_id,
        signature: hash.to_ascii_lowercase(),
        signed_at: auth_date,
    })
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAEexampleexampleexampleexample";
    /// Worked out apart from this code (Python's `hmac` and `hashlib`) for these fields:
    /// HMAC-SHA256(key = SHA256(TOKEN), "auth_date=1764576000\nfirst_name=Amaka\nid=7110\nusername=amaka_e").
    const HASH: &str = "e68bec34a7b2e708857cdab53affcbf41d1469b231d1a43e7366402a34b9d0d6";

    fn fields(hash: &str) -> Vec<(String, String)> {
        // In the order Telegram may send them, not sorted.
        [
            ("id", "7110"),
            ("first_name", "Amaka"),
            ("username", "amaka_e"),
            ("auth_date", "1764576000"),
            ("hash", hash),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    #[test]
    fn telegrams_signed_fields_give_the_user_within_a_day() {
        let signed_at = 1_764_576_000;
        assert_eq!(
            check_login(&fields(HASH), TOKEN, at(signed_at)).map(|l| l.user_id),
            Ok(7110)
        );
        let upper = HASH.to_uppercase();
        assert_eq!(
            check_login(&fields(&upper), TOKEN, at(signed_at + 60)).map(|l| l.signature),
            Ok(HASH.to_owned()),
            "the same press, however its hash is written"
        );
        assert_eq!(
            check_login(&fields(HASH), TOKEN, at(signed_at + 86_400)).map(|l| l.signed_at),
            Ok(at(signed_at))
        );
        assert_eq!(
            check_login(&fields(HASH), TOKEN, at(signed_at + 86_401)),
            Err(LoginRefused::Stale)
        );
        assert_eq!(
            check_login(&fields(HASH), TOKEN, at(signed_at - 3_600)),
            Err(LoginRefused::Stale),
            "signed in the future"
        );
    }

    #[test]
    fn a_changed_field_another_bots_token_or_no_hash_is_refused() {
        let now = at(1_764_576_000);
        let mut changed = fields(HASH);
        changed[0].1 = "42".into();
        assert_eq!(check_login(&changed, TOKEN, now), Err(LoginRefused::Forged));
        let other_bot = "987654321:AAEexampleexampleexampleexample";
        assert_eq!(
            check_login(&fields(HASH), other_bot, now),
            Err(LoginRefused::Forged)
        );
        let mut unsigned = fields(HASH);
        unsigned.pop();
        assert_eq!(
            check_login(&unsigned, TOKEN, now),
            Err(LoginRefused::Malformed)
        );
        let mut twice = fields(HASH);
        twice.push(("id".into(), "42".into()));
        assert_eq!(
            check_login(&twice, TOKEN, now),
            Err(LoginRefused::Malformed)
        );
        assert_eq!(
            check_login(&fields("not hex"), TOKEN, now),
            Err(LoginRefused::Forged)
        );
    }
}
