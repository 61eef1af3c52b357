//! The ideas a crisis is made of, found a few words apart rather than as set phrases: the writer
//! ("I", "my"), a wish, thought or plan ("keep thinking", "begging", "picked the day"), and an
//! ending ("not wake up", "join him", "go over the edge"). People say these in endless ways; the
//! ideas are few. Phrases with a fixed shape live in `crisis`.

use std::sync::LazyLock;

use super::patterns::Patterns;

/// How far apart, in words, the ideas of one thought may be.
const WINDOW: usize = 10;

static SELF: LazyLock<Patterns> = LazyLock::new(|| Patterns::new(&[r"i|me|my|myself|mine|im"]));

/// Someone the writer tells us about.
static SOMEONE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"he|she|they|him|her|them|his|their|friend|colleague|flatmate|housemate|roommate|brother|sister|wife|husband|partner|son|daughter|cousin|mate|fellow|someone|neighbour|mum|mom|mother|dad|father|uncle|aunt|classmate|boyfriend|girlfriend",
    ])
});

/// Wishing, thinking, planning, deciding: the mind turned towards an ending.
static WISH: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"deciding|decide|whether to|checked|checking|priced|pricing|want|wanted|wanting|wanna|wish|wishing|wished|hope|hoping|pray|praying|prayed|beg|begging|begged|think|thinking|thought|thoughts|plan|plans|planning|planned|picked|chosen|decided|decision|made my mind up|mind is made up|going to|gonna|about to|ready|tempted|urge|urges|considering|contemplating|should|easier|better|rather|prefer|longing|dream|dreaming|fantasise|fantasize|imagine|imagining|googled|googling|looked up|searched|researched|researching|counting|scared of what|afraid of what|worried about what|one bad day away|cannot stop|keeps telling me|keep telling me|voices|tell me to|told me to|might|could|would|intend|intending|time to",
    ])
});

/// An ending of one's own life, in the words people use for it.
static ENDING: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"to die|i die|me die|just die|die (?:now|tonight|today|soon|already|in my sleep|alone|quietly|peacefully)|dying inside|i am dying slowly|be dead|being dead|better dead|am dead|was dead|were dead|death (?:would|will|is|seems|sounds) (?:\S+ )?(?:better|easier|welcome|a relief|peace|peaceful|the answer)|welcome death|waiting for death|wait for death|suicid\S*|unaliv\S*|kill myself|killing myself|kill me off|end it|end it all|end things|end everything|end my life|end myself|ending it|ending things|ending my life|finish myself|finish my life|end of me",
        r"point of waking up|point in waking up|not wake up|not to wake up|never wake up|not waking up|never waking up|did not wake up|do not wake up|no longer wake|(?:god|allah|lord|jesus|death) (?:to )?(?:take|takes|taking|took) me|take me (?:away|now|in my sleep|from this world|home to)|not be (?:around|here|alive|living) (?:much longer|for long|anymore|any more|after (?:tonight|today|this)|by (?:morning|tomorrow|next week)|next year|forever|for eid|for christmas)|not going to be around (?:much longer|for long|anymore)|not be alive|not be living|not exist|not existing|stop existing|cease to exist|disappear|disappearing|vanish|vanished|vanishing|be gone (?:forever|for good)|gone forever|gone for good|go away for good|going away for good|not coming back|not be coming back|will not be coming back|let go of life|let go of everything|leave this world|leave this earth|leave this life|be with (?:him|her|them) (?:soon|now|again)|in heaven|join (?:him|her|them|my (?:\S+ )?(?:mother|father|mum|mom|dad|brother|sister|wife|husband|son|daughter|grandmother|grandfather|grandma|grandpa|nani|nana|dada|dadi))|be with (?:god|allah|my (?:\S+ )?(?:mother|father|mum|mom|dad))|meet my maker|rest forever|eternal sleep|sleep forever|never come back|never return",
        r"(?:go|going|went|drive|driving|steer|steering|turn|turning|jump|jumping|fall|falling|walk|walking|step|stepping|lie|lying|throw|throwing) (?:\S+ ){0,3}(?:over the edge|over the side|off the edge|off the bridge|off the roof|off the viaduct|over the viaduct|over the bridge|into (?:a|the) (?:water|sea|river|canal|lake|traffic|wall|tree|lorry|path|bridge)|in front of (?:a|the) (?:train|bus|lorry|truck|car|traffic)|under (?:a|the) (?:train|bus|lorry|truck)|the wheel|off the road)|overdose|fatal|lethal|deadly",
        r"(?:canal|river|sea|lake|water|reservoir|pond|tracks|railway|traffic) (?:\S+ ){0,8}(?:walk|walking|wade|wading|step|stepping|jump|jumping|go|going) (?:in|into it|in there|under|onto them|in front)",
    ])
});

