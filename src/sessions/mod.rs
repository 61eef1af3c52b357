//! The programme's calendar: session types (a catalogue in `content/`), sessions with their
//! audience, times in the programme's zone, CSV import, the RSVP and waiting-list rule, and the
//! EQ sessions every fellow is due one and six months after starting. Storage is the store's;
//! what the bot says about sessions is in `conversation`.

pub mod calendar;
pub mod conversation;
pub mod eq;
pub mod form;
pub mod import;
pub mod press;
pub mod rsvp;
pub mod time;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::fellows::Fellow;

/// The catalogue's file name in the content folder.
pub const CATALOGUE_FILE: &str = "session-types.toml";

/// The longest session type id, in bytes: the new-session form's buttons name the type, and
/// Telegram gives a button 64 bytes of data.
pub const TYPE_ID_LIMIT: usize = 32;

/// A kind of session, from `content/session-types.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionType {
    pub id: String,
    pub name: String,
    /// The usual length.
    pub minutes: i64,
    /// Whether attendees are asked for feedback afterwards.
    pub feedback: bool,
}

/// Every session type.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    types: Vec<SessionType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(rename = "type")]
    types: Vec<SessionType>,
}

impl Catalogue {
    /// The catalogue in `content_dir/session-types.toml`; empty if there is no such file.
    pub fn load_from_content(content_dir: &Path) -> Result<Self, String> {
        let path = content_dir.join(CATALOGUE_FILE);
        if !path.exists() {
            tracing::warn!(path = %path.display(), "no session-type catalogue; sessions cannot be created until it exists");
            return Ok(Self::default());
        }
        Self::load(&path)
    }

    /// Reads and checks the catalogue file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
        Self::parse(&text).map_err(|problem| format!("{}: {problem}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let mut seen = std::collections::HashSet::new();
        for kind in &file.types {
            if !seen.insert(kind.id.as_str()) {
                return Err(format!("session type '{}' is listed twice", kind.id));
            }
            if kind.id.trim().is_empty() || kind.id.len() > TYPE_ID_LIMIT {
                return Err(format!(
                    "session type id '{}' must be 1-{TYPE_ID_LIMIT} characters",
                    kind.id
                ));
            }
            if kind.minutes <= 0 || kind.name.trim().is_empty() {
                return Err(format!(
                    "session type '{}' needs a name and a positive length",
                    kind.id
                ));
            }
        }
        Ok(Self { types: file.types })
    }

    pub fn get(&self, id: &str) -> Option<&SessionType> {
        self.types
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(id.trim()))
    }

    pub fn types(&self) -> &[SessionType] {
        &self.types
    }
}

/// Who a session is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Trust(String),
    /// Fellows who started between these dates (inclusive): a cohort.
    StartedBetween(NaiveDate, NaiveDate),
    /// Named fellows, by Telegram id.
    Fellows(Vec<i64>),
}

impl Audience {
    /// Reads `everyone`, a trust (`RWT` or `trust:RWT`), `started:2026-01-01..2026-03-31` or
    /// `fellows:101;102`.
    pub fn parse(text: &str, trusts: &[String]) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty()
            || text.eq_ignore_ascii_case("everyone")
            || text.eq_ignore_ascii_case("all")
        {
            return Ok(Self::Everyone);
        }
        let name = text.strip_prefix("trust:").unwrap_or(text);
        if let Some(trust) = trusts.iter().find(|t| t.eq_ignore_ascii_case(name)) {
            return Ok(Self::Trust(trust.clone()));
        }
        if let Some(range) = text.strip_prefix("started:") {
            let (from, to) = range
                .split_once("..")
                .ok_or("a cohort is written started:2026-01-01..2026-03-31")?;
            let date = |d: &str| {
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("'{d}' is not a date like 2026-01-01"))
            };
            let (from, to) = (date(from)?, date(to)?);
            return if from <= to {
                Ok(Self::StartedBetween(from, to))
            } else {
                Err("the cohort's first date is after its last".into())
            };
        }
        if let Some(list) = text.strip_prefix("fellows:") {
            let ids: Result<Vec<i64>, _> = list
                .split([';', ' '])
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect();
            return match ids {
                Ok(ids) if !ids.is_empty() => Ok(Self::Fellows(ids)),
                _ => Err("named fellows are written fellows:101;102 (Telegram ids)".into()),
            };
        }
        Err(format!(
            "'{text}' is not an audience: use everyone, a trust ({}), started:FROM..TO or fellows:ID;ID",
            trusts.join(", ")
        ))
    }

    /// As stored.
    pub fn to_text(&self) -> String {
        match self {
            Self::Everyone => "everyone".into(),
            Self::Trust(trust) => format!("trust:{trust}"),
            Self::StartedBetween(from, to) => format!("started:{from}..{to}"),
            Self::Fellows(ids) => format!(
                "fellows:{}",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(";")
            ),
        }
    }

    /// Whether a session for this audience is for `fellow`.
    pub fn includes(&self, fellow: &Fellow) -> bool {
        match self {
            Self::Everyone => true,
            Self::Trust(trust) => &fellow.trust == trust,
            Self::StartedBetween(from, to) => (*from..=*to).contains(&fellow.start_date),
            Self::Fellows(ids) => ids.contains(&fellow.user_id),
        }
    }

    /// Whether the whole programme group hears about it (rather than named people privately).
    pub fn is_group_wide(&self) -> bool {
        matches!(self, Self::Everyone | Self::Trust(_))
    }
}

/// A session to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub session_type: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub audience: Audience,
    /// None: no limit.
    pub capacity: Option<u32>,
    pub facilitators: String,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub details: NewSession,
    pub cancelled: bool,
    /// Raised on every change, for calendar files.
    pub sequence: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_type_id_too_long_for_a_button_is_refused() {
        let file = |id: &str| {
            format!("[[type]]\nid = \"{id}\"\nname = \"SIM\"\nminutes = 60\nfeedback = true\n")
        };
        let longest = "s".repeat(TYPE_ID_LIMIT);
        assert!(Catalogue::parse(&file(&longest)).is_ok());
        let problem = Catalogue::parse(&file(&format!("{longest}s"))).unwrap_err();
        assert!(problem.contains("must be 1-32"), "{problem}");
        assert!(Catalogue::parse(&file(" ")).is_err());
    }
}
