//! Sessions from a CSV file: a header row with at least `type,title,start,end,location` and
//! optionally `audience,capacity,facilitators`; times `YYYY-MM-DD HH:MM` in the programme's zone.
//! A row may repeat (`repeat` weekly, fortnightly or monthly, `until` a date, `except` dates
//! separated by `;`): it becomes one session per occurrence. Every problem is reported with its
//! line number, and nothing is imported unless every row is good.

use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use super::time::{parse_local, resolve};
use super::{Audience, Catalogue, NewSession};
use crate::fellows::without_bidi_controls;

const REQUIRED: [&str; 5] = ["type", "title", "start", "end", "location"];
const OPTIONAL: [&str; 6] = [
    "audience",
    "capacity",
    "facilitators",
    "repeat",
    "until",
    "except",
];
/// The most occurrences one repeating row may make.
const MAX_OCCURRENCES: usize = 100;

/// One thing wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// Reads every row; returns all of them, or every problem found.
pub fn parse_sessions_csv(
    text: &str,
    catalogue: &Catalogue,
    zone: Tz,
    trusts: &[String],
) -> Result<Vec<NewSession>, Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header_problem = |problem: String| vec![RowProblem { line: 1, problem }];
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| header_problem(format!("the header row cannot be read: {e}")))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if let Some(missing) = REQUIRED.iter().find(|r| !headers.iter().any(|h| h == *r)) {
        return Err(header_problem(format!(
            "the header has no '{missing}' column (needed: {})",
            REQUIRED.join(",")
        )));
    }
    if let Some(unknown) = headers
        .iter()
        .find(|h| !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()))
    {
        return Err(header_problem(format!(
            "unknown column '{unknown}' (allowed: {},{})",
            REQUIRED.join(","),
            OPTIONAL.join(",")
        )));
    }
    let mut sessions = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                problems.push(RowProblem {
                    line,
                    problem: format!("cannot be read: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let row = Row {
            headers: &headers,
            record: &record,
        };
        match parse_row(&row, catalogue, zone, trusts) {
            Ok(row_sessions) => sessions.extend(row_sessions),
            Err(problem) => problems.push(RowProblem { line, problem }),
        }
    }
    if sessions.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 2,
            problem: "the file has no sessions".into(),
        });
    }
    if problems.is_empty() {
        Ok(sessions)
    } else {
        Err(problems)
    }
}

/// One data row, read by column name.
struct Row<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
    }
}

fn parse_row(
    row: &Row<'_>,
    catalogue: &Catalogue,
    zone: Tz,
    trusts: &[String],
) -> Result<Vec<NewSession>, String> {
    let first = parse_one(row, catalogue, zone, trusts)?;
    let field = |name: &str| row.get(name);
    let repeat = match field("repeat").to_lowercase().as_str() {
        "" | "no" | "none" => return Ok(vec![first]),
        "weekly" => Repeat::Days(7),
        "fortnightly" => Repeat::Days(14),
        "monthly" => Repeat::Months(1),
        other => {
            return Err(format!(
                "repeat '{other}' must be weekly, fortnightly or monthly"
            ));
        }
    };
    let date = |raw: &str| {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .map_err(|_| format!("'{raw}' is not a date like 2027-03-12"))
    };
    let until = match field("until") {
        "" => return Err("a repeating session needs an 'until' date".into()),
        raw => date(raw)?,
    };
    let except: Vec<NaiveDate> = field("except")
        .split(';')
        .filter(|d| !d.trim().is_empty())
        .map(date)
        .collect::<Result<_, _>>()?;
    let length = first.ends_at - first.starts_at;
    let local_start = first.starts_at.with_timezone(&zone).naive_local();
    let mut sessions = Vec::new();
    for n in 0.. {
        let Some(local) = repeat.nth(local_start, n) else {
            break;
        };
        if local.date() > until {
            break;
        }
        if sessions.len() >= MAX_OCCURRENCES {
            return Err(format!(
                "the row repeats more than {MAX_OCCURRENCES} times: check 'until'"
            ));
        }
        if except.contains(&local.date()) {
            continue;
        }
        let starts_at = resolve(local, zone)
            .ok_or_else(|| format!("{local} does not exist: the clocks go forward then"))?;
        sessions.push(NewSession {
            starts_at,
            ends_at: starts_at + length,
            ..first.clone()
        });
    }
    Ok(sessions)
}

