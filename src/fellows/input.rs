//! What fellows type into the registration form, parsed once into values that cannot be wrong:
//! a name, a start date and a specialty. Each problem has a kind sentence to show.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A person's name as they want it shown: 1 to 80 characters, with a letter, no markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FellowName(String);

/// A specialty or department: 2 to 80 characters, no markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specialty(String);

/// Why an answer was not accepted; the text is what the person sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputProblem {
    #[error("That looks empty. Please type it in words.")]
    Empty,
    #[error("That is too long: please keep it under {0} characters.")]
    TooLong(usize),
    #[error("Please use plain words, without symbols like < or >.")]
    Markup,
    #[error("Please type it in letters.")]
    NoLetters,
    #[error("I couldn't read that date. Please type it like 14/01/2027 or 2027-01-14.")]
    UnreadableDate,
    #[error("That date is more than 15 years ago. Please check the year.")]
    DateTooEarly,
    #[error("That date is more than 2 years away. Please check the year.")]
    DateTooLate,
}

fn clean_text(raw: &str, min: usize, max: usize) -> Result<String, InputProblem> {
    let text: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = text.chars().count();
    if length == 0 {
        return Err(InputProblem::Empty);
    }
    if length > max {
        return Err(InputProblem::TooLong(max));
    }
    if text.contains(['<', '>']) || text.chars().any(char::is_control) {
        return Err(InputProblem::Markup);
    }
    if length < min || !text.chars().any(char::is_alphabetic) {
        return Err(InputProblem::NoLetters);
    }
    Ok(text)
}

impl FellowName {
    pub fn parse(raw: &str) -> Result<Self, InputProblem> {
        clean_text(raw, 1, 80).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Specialty {
    pub fn parse(raw: &str) -> Result<Self, InputProblem> {
        clean_text(raw, 2, 80).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads a start date written the ways people write dates in the UK and abroad, relative to
/// `today` for words like "today" and "next monday". Day first: 03/04/2027 is 3 April.
pub fn parse_start_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, InputProblem> {
    let text = raw.trim().to_lowercase().replace(',', " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let date = relative_date(&text, today)
        .or_else(|| absolute_date(&text))
        .ok_or(InputProblem::UnreadableDate)?;
    if date < today - Duration::days(15 * 365) {
        return Err(InputProblem::DateTooEarly);
    }
    if date > today + Duration::days(2 * 365) {
        return Err(InputProblem::DateTooLate);
    }
    Ok(date)
}

fn relative_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match text {
        "today" => return Some(today),
        "tomorrow" => return Some(today + Duration::days(1)),
        "yesterday" => return Some(today - Duration::days(1)),
        _ => {}
    }
    let day = text.strip_prefix("next ").unwrap_or(text);
    let weekday: Weekday = day.parse().ok()?;
    let ahead = (7 + weekday.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64)
        % 7;
    Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }))
}

fn absolute_date(text: &str) -> Option<NaiveDate> {
    const FORMATS: &[&str] = &[
        "%Y-%m-%d",
        // Two-digit years first: "%Y" would read 27 as the year 27.
        "%d/%m/%y",
        "%d/%m/%Y",
        "%d-%m-%Y",
        "%d.%m.%Y",
        "%d %B %Y",
        "%d %b %Y",
        "%B %d %Y",
        "%b %d %Y",
        "%dst %B %Y",
        "%dnd %B %Y",
        "%drd %B %Y",
        "%dth %B %Y",
    ];
    FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn names_are_trimmed_and_kept_as_typed() {
        assert_eq!(
            FellowName::parse("  Dr  Amina   Yusuf ").unwrap().as_str(),
            "Dr Amina Yusuf"
        );
        assert_eq!(
            FellowName::parse("Ngozi Okonkwo-Adeyemi").unwrap().as_str(),
            "Ngozi Okonkwo-Adeyemi"
        );
        assert_eq!(FellowName::parse("محمد").unwrap().as_str(), "محمد");
    }

    #[test]
    fn empty_huge_and_html_names_are_refused() {
        assert_eq!(FellowName::parse("   "), Err(InputProblem::Empty));
        assert_eq!(
            FellowName::parse(&"a".repeat(10_000)),
            Err(InputProblem::TooLong(80))
        );
        assert_eq!(FellowName::parse("<b>Bob</b>"), Err(InputProblem::Markup));
        assert_eq!(FellowName::parse("12345"), Err(InputProblem::NoLetters));
    }

    #[test]
    fn dates_are_read_day_first_in_many_forms() {
        let expected = NaiveDate::from_ymd_opt(2027, 1, 14).unwrap();
        for text in [
            "2027-01-14",
            "14/01/2027",
            "14-01-2027",
            "14.01.2027",
            "14/1/27",
            "14 January 2027",
            "14 jan 2027",
            "January 14, 2027",
            "14th January 2027",
        ] {
            assert_eq!(parse_start_date(text, today()), Ok(expected), "{text}");
        }
        assert_eq!(parse_start_date("today", today()), Ok(today()));
        assert_eq!(
            parse_start_date("next Monday", today()),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        );
    }

    #[test]
    fn unreadable_and_absurd_dates_are_refused() {
        assert_eq!(
            parse_start_date("soon", today()),
            Err(InputProblem::UnreadableDate)
        );
        assert_eq!(
            parse_start_date("31/02/2027", today()),
            Err(InputProblem::UnreadableDate)
        );
        assert_eq!(
            parse_start_date("01/01/1990", today()),
            Err(InputProblem::DateTooEarly)
        );
        assert_eq!(
            parse_start_date("01/01/2035", today()),
            Err(InputProblem::DateTooLate)
        );
    }
}
