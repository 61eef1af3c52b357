//! What fellows type into the registration form, parsed once into values that cannot be wrong:
//! a name, a start date and a specialty. Each problem has a kind sentence to show.

use chrono::{Duration, NaiveDate};

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
    #[error("Please type your specialty in words, for example General Medicine.")]
    SpecialtyInWords,
    #[error("I couldn't read that date. Please type it like 14/01/2027 or 2027-01-14.")]
    UnreadableDate,
    #[error("That date is more than 15 years ago. Please check the year.")]
    DateTooEarly,
    #[error("That date is more than 2 years away. Please check the year.")]
    DateTooLate,
}

/// Whether `c` is a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C). A name holding U+202E (right-to-left override) shows whatever follows it reversed,
/// in every message that quotes it.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` without bidirectional controls: for anything shown to others as a name or a title.
pub fn without_bidi_controls(text: &str) -> String {
    text.chars().filter(|c| !is_bidi_control(*c)).collect()
}

fn clean_text(raw: &str, min: usize, max: usize) -> Result<String, InputProblem> {
    let raw = without_bidi_controls(raw);
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
        clean_text(raw, 2, 80)
            .map(Self)
            .map_err(|problem| match problem {
                InputProblem::NoLetters => InputProblem::SpecialtyInWords,
                other => other,
            })
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
    crate::chat::dates::relative_day(text, today)
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
    fn bidi_controls_are_stripped_from_names_and_specialties() {
        assert_eq!(
            FellowName::parse("Amina\u{202E}fdp.exe").unwrap().as_str(),
            "Aminafdp.exe"
        );
        for control in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let name = FellowName::parse(&format!("{control}Dr {control}Ben{control}")).unwrap();
            assert_eq!(name.as_str(), "Dr Ben", "U+{:04X}", u32::from(control));
            assert!(is_bidi_control(control));
        }
        assert_eq!(
            FellowName::parse("\u{202E}\u{2067}"),
            Err(InputProblem::Empty),
            "nothing but controls is nothing"
        );
        assert_eq!(
            Specialty::parse("\u{202E}Cardiology").unwrap().as_str(),
            "Cardiology"
        );
        assert_eq!(
            FellowName::parse("محمد\u{200F}").unwrap().as_str(),
            "محمد",
            "right-to-left names themselves are kept"
        );
        assert!(
            !is_bidi_control('\u{200D}'),
            "joiners stay: some scripts need them"
        );
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
