//! The /newsession form as a state machine: type, title, start, end, place, audience, capacity,
//! then a confirmation. Each answer is checked and re-asked with the reason; the draft is saved
//! between messages by the caller.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::time::{parse_human, resolve};
use super::{Audience, Catalogue, NewSession};
use crate::fellows::without_bidi_controls;

/// Which question the form is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormStep {
    Type,
    Title,
    Start,
    End,
    Location,
    Audience,
    Capacity,
    Confirm,
}

impl FormStep {
    pub const ALL: [FormStep; 8] = [
        Self::Type,
        Self::Title,
        Self::Start,
        Self::End,
        Self::Location,
        Self::Audience,
        Self::Capacity,
        Self::Confirm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Type => "type",
            Self::Title => "title",
            Self::Start => "start",
            Self::End => "end",
            Self::Location => "location",
            Self::Audience => "audience",
            Self::Capacity => "capacity",
            Self::Confirm => "confirm",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    fn next(self) -> Self {
        let at = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL.get(at + 1).copied().unwrap_or(Self::Confirm)
    }
}

/// A session being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDraft {
    pub step: FormStep,
    pub session_type: Option<String>,
    pub title: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub audience: Option<String>,
    pub capacity: Option<u32>,
}

/// What the lead did at the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAnswer<'a> {
    Text(&'a str),
    Choice(&'a str),
}

/// Where the form goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormNext {
    Ask(FormStep, Option<String>),
    Create(NewSession),
    Cancelled,
}

impl Default for SessionDraft {
    fn default() -> Self {
        Self {
            step: FormStep::Type,
            session_type: None,
            title: None,
            starts_at: None,
            ends_at: None,
            location: None,
            audience: None,
            capacity: None,
        }
    }
}

/// "-" means "the usual" at the optional steps.
fn is_default(text: &str) -> bool {
    matches!(text.trim(), "-" | "" | "default" | "none" | "no")
}

impl SessionDraft {
    /// Takes an answer; `now` and `zone` read times, `catalogue` the types, `trusts` the audiences.
    pub fn answer(
        &mut self,
        answer: FormAnswer<'_>,
        now: DateTime<Utc>,
        zone: Tz,
        catalogue: &Catalogue,
        trusts: &[String],
    ) -> FormNext {
        // A title or place is shown to everyone: no bidirectional controls.
        let text = match answer {
            FormAnswer::Text(text) | FormAnswer::Choice(text) => without_bidi_controls(text),
        };
        let text = text.trim();
        let step = self.step;
        let accepted: Result<(), String> = match step {
            FormStep::Type => match catalogue.get(text) {
                Some(kind) => {
                    self.session_type = Some(kind.id.clone());
                    Ok(())
                }
                None => Err("Please choose a type with the buttons.".into()),
            },
            FormStep::Title => self.read_title(text),
            FormStep::Start => match parse_human(text, now, zone) {
                Ok(at) if at <= now => Err("That time has passed. When will it be?".into()),
                Ok(at) => {
                    self.starts_at = Some(at);
                    Ok(())
                }
                Err(problem) => Err(format!(
                    "{problem}. You can also write 12/3 14:00 or next Tuesday 2pm."
                )),
            },
            FormStep::End => self.read_end(text, zone, catalogue),
            FormStep::Location => self.read_location(text),
            FormStep::Audience => match Audience::parse(text, trusts) {
                Ok(audience) => {
                    self.audience = Some(audience.to_text());
                    Ok(())
                }
                Err(problem) => Err(problem),
            },
            FormStep::Capacity => self.read_capacity(text),
            FormStep::Confirm => {
                return match text {
                    "create" => self
                        .complete(catalogue, trusts)
                        .map_or(FormNext::Ask(FormStep::Type, None), FormNext::Create),
                    "cancel" => FormNext::Cancelled,
                    _ => FormNext::Ask(
                        FormStep::Confirm,
                        Some("Please tap Create or Cancel.".into()),
                    ),
                };
            }
        };
        match accepted {
            Err(problem) => FormNext::Ask(step, Some(problem)),
            Ok(()) => {
                self.step = step.next();
                FormNext::Ask(self.step, None)
            }
        }
    }

    fn read_title(&mut self, text: &str) -> Result<(), String> {
        check_title(text)?;
        self.title = (!is_default(text)).then(|| text.to_owned());
        Ok(())
    }

    fn read_location(&mut self, text: &str) -> Result<(), String> {
        check_location(text)?;
        self.location = Some(text.to_owned());
        Ok(())
    }

