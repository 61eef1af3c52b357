//! Subjects no article covers (pay figures, pensions, tax, property, family visas, exams, job
//! applications, ...), recognised by their words so that the bot declines them and says where to
//! ask, instead of answering with the nearest article. What to say is left to `answers`.

mod rules;

use rules::RULES;

/// A subject outside the knowledge base that fellows ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfScope {
    /// Salary figures, pay scales, pay rises, enhancements (being paid at all is banking).
    PayFigures,
    Pensions,
    /// Tax codes, tax returns, tax on income (council tax is accommodation).
    Tax,
    /// Mortgages and buying a home (renting is accommodation).
    BuyingProperty,
    /// Savings, ISAs, investments, credit cards and credit scores.
    SavingsAndCredit,
    /// Visas for a partner, children or parents, visa extensions, ILR and citizenship.
    FamilyVisasAndSettlement,
    SchoolsAndChildcare,
    Pets,
    /// Maternity, paternity and shared parental leave.
    ParentalLeave,
    /// Preparing for PLAB, MSRA, MRCP and other exams (study leave for them is in scope).
    ExamPreparation,
    /// Applications for training posts and jobs, CVs and cover letters (CESR is in scope).
    Applications,
    /// Going out, sport, worship, weather and news: life outside work that no article covers.
    LocalLife,
}

/// A subject's words. `when` holds alternatives; each is one or more phrases joined by " + ",
/// all of which must occur. A word ending in `*` matches any word it begins. Any phrase of
/// `unless` found in the question leaves it to the articles.
pub(super) struct Rule {
    pub(super) subject: OutOfScope,
    pub(super) when: &'static [&'static str],
    pub(super) unless: &'static [&'static str],
}

/// The subject no article covers that `plain` (lower-case words, single spaces) is about, if any.
pub fn out_of_scope_subject(plain: &str) -> Option<OutOfScope> {
    let words: Vec<&str> = plain.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    RULES
        .iter()
        .find(|rule| {
            rule.when.iter().any(|all| {
                all.split(" + ")
                    .all(|phrase| contains_phrase(&words, phrase))
            }) && !rule
                .unless
                .iter()
                .any(|phrase| contains_phrase(&words, phrase))
        })
        .map(|rule| rule.subject)
}

/// Whether `phrase` occurs in `words` as whole words, a final `*` matching any ending.
fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let pattern: Vec<&str> = phrase.split(' ').collect();
    words.windows(pattern.len()).any(|window| {
        window
            .iter()
            .zip(&pattern)
            .all(|(word, want)| match want.strip_suffix('*') {
                Some(start) => word.starts_with(start),
                None => word == want,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(text: &str) -> Option<OutOfScope> {
        out_of_scope_subject(text)
    }

    #[test]
    fn subjects_no_article_covers_are_recognised() {
        assert_eq!(
            subject("nhs pension can i opt out"),
            Some(OutOfScope::Pensions)
        );
        assert_eq!(
            subject("what is the basic salary of a clinical fellow"),
            Some(OutOfScope::PayFigures)
        );
        assert_eq!(subject("my tax code is wrong"), Some(OutOfScope::Tax));
        assert_eq!(
            subject("can i get a mortgage on a skilled worker visa"),
            Some(OutOfScope::BuyingProperty)
        );
        assert_eq!(
            subject("how to bring my wife on a dependant visa"),
            Some(OutOfScope::FamilyVisasAndSettlement)
        );
        assert_eq!(
            subject("plab 2 preparation tips"),
            Some(OutOfScope::ExamPreparation)
        );
        assert_eq!(
            subject("cv format for nhs job"),
            Some(OutOfScope::Applications)
        );
        assert_eq!(
            subject("paternity leave how many days"),
            Some(OutOfScope::ParentalLeave)
        );
    }

    #[test]
    fn in_scope_questions_that_share_their_words_are_left_to_the_articles() {
        assert_eq!(subject("when do i get paid"), None);
        assert_eq!(subject("study leave for mrcp paces"), None);
        assert_eq!(subject("no credit history for a phone contract"), None);
        assert_eq!(subject("how much is council tax"), None);
        assert_eq!(subject("cesr application evidence"), None);
        assert_eq!(subject("how do i get a gp appointment"), None);
        assert_eq!(subject("how much is sick pay"), None);
        assert_eq!(subject("halal restaurant near the hospital"), None);
    }

    #[test]
    fn a_star_matches_word_endings_and_nothing_matches_inside_a_word() {
        assert!(contains_phrase(&["mortgages"], "mortgage*"));
        assert!(!contains_phrase(&["household"], "house"));
        assert!(contains_phrase(&["pay", "scales", "2026"], "pay scale*"));
    }
}
