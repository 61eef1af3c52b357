//! Whether words of danger describe danger now. "My son is fitting, what number" is; "my son had
//! a febrile convulsion when he was 1, he's fine now" is not, nor is "what do I do if I smell gas,
//! just want to know", nor a question about a patient on the ward.

use std::sync::LazyLock;

use super::patterns::Patterns;

/// A call for help, in English or the languages fellows grew up with.
static CALLS_FOR_HELP: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"help (?:me|us|him|her|them|please|pls|plz|now|quick|quickly|asap)|please help|pls help|plz help|need help|needs help|get help|call for help|sos|urgent|urgently|asap|hurry|emergency now|call (?:an )?ambulance|calling (?:an )?ambulance|need (?:an )?ambulance|call 999|called 999|calling 999|call 2222|what number|which number|whats the number|what is the number|number again|is it 999|999 or",
        r"socorro|ayuda|auxilio|ajutor|tolong|tulong|msaada|saidia|bachao|bachaao|madad|aiuto|hilfe|au secours|yardim|e ran mi lowo|e jo e ran mi|taimaka|nyere m aka|کمک|النجدة|ساعدوني|الحقوني|помогите|допоможіть|рятуйте|বাঁচাও|सहायता|बचाओ|मदद",
    ])
});

/// Signs that it is happening as they write.
static NOW: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"now|right now|tonight|at the moment|currently|still|since|just (?:\S+ed|now|took|fell|had|went|saw|found|swallowed|drank|ate|got|dropped)",
        r"is (?:not breathing|unconscious|not responding|collapsed|bleeding|fitting|choking|turning|gasping|shaking|screaming)|not responding|not breathing|collapsed|gasping|turning blue|is closing|are closing|cannot breathe|can not breathe|barely|will not stop|wont stop|not stopping|not waking|will not wake|wont wake",
    ])
});

/// Someone of their own: family, friends, flatmates, "my 2 year old". Not a patient.
static THEIR_OWN: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"friend|friends|wife|husband|son|daughter|child|baby|boy|girl|toddler|kid|mum|mom|mother|dad|father|papa|mama|amma|abba|neighbour|flatmate|housemate|colleague|partner|brother|sister|uncle|aunt|cousin|roommate|grandma|grandmother|grandfather|grandpa|nani|dadi|registrar|consultant|my (?:\S+ )?(?:\d+|little|baby|newborn) (?:year|month|week|yr|mo|months|weeks|years)",
    ])
});

/// Danger a doctor names on the ward that is still a call for the emergency team (2222).
static ARREST: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"just collapsed|just stopped breathing|not breathing|no pulse|arrested|arresting|cardiac arrest now|unresponsive",
    ])
});

/// Over, or said to be fine: "he's fine now", "all cleaned up", "just want to know".
static FINE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:is|are|was|he is|she is|they are|i am|everyone is|we are|all) (?:\S+ )?(?:fine|okay|ok|alright|better|recovered|safe|stable) (?:now)?|fine now|ok now|okay now|cleaned up|nothing (?:is )?happening|not happening now|in (?:the )?future|just want to know|just asking|just curious|hypothetical\w*|just in case|in case|what if|what to do if|what should i do if|what do i do if|in the event of|tiny|tingled|minor|grazed",
    ])
});

/// Before now, or about learning it: "last month", "my induction notes", "a PACES scenario".
static PAST_OR_LEARNING: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:days|weeks|months|years) ago|a while ago|last (?:week|month|year|night|weekend|time)|yesterday|earlier today|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|when (?:he|she|i|they) (?:was|were)|as a (?:child|kid|baby)|back home",
        r"training|module|modules|quiz|induction|notes|mandatory|elearning|e learning|esr|course|teaching|lecture|learning|lessons|email|exam|paces station|osce station|exam station|scenario|osce|paces|mrcp|awareness|prevention|policy|guidance|leaflet|poster|grand round|slides|presentation|journal club|conference|webinar|seminar|drill|how do i report|how to report|what counts as|when should i call|when to call|procedure for|protocol for|news|film|movie|prescription|refill",
    ])
});

/// About the law or cover, not the danger: "if I help someone who collapsed, am I covered?"
static LEGAL: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"covered|cover me|indemnity|insurance|insured|liable|liability|good samaritan|legal|legally|sued|sue me|lawyer|solicitor|if i (?:help|helped|stop to help|treat|treated)",
    ])
});

/// Whether danger named in the (normalised, idiom-free) text is danger now. `clinical`: the
/// message also asks about patient care; `patient`: a patient is at its centre.
pub fn danger_now(text: &str, clinical: bool, patient: bool) -> bool {
    let calls = CALLS_FOR_HELP.matches(text);
    let now = NOW.matches(text);
    let their_own = THEIR_OWN.matches(text);
    // A call for help, or a sign it is still happening, outweighs words of the past; "fine
    // now" outweighs all but a call for help.
    let settled =
        FINE.matches(text) || LEGAL.matches(text) || (PAST_OR_LEARNING.matches(text) && !now);
    if settled && !calls {
        return false;
    }
    if patient && !their_own {
        // On the ward the question is how to care for them, unless they ask for help or it
        // is an arrest.
        return calls || ARREST.matches(text);
    }
    calls || now || their_own || !clinical
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn now(text: &str, clinical: bool, patient: bool) -> bool {
        danger_now(&normalise(text), clinical, patient)
    }

    #[test]
    fn danger_as_they_write_is_now() {
        assert!(now(
            "seizure wont stop its been 6 minutes already what number",
            false,
            false
        ));
        assert!(now(
            "son having a bad asthma attack, inhaler not working",
            true,
            false
        ));
        assert!(now("my patient is not breathing please help", true, true));
    }

    #[test]
    fn danger_past_imagined_or_on_the_ward_is_not() {
        assert!(!now(
            "my son had a febrile convulsion when he was 1, he's fine now",
            false,
            false
        ));
        assert!(!now(
            "what do I do if I smell gas in future? just want to know",
            false,
            false
        ));
        assert!(!now(
            "pt with new onset seizure, now post ictal, CT?",
            true,
            true
        ));
    }
}