    fn read_capacity(&mut self, text: &str) -> Result<(), String> {
        if is_default(text) {
            self.capacity = None;
            return Ok(());
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=10_000).contains(&n) => {
                self.capacity = Some(n);
                Ok(())
            }
            _ => Err("Please type a number of places, or - for no limit.".into()),
        }
    }

    fn read_end(&mut self, text: &str, zone: Tz, catalogue: &Catalogue) -> Result<(), String> {
        let start = self.starts_at.ok_or("Please give the start first.")?;
        let usual = self
            .session_type
            .as_deref()
            .and_then(|t| catalogue.get(t))
            .map_or(60, |t| t.minutes);
        let ends_at = if is_default(text) {
            start + Duration::minutes(usual)
        } else if let Some(length) = parse_length(text) {
            start + length
        } else if let Ok(time) = chrono::NaiveTime::parse_from_str(text, "%H:%M") {
            let day = start.with_timezone(&zone).date_naive();
            resolve(day.and_time(time), zone)
                .ok_or("That time does not exist that day (the clocks change).")?
        } else {
            parse_human(text, start, zone)
                .map_err(|problem| format!("{problem}. You can also write 16:00, 90m or 2h."))?
        };
        if ends_at <= start {
            return Err("It must end after it starts.".into());
        }
        if ends_at - start > Duration::days(14) {
            return Err("That is longer than two weeks: please check.".into());
        }
        self.ends_at = Some(ends_at);
        Ok(())
    }

    /// The session, once every answer is in.
    pub fn complete(&self, catalogue: &Catalogue, trusts: &[String]) -> Option<NewSession> {
        let kind = catalogue.get(self.session_type.as_deref()?)?;
        Some(NewSession {
            session_type: kind.id.clone(),
            title: self.title.clone().unwrap_or_else(|| kind.name.clone()),
            starts_at: self.starts_at?,
            ends_at: self.ends_at?,
            location: self.location.clone()?,
            audience: Audience::parse(self.audience.as_deref()?, trusts).ok()?,
            capacity: self.capacity,
            facilitators: String::new(),
        })
    }
}

/// "90m", "2h", "1h30m".
fn parse_length(text: &str) -> Option<Duration> {
    let text = text.replace(' ', "");
    let (hours, rest) = match text.split_once('h') {
        Some((h, rest)) => (h.parse::<i64>().ok()?, rest),
        None => (0, text.as_str()),
    };
    let minutes = match rest.strip_suffix('m') {
        Some(m) => m.parse::<i64>().ok()?,
        None if rest.is_empty() && hours > 0 => 0,
        None => return None,
    };
    let total = Duration::hours(hours) + Duration::minutes(minutes);
    (total > Duration::zero()).then_some(total)
}

/// Whether `text` may be a session's title (the form's rule, and an edit's).
pub(crate) fn check_title(text: &str) -> Result<(), String> {
    if text.chars().count() > 120 {
        Err("Please keep the title under 120 characters.".into())
    } else if text.contains(['<', '>']) {
        Err("Please use plain words, without < or >.".into())
    } else {
        Ok(())
    }
}

/// Whether `text` may say where a session is.
pub(crate) fn check_location(text: &str) -> Result<(), String> {
    if text.is_empty() || text.chars().count() > 200 {
        Err("Please give a room or an online link, in under 200 characters.".into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::parse(
            "[[type]]\nid = \"sim\"\nname = \"SIM training\"\nminutes = 180\nfeedback = true\n",
        )
        .unwrap()
    }

    #[test]
    fn a_lead_writes_a_session_step_by_step_with_typed_times() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
        let trusts = vec!["RWT".to_owned(), "WHT".to_owned()];
        let mut draft = SessionDraft::default();
        let mut answer = |a| draft.answer(a, now, London, &catalogue(), &trusts);
        assert_eq!(
            answer(FormAnswer::Choice("yoga")),
            FormNext::Ask(
                FormStep::Type,
                Some("Please choose a type with the buttons.".into())
            )
        );
        assert_eq!(
            answer(FormAnswer::Choice("sim")),
            FormNext::Ask(FormStep::Title, None)
        );
        assert_eq!(
            answer(FormAnswer::Text("-")),
            FormNext::Ask(FormStep::Start, None)
        );
        assert!(matches!(
            answer(FormAnswer::Text("yesterday 9am")),
            FormNext::Ask(FormStep::Start, Some(_))
        ));
        assert_eq!(
            answer(FormAnswer::Text("next Tuesday 2pm")),
            FormNext::Ask(FormStep::End, None)
        );
        assert!(
            matches!(
                answer(FormAnswer::Text("13:00")),
                FormNext::Ask(FormStep::End, Some(_))
            ),
            "before the start"
        );
        assert_eq!(
            answer(FormAnswer::Text("90m")),
            FormNext::Ask(FormStep::Location, None)
        );
        assert_eq!(
            answer(FormAnswer::Text("SIM suite")),
            FormNext::Ask(FormStep::Audience, None)
        );
        assert_eq!(
            answer(FormAnswer::Choice("RWT")),
            FormNext::Ask(FormStep::Capacity, None)
        );
        assert!(matches!(
            answer(FormAnswer::Text("lots")),
            FormNext::Ask(FormStep::Capacity, Some(_))
        ));
        assert_eq!(
            answer(FormAnswer::Text("12")),
            FormNext::Ask(FormStep::Confirm, None)
        );
        let FormNext::Create(session) = answer(FormAnswer::Choice("create")) else {
            panic!("created")
        };
        assert_eq!(session.title, "SIM training");
        assert_eq!(
            session.starts_at,
            London
                .with_ymd_and_hms(2026, 12, 1, 14, 0, 0)
                .unwrap()
                .with_timezone(&Utc)
        );
        assert_eq!(session.ends_at - session.starts_at, Duration::minutes(90));
        assert_eq!(
            (session.audience, session.capacity),
            (Audience::Trust("RWT".into()), Some(12))
        );
    }

    #[test]
    fn lengths_are_read_in_hours_and_minutes() {
        assert_eq!(parse_length("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_length("2h"), Some(Duration::hours(2)));
        assert_eq!(parse_length("1h 30m"), Some(Duration::minutes(90)));
        assert_eq!(parse_length("soon"), None);
    }
}
