//! The programme's trusts by name: their full names for buttons, and the towns and hospitals a
//! fellow may type instead of the initials. Which trusts are in use is the settings' (`TRUSTS`).

/// A trust the programme knows more about than its initials.
struct KnownTrust {
    code: &'static str,
    name: &'static str,
    /// Words that point to this trust, lower case: towns, hospitals, the name without "NHS".
    places: &'static [&'static str],
}

const KNOWN: [KnownTrust; 3] = [
    KnownTrust {
        code: "RWT",
        name: "The Royal Wolverhampton NHS Trust",
        places: &[
            "royal wolverhampton",
            "wolverhampton",
            "new cross",
            "cannock",
            "west park",
        ],
    },
    KnownTrust {
        code: "WHT",
        name: "Walsall Healthcare NHS Trust",
        places: &[
            "walsall healthcare",
            "walsall",
            "walsall manor",
            "manor hospital",
        ],
    },
    KnownTrust {
        code: "BCHFT",
        name: "Black Country Healthcare NHS Foundation Trust",
        // Mental health services across the Black Country, Wolverhampton included: so
        // "Wolverhampton" alone could be either trust.
        places: &[
            "black country",
            "black country healthcare",
            "dudley",
            "sandwell",
            "mental health",
            "wolverhampton",
        ],
    },
];

/// The trust's full name for a button or a sentence, with its initials: "The Royal
/// Wolverhampton NHS Trust (RWT)". A trust the programme does not know is its code.
pub fn trust_label(code: &str) -> String {
    match known(code) {
        Some(trust) => format!("{} ({})", trust.name, trust.code),
        None => code.to_owned(),
    }
}

fn known(code: &str) -> Option<&'static KnownTrust> {
    KNOWN.iter().find(|t| t.code.eq_ignore_ascii_case(code))
}

/// What a typed answer to "which trust?" points to, among the `trusts` in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustMatch {
    One(String),
    /// A town or word two trusts share ("Wolverhampton"): ask which.
    Several(Vec<String>),
    Unknown,
}

/// Words in the longest answer read as a trust: a sentence or a question is not an answer.
const MOST_WORDS: usize = 6;

/// Reads a trust from its initials, its name, or a town or hospital it runs.
pub fn match_trust(typed: &str, trusts: &[String]) -> TrustMatch {
    let words = words_of(typed);
    if typed.contains('?') || words.split(' ').count() > MOST_WORDS {
        return TrustMatch::Unknown;
    }
    let words = format!(" {words} ");
    if let Some(code) = trusts.iter().find(|t| words.trim().eq_ignore_ascii_case(t)) {
        return TrustMatch::One(code.clone());
    }
    // The trust matching the most of its words wins: "Wolverhampton mental health" is BCHFT.
    let scored: Vec<(usize, &String)> = trusts
        .iter()
        .filter_map(|code| {
            let trust = known(code)?;
            let name = words_of(trust.name);
            let hits = std::iter::once(name.as_str())
                .chain(trust.places.iter().copied())
                .filter(|place| words.contains(&format!(" {place} ")))
                .count();
            (hits > 0).then_some((hits, code))
        })
        .collect();
    let best = scored.iter().map(|(hits, _)| *hits).max().unwrap_or(0);
    let mut winners: Vec<String> = scored
        .into_iter()
        .filter(|(hits, _)| *hits == best)
        .map(|(_, code)| code.clone())
        .collect();
    match winners.len() {
        0 => TrustMatch::Unknown,
        1 => TrustMatch::One(winners.remove(0)),
        _ => TrustMatch::Several(winners),
    }
}

/// Lower-case words separated by single spaces, punctuation dropped.
fn words_of(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusts() -> Vec<String> {
        vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
    }

    fn one(code: &str) -> TrustMatch {
        TrustMatch::One(code.into())
    }

    #[test]
    fn a_town_or_hospital_finds_its_trust() {
        for (typed, code) in [
            ("rwt", "RWT"),
            ("New Cross Hospital", "RWT"),
            ("Cannock", "RWT"),
            ("the Royal Wolverhampton", "RWT"),
            ("Walsall", "WHT"),
            ("Walsall Manor", "WHT"),
            ("Black Country Healthcare", "BCHFT"),
            ("Dudley", "BCHFT"),
            ("Sandwell", "BCHFT"),
            ("Wolverhampton mental health", "BCHFT"),
        ] {
            assert_eq!(match_trust(typed, &trusts()), one(code), "{typed}");
        }
    }

    #[test]
    fn a_town_two_trusts_share_asks_which() {
        assert_eq!(
            match_trust("Wolverhampton", &trusts()),
            TrustMatch::Several(vec!["RWT".into(), "BCHFT".into()])
        );
    }

    #[test]
    fn only_trusts_in_use_are_found_and_nonsense_is_unknown() {
        assert_eq!(match_trust("Mars General", &trusts()), TrustMatch::Unknown);
        assert_eq!(match_trust("Walsall", &["RWT".into()]), TrustMatch::Unknown);
        assert_eq!(match_trust("Wolverhampton", &["RWT".into()]), one("RWT"));
        assert_eq!(match_trust("", &trusts()), TrustMatch::Unknown);
        assert_eq!(
            match_trust("how do I get to New Cross?", &trusts()),
            TrustMatch::Unknown,
            "a question is not an answer"
        );
        assert_eq!(
            match_trust(
                "I will work somewhere near Walsall I think maybe",
                &trusts()
            ),
            TrustMatch::Unknown
        );
    }

    #[test]
    fn buttons_carry_the_full_name() {
        assert_eq!(trust_label("WHT"), "Walsall Healthcare NHS Trust (WHT)");
        assert_eq!(trust_label("XYZ"), "XYZ");
    }
}