/// The means in quantity: pills counted, saved, enough; a rope.
static MEANS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:all|all of|handful|handfuls|lot|lots|load|loads|bunch|bottles|boxes|packs|packets|strips|whole (?:bottle|box|pack|packet|strip)|stockpile|stockpiled|stash|counting|count|saved|saving|collected|collecting|hoarded|hoarding|hidden|hiding|every one) (?:\S+ ){0,4}(?:pills|tablets|tabs|painkillers|paracetamol|ibuprofen|codeine|tramadol|morphine|oxycodone|insulin|methadone|diazepam|zopiclone|sleeping|amitriptyline|sertraline|citalopram|fluoxetine|mirtazapine|propranolol|lithium|quetiapine|olanzapine|potassium|opioids|benzos)|(?:pills|tablets|insulin|painkillers) (?:\S+ ){0,4}(?:enough|counting|saved|saving|collected|stockpiled|hidden|ready)|(?:saving|saved|collecting|collected|stockpiling|hoarding|hiding) (?:up )?(?:all )?my \S+ (?:\S+ ){0,3}(?:for (?:\d+|weeks|months|days)|enough)|i (?:think i )?have enough(?: now)?|enough (?:to|for) (?:do it|end it|die|not wake up|kill)",
        r"\d\d+ (?:of (?:my |the |his |her )?)?(?:pills|tablets|tabs|paracetamol|painkillers|sleeping pills|codeine|tramadol|insulin|diazepam)",
        r"(?:insulin|morphine|potassium|drugs|pills|tablets|midazolam|ketamine|fentanyl|diazepam|opioids) (?:\S+ ){0,2}from (?:the |work|my )?(?:ward|clinic|hospital|theatre|pharmacy|work|cupboard)",
        r"rope|noose",
    ])
});

/// A pull said without "I" (texts drop it): "feel like driving into a wall".
static URGE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"feel like|felt like|feeling like|thinking about|thinking of|keep thinking|tempted to|urge to|urges to|want to|wanna|wish to|need to|ready to|going to",
    ])
});

/// Life seen as over: hopelessness about living itself, not a bad day.
static HOPELESS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"let go of life|tired of fighting|tired of (?:this|my) life|tired of being alive|tired of existing|tired of breathing|tired of carrying|no will to live|nothing left (?:for me|to live for|in me)|everything is (?:finished|over|lost|pointless) for me|(?:finished|over) for me|my heart is (?:already )?dead|dead inside|no future for me|no way out|cannot go on|cannot carry on|cannot keep going|cannot take (?:it|this|any more|anymore)|not worth (?:it|living|saving)|life is (?:pointless|meaningless|worthless|over|finished|not worth)|(?:what is|whats) the point of (?:living|life|anything|going on|me)|no point (?:in )?(?:living|going on|anything|me|trying)|i am (?:a )?(?:burden|failure) (?:to|of|for) (?:everyone|my family|my parents|them)|(?:shame|disgrace) (?:on|to) my family|better without me|better off without me|happier without me|fine without me|be fine without me",
    ])
});

/// Someone else's plan: told us, says, keeps saying, talks about.
static TELLS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"says|said|saying|told me|tells me|telling me|talks|talking|talked|keeps|kept|texted|messaged|posted|wrote|writes|mentioned|threatens|threatened|threatening|planning|plans|planned|wants|wanted|bought|buying|saving|saved|goodbye",
    ])
});

/// Whether `concepts` all occur within a few words of each other.
fn near(text: &str, concepts: &[&Patterns]) -> bool {
    let found: Vec<Vec<usize>> = concepts.iter().map(|c| c.positions(text)).collect();
    if found.iter().any(Vec::is_empty) {
        return false;
    }
    // Each position of the first idea anchors a window; the others must fall inside it.
    found.iter().flatten().any(|&anchor| {
        found.iter().all(|positions| {
            positions
                .iter()
                .any(|&p| p >= anchor && p <= anchor + WINDOW)
        })
    })
}

/// The writer's own crisis, said in their own words: "since my dad died I keep thinking I should
/// go and join him", "I'm counting my pills every night".
pub fn writer_in_crisis(text: &str) -> bool {
    near(text, &[&SELF, &WISH, &ENDING])
        || near(text, &[&URGE, &ENDING])
        || near(text, &[&SELF, &MEANS, &WISH])
        || near(text, &[&SELF, &HOPELESS])
}

/// Someone else's: "my colleague has bought a lot of tablets and is planning to take them".
pub fn someone_in_crisis(text: &str) -> bool {
    near(text, &[&SOMEONE, &TELLS, &ENDING]) || near(text, &[&SOMEONE, &TELLS, &MEANS])
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    #[test]
    fn the_ideas_of_a_crisis_are_found_in_other_words() {
        for message in [
            "since my dad died I keep thinking I should go and join him",
            "every day I am begging god to take me in my sleep",
            "im counting my pills every night, i think i have enough now",
            "when I drive over the viaduct I think about turning the wheel",
        ] {
            assert!(writer_in_crisis(&normalise(message)), "{message}");
        }
    }

    #[test]
    fn the_same_words_apart_are_not_a_crisis() {
        for message in [
            "i want to book annual leave for december",
            "my grandmother died back home, can i fly home for the funeral",
            "i think my bus pass is in my other bag",
        ] {
            assert!(!writer_in_crisis(&normalise(message)), "{message}");
        }
    }
}