/// How a row repeats, in wall-clock time.
#[derive(Debug, Clone, Copy)]
enum Repeat {
    Days(i64),
    Months(u32),
}

impl Repeat {
    /// The `n`th occurrence (0 is the first).
    fn nth(self, first: NaiveDateTime, n: u32) -> Option<NaiveDateTime> {
        match self {
            Self::Days(days) => Some(first + Duration::days(days * i64::from(n))),
            Self::Months(months) => first.checked_add_months(Months::new(months * n)),
        }
    }
}

fn parse_one(
    row: &Row<'_>,
    catalogue: &Catalogue,
    zone: Tz,
    trusts: &[String],
) -> Result<NewSession, String> {
    // Titles, places and facilitators are shown to everyone: no bidirectional controls.
    let field = |name: &str| without_bidi_controls(row.get(name));
    let kind = catalogue.get(&field("type")).ok_or_else(|| {
        format!(
            "'{}' is not a session type (see content/session-types.toml)",
            field("type")
        )
    })?;
    let title = match field("title").as_str() {
        "" => kind.name.clone(),
        title if title.chars().count() > 120 => {
            return Err("the title is longer than 120 characters".into());
        }
        title => title.to_owned(),
    };
    let starts_at = parse_local(&field("start"), zone).map_err(|e| format!("start: {e}"))?;
    let ends_at = match field("end").as_str() {
        "" => starts_at + Duration::minutes(kind.minutes),
        end => parse_local(end, zone).map_err(|e| format!("end: {e}"))?,
    };
    if ends_at <= starts_at {
        return Err("the session ends before it starts".into());
    }
    if ends_at - starts_at > Duration::days(14) {
        return Err("the session is longer than two weeks: check the dates".into());
    }
    let location = field("location");
    if location.is_empty() || location.chars().count() > 200 {
        return Err(
            "the location must be given (a room, or an online link), in under 200 characters"
                .into(),
        );
    }
    let capacity = match field("capacity").as_str() {
        "" => None,
        raw => match raw.parse::<u32>() {
            Ok(n) if (1..=10_000).contains(&n) => Some(n),
            _ => {
                return Err(format!(
                    "capacity '{raw}' must be a whole number from 1 to 10000, or empty"
                ));
            }
        },
    };
    Ok(NewSession {
        session_type: kind.id.clone(),
        title,
        starts_at,
        ends_at,
        location,
        audience: Audience::parse(&field("audience"), trusts)?,
        capacity,
        facilitators: field("facilitators"),
    })
}

