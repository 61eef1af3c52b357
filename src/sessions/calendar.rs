//! Calendar files (.ics) for sessions, with the `icalendar` crate: a stable UID per session, a
//! SEQUENCE raised on every change, and cancelled sessions marked so calendars remove them.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::{Catalogue, Session};

/// An .ics file with one event per session.
pub fn calendar_file(sessions: &[Session], catalogue: &Catalogue, now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Clinical Fellowship Programme");
    for session in sessions {
        let details = &session.details;
        let kind = catalogue
            .get(&details.session_type)
            .map_or(details.session_type.as_str(), |t| t.name.as_str());
        let mut description = kind.to_owned();
        if !details.facilitators.is_empty() {
            description.push_str(&format!("\nWith {}", details.facilitators));
        }
        let mut event = Event::new();
        event
            .uid(&format!("session-{}@fellowship-bot", session.id))
            .sequence(u32::try_from(session.sequence).unwrap_or(0))
            .timestamp(now)
            .summary(&details.title)
            .description(&description)
            .location(&details.location)
            .starts(details.starts_at)
            .ends(details.ends_at);
        event.status(if session.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::sessions::{Audience, NewSession};

    fn session(cancelled: bool, sequence: i64) -> Session {
        let start = Utc.with_ymd_and_hms(2026, 3, 30, 8, 0, 0).unwrap();
        Session {
            id: 7,
            details: NewSession {
                session_type: "sim".into(),
                title: "Acute SIM".into(),
                starts_at: start,
                ends_at: start + Duration::hours(3),
                location: "SIM suite".into(),
                audience: Audience::Everyone,
                capacity: None,
                facilitators: "Dr A".into(),
            },
            cancelled,
            sequence,
        }
    }

    #[test]
    fn events_have_stable_uids_utc_times_and_their_status() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let file = calendar_file(&[session(false, 0)], &Catalogue::default(), now);
        assert!(file.contains("UID:session-7@fellowship-bot"));
        assert!(
            file.contains("DTSTART:20260330T080000Z") && file.contains("DTEND:20260330T110000Z"),
            "{file}"
        );
        assert!(file.contains("STATUS:CONFIRMED") && file.contains("SEQUENCE:0"));
        let cancelled = calendar_file(&[session(true, 1)], &Catalogue::default(), now);
        assert!(cancelled.contains("STATUS:CANCELLED") && cancelled.contains("SEQUENCE:1"));
    }
}
