//! Subjects no article covers (pay figures, pensions, tax, property, family visas, exams, job
//! applications, ...), recognised by their words so that the bot declines them and says where to
//! ask, instead of answering with the nearest article. What to say is left to `answers`.

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
struct Rule {
    subject: OutOfScope,
    when: &'static [&'static str],
    unless: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        subject: OutOfScope::PayFigures,
        when: &[
            "salary + how much",
            "salary + what is",
            "salary + whats",
            "basic salary",
            "starting salary",
            "salary scale*",
            "salary range",
            "salary increment*",
            "net salary",
            "gross salary",
            "pay scale*",
            "payscale*",
            "pay band*",
            "pay point*",
            "pay rise*",
            "pay increase*",
            "pay award*",
            "pay uplift",
            "basic pay",
            "take home",
            "how much + paid",
            "extra pay",
            "how much + earn*",
            "enhancement*",
            "banding",
            "overtime rate*",
        ],
        unless: &[
            "sick pay",
            "bank account",
            "account",
            "study leave",
            "salary date",
            "pay date",
            "pay day",
            "payday",
            "payslip*",
        ],
    },
    Rule {
        subject: OutOfScope::Pensions,
        when: &["pension*"],
        unless: &[],
    },
    Rule {
        subject: OutOfScope::Tax,
        when: &[
            "tax code*",
            "emergency tax",
            "tax return*",
            "self assessment",
            "income tax",
            "tax refund*",
            "tax rebate*",
            "tax relief",
            "tax on",
            "pay tax",
            "pay uk tax",
            "taxed",
            "double taxation",
            "personal allowance",
            "hmrc + refund*",
        ],
        unless: &["council tax", "road tax", "car tax", "vehicle tax"],
    },
    Rule {
        subject: OutOfScope::BuyingProperty,
        when: &[
            "mortgage*",
            "house price*",
            "property price*",
            "stamp duty",
            "first time buyer*",
            "buy* + house",
            "buy* + property",
            "buy* + a flat",
            "buy* + own home",
            "buy* + a home",
        ],
        unless: &["car"],
    },
    Rule {
        subject: OutOfScope::SavingsAndCredit,
        when: &[
            "isa",
            "isas",
            "savings account*",
            "saving account*",
            "savings + interest",
            "savings + best",
            "interest rate*",
            "credit score*",
            "credit rating",
            "credit builder",
            "build* credit",
            "credit card + which",
            "credit card + best",
            "credit card + apply*",
            "get a credit card",
            "uk credit card",
            "invest",
            "investing",
            "investment*",
            "stocks and shares",
            "crypto*",
            "premium bonds",
            "personal loan*",
        ],
        unless: &["phone", "sim", "mobile", "contract"],
    },
    Rule {
        subject: OutOfScope::FamilyVisasAndSettlement,
        when: &[
            "dependant*",
            "dependent visa*",
            "spouse visa*",
            "partner visa*",
            "family visa*",
            "visit visa*",
            "visitor visa*",
            "visa + wife",
            "visa + husband",
            "visa + spouse",
            "visa + partner",
            "visa + my children",
            "visa + my kids",
            "visa + my son",
            "visa + my daughter",
            "visa + my parents",
            "visa + my mother",
            "visa + my father",
            "visa extension*",
            "extend* + visa",
            "renew* + visa",
            "visa renewal",
            "switch* + visa",
            "visa + uber",
            "visa + taxi",
            "visa + deliveroo",
            "visa + second job",
            "visa + side job",
            "visa + part time job",
            "ilr",
            "indefinite leave",
            "settlement visa",
            "settled status",
            "citizenship",
            "naturalisation",
            "naturalization",
            "british passport",
            "life in the uk test",
            "renew* + my passport",
            "passport renewal",
            "register* + marriage",
            "register* + baby",
            "birth registration",
            "newborn",
        ],
        unless: &[],
    },
    Rule {
        subject: OutOfScope::SchoolsAndChildcare,
        when: &[
            "nursery",
            "nurseries",
            "childcare",
            "child care",
            "childminder*",
            "creche",
            "school admission*",
            "school place*",
            "primary school*",
            "secondary school*",
            "school + my son",
            "school + my daughter",
            "school + my child",
            "school + my children",
            "school + my kids",
            "school + year old",
        ],
        unless: &["medical school"],
    },
    Rule {
        subject: OutOfScope::Pets,
        when: &[
            "pet",
            "pets",
            "pet passport",
            "dog",
            "dogs",
            "puppy",
            "cat",
            "cats",
            "kitten",
            "vet",
        ],
        unless: &["scan"],
    },
    Rule {
        subject: OutOfScope::ParentalLeave,
        when: &[
            "maternity*",
            "paternity*",
            "parental leave",
            "shared parental",
            "adoption leave",
        ],
        unless: &[],
    },
    Rule {
        subject: OutOfScope::ExamPreparation,
        when: &[
            "plab*",
            "msra",
            "ukmla",
            "mrcp*",
            "mrcs",
            "mrcog",
            "mrcpch",
            "mrcem",
            "mrcpsych",
            "mrcgp",
            "frcs",
            "frca",
            "frcr",
            "frcem",
            "question bank*",
            "passmedicine",
            "pastest",
            "exam prep*",
        ],
        unless: &[
            "study leave",
            "leave",
            "budget",
            "fund*",
            "claim*",
            "reimburs*",
            "expense*",
            "sponsor*",
            "day off",
            "days off",
            "time off",
            "cesr",
            "portfolio",
            "pay for",
            "paid for",
            "welcome",
            "induction",
        ],
    },
    Rule {
        subject: OutOfScope::Applications,
        when: &[
            "cv",
            "cvs",
            "curriculum vitae",
            "cover letter*",
            "covering letter*",
            "personal statement*",
            "job application*",
            "apply* + job",
            "nhs jobs",
            "trac jobs",
            "oriel",
            "specialty training",
            "speciality training",
            "specialty recruitment",
            "speciality recruitment",
            "national recruitment",
            "run through training",
            "run through post*",
            "gp training",
            "imt",
            "im training",
            "core training",
            "cst",
            "training number",
            "ntn",
            "st3 + appl*",
            "st1 + appl*",
            "job interview*",
        ],
        unless: &["cesr", "study leave"],
    },
    Rule {
        subject: OutOfScope::LocalLife,
        when: &[
            "night out",
            "nightclub*",
            "nightlife",
            "restaurant*",
            "gym",
            "gyms",
            "cinema*",
            "mosque*",
            "jummah",
            "church*",
            "temple*",
            "gurdwara*",
            "mass time*",
            "football",
            "cricket",
            "premier league",
            "match tickets",
            "weather",
            "raining",
            "snow",
            "election*",
            "prime minister",
        ],
        unless: &[
            "halal",
            "fellows",
            "social",
            "lonely",
            "friends",
            "colleagues",
            "discount*",
            "bring",
            "pack*",
            "clothes",
            "coat*",
            "bus*",
            "train*",
            "tram*",
            "driv*",
            "road*",
            "shift*",
            "rota",
        ],
    },
];

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