/// What an import did, as a lead reads it: "Imported 1 session: #1." or "Imported 3 sessions:
/// #4 to #6."
pub fn imported_line(ids: &[i64]) -> String {
    match ids {
        [] => "There were no sessions in the file, so nothing was imported.".to_owned(),
        [only] => format!("Imported 1 session: #{only}."),
        [first, .., last] => format!("Imported {} sessions: #{first} to #{last}.", ids.len()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use chrono_tz::Europe::London;

    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::parse(
            "[[type]]\nid = \"sim\"\nname = \"SIM training\"\nminutes = 180\nfeedback = true\n",
        )
        .unwrap()
    }

    fn trusts() -> Vec<String> {
        vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
    }

    #[test]
    fn good_rows_are_read_in_the_programme_time_zone() {
        let csv = "type,title,start,end,location,audience,capacity\n\
                   sim,Acute SIM,2026-03-30 09:00,2026-03-30 12:00,SIM suite,RWT,12\n\
                   SIM,,2026-11-02 09:00,,Online,,\n";
        let sessions = parse_sessions_csv(csv, &catalogue(), London, &trusts()).unwrap();
        assert_eq!(sessions.len(), 2);
        assert_eq!(
            sessions[0].starts_at,
            Utc.with_ymd_and_hms(2026, 3, 30, 8, 0, 0).unwrap()
        );
        assert_eq!(sessions[0].audience, Audience::Trust("RWT".into()));
        assert_eq!(sessions[0].capacity, Some(12));
        assert_eq!(
            sessions[1].title, "SIM training",
            "an empty title takes the type's name"
        );
        assert_eq!(
            sessions[1].ends_at - sessions[1].starts_at,
            Duration::minutes(180),
            "an empty end takes the usual length"
        );
    }

    #[test]
    fn titles_places_and_facilitators_lose_bidi_controls() {
        let csv = "type,title,start,end,location,facilitators\n\
                   sim,Acute\u{202E} SIM,2026-03-30 09:00,,Room\u{2067} 4,Dr\u{202E} Okafor\n";
        let sessions = parse_sessions_csv(csv, &catalogue(), London, &trusts()).unwrap();
        assert_eq!(sessions[0].title, "Acute SIM");
        assert_eq!(sessions[0].location, "Room 4");
        assert_eq!(sessions[0].facilitators, "Dr Okafor");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let csv = "type,title,start,end,location\n\
                   sim,Fine,2026-12-01 09:00,2026-12-01 10:00,Room 1\n\
                   yoga,Unknown type,2026-12-01 09:00,2026-12-01 10:00,Room 1\n\
                   sim,Backwards,2026-12-01 11:00,2026-12-01 10:00,Room 1\n\
                   sim,Bad date,01/12/2026 9am,2026-12-01 10:00,Room 1\n\
                   sim,No place,2026-12-01 09:00,2026-12-01 10:00,\n";
        let problems = parse_sessions_csv(csv, &catalogue(), London, &trusts()).unwrap_err();
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6], "{problems:?}");
        assert!(problems[0].problem.contains("'yoga' is not a session type"));
    }

    #[test]
    fn a_weekly_row_becomes_one_session_a_week_keeping_its_clock_time_and_skipping_exceptions() {
        let csv = "type,title,start,end,location,repeat,until,except\n\
                   sim,Weekly SIM,2026-10-14 09:00,2026-10-14 10:00,Room 1,weekly,2026-11-11,2026-10-28\n";
        let sessions = parse_sessions_csv(csv, &catalogue(), London, &trusts()).unwrap();
        let starts: Vec<String> = sessions
            .iter()
            .map(|s| crate::sessions::time::show(s.starts_at, London))
            .collect();
        assert_eq!(
            starts,
            vec![
                "Wed 14 Oct 2026, 09:00",
                "Wed 21 Oct 2026, 09:00",
                "Wed 4 Nov 2026, 09:00",
                "Wed 11 Nov 2026, 09:00"
            ],
            "09:00 on both sides of the clock change, 28 October skipped"
        );
        assert!(
            sessions
                .iter()
                .all(|s| s.ends_at - s.starts_at == Duration::hours(1))
        );
    }

    #[test]
    fn a_repeating_row_needs_an_end_and_a_known_rhythm() {
        let base = "type,title,start,end,location,repeat,until\nsim,x,2026-12-01 09:00,2026-12-01 10:00,Room,";
        for (tail, expected) in [
            ("weekly,\n", "needs an 'until'"),
            ("daily,2027-01-01\n", "weekly, fortnightly or monthly"),
            ("weekly,2035-01-01\n", "more than 100"),
        ] {
            let problems =
                parse_sessions_csv(&format!("{base}{tail}"), &catalogue(), London, &trusts())
                    .unwrap_err();
            assert!(
                problems[0].problem.contains(expected),
                "{tail}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_header_without_a_required_column_is_refused() {
        let problems = parse_sessions_csv(
            "type,title,start\nsim,x,2026-12-01 09:00\n",
            &catalogue(),
            London,
            &trusts(),
        )
        .unwrap_err();
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].problem.contains("'end'"));
    }

    #[test]
    fn an_import_is_described_like_a_person_would() {
        assert_eq!(imported_line(&[1]), "Imported 1 session: #1.");
        assert_eq!(imported_line(&[4, 5, 6]), "Imported 3 sessions: #4 to #6.");
        assert!(imported_line(&[]).contains("nothing was imported"));
    }
}
