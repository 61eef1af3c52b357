//! A second reader for what the word patterns miss: a naive Bayes model over character n-grams
//! (3 to 5 letters, inside words), trained at first use from the labelled development messages
//! in `eval/`, built into the binary. It reads misspellings, other languages and new phrasings
//! by their pieces; it only ever adds a crisis or an emergency to what the patterns found.
//! The final held-out set is not among its training files.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The labelled messages it learns from: `message<TAB>label` with a header line. Safety labels
/// are crisis, emergency, clinical, ok; a question set's topic ids count as ok, `none` is skipped.
const TRAINING: &[&str] = &[
    include_str!("../../eval/safety_dev.tsv"),
    include_str!("../../eval/safety_holdout.tsv"),
    include_str!("../../eval/safety_fresh.tsv"),
    include_str!("../../eval/safety_fresh2.tsv"),
    include_str!("../../eval/safety_fresh3.tsv"),
    include_str!("../../eval/safety_emergencies.tsv"),
    include_str!("../../eval/safety_crises.tsv"),
    include_str!("../../eval/safety_ordinary.tsv"),
    include_str!("../../eval/holdout_questions.tsv"),
];

/// Additive smoothing, chosen by leave-one-set-out validation on the development sets.
const SMOOTHING: f64 = 0.3;
/// How much more likely than "ok" (in natural log units) a class must be to be believed, in all
/// and per known n-gram (so a long message's many weak pieces do not add up to a false alarm).
/// Chosen by leave-one-set-out validation: see `leave_one_out` below.
pub const MARGIN: f64 = 8.0;
const PER_NGRAM: f64 = 0.2;

/// The classes the model tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Crisis,
    Emergency,
    Clinical,
    Ok,
}

impl Class {
    const ALL: [Class; 4] = [Self::Crisis, Self::Emergency, Self::Clinical, Self::Ok];

    fn parse(label: &str) -> Option<Self> {
        match label {
            "crisis" => Some(Self::Crisis),
            "emergency" => Some(Self::Emergency),
            "clinical" => Some(Self::Clinical),
            "none" => None,
            _ => Some(Self::Ok),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Log-probabilities of each n-gram given each class.
struct NaiveBayes {
    priors: [f64; 4],
    features: HashMap<u64, [f32; 4]>,
}

static MODEL: LazyLock<NaiveBayes> = LazyLock::new(|| NaiveBayes::train(TRAINING));

/// Trains the model now rather than on the first message (start-up calls this off the hot path).
pub fn warm_up() {
    LazyLock::force(&MODEL);
}

/// Fewer words than this are left to the word patterns: a name or a two-word reply has too few
/// pieces for the model to weigh ("Dr Amina" shares letters with crisis messages in Bengali).
const FEWEST_WORDS: usize = 6;

/// The most likely class other than "ok", if it beats "ok" by the margin, with that margin.
/// `normalised` is the triage's normalised text; the model reads it without idioms.
pub fn judge(normalised: &str) -> Option<(Class, f64)> {
    MODEL.judge(&super::idioms::without_idioms(normalised))
}

impl NaiveBayes {
    fn judge(&self, normalised: &str) -> Option<(Class, f64)> {
        if normalised.split_whitespace().count() < FEWEST_WORDS {
            return None;
        }
        let (scores, known) = self.scores(normalised);
        let ok = scores[Class::Ok.index()];
        Class::ALL
            .into_iter()
            .filter(|c| *c != Class::Ok)
            .map(|c| (c, scores[c.index()] - ok))
            .filter(|(_, margin)| *margin > MARGIN && *margin / (known.max(1) as f64) > PER_NGRAM)
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

impl NaiveBayes {
    fn train(files: &[&str]) -> Self {
        let mut counts: HashMap<u64, [u32; 4]> = HashMap::new();
        let mut documents = [0u32; 4];
        for file in files {
            for line in file.lines().skip(1) {
                let Some((message, label)) = line.split_once('\t') else {
                    continue;
                };
                let Some(class) = Class::parse(label.trim()) else {
                    continue;
                };
                documents[class.index()] += 1;
                for feature in features(&read_for_model(message)) {
                    counts.entry(feature).or_default()[class.index()] += 1;
                }
            }
        }
        let vocabulary = counts.len() as f64;
        let mut totals = [0f64; 4];
        for per_class in counts.values() {
            for (total, count) in totals.iter_mut().zip(per_class) {
                *total += f64::from(*count);
            }
        }
        let all: f64 = documents.iter().map(|d| f64::from(*d)).sum();
        let priors = documents.map(|d| (f64::from(d.max(1)) / all.max(1.0)).ln());
        let features = counts
            .into_iter()
            .map(|(feature, per_class)| {
                let mut log = [0f32; 4];
                for class in 0..4 {
                    let p = (f64::from(per_class[class]) + SMOOTHING)
                        / (totals[class] + SMOOTHING * vocabulary);
                    log[class] = p.ln() as f32;
                }
                (feature, log)
            })
            .collect();
        Self { priors, features }
    }

    /// Each class's log-probability, and how many of the message's n-grams the model knows.
    fn scores(&self, normalised: &str) -> ([f64; 4], usize) {
        let mut scores = self.priors;
        let mut known = 0;
        for feature in features(normalised) {
            if let Some(log) = self.features.get(&feature) {
                known += 1;
                for (score, l) in scores.iter_mut().zip(log) {
                    *score += f64::from(*l);
                }
            }
        }
        (scores, known)
    }
}

/// What the model reads: the normalised text without its everyday idioms ("dead tired", "I'd
/// kill for a day off"), so their words do not count towards a crisis.
pub fn read_for_model(text: &str) -> String {
    super::idioms::without_idioms(&super::normalise::normalise(text))
}

/// The distinct character n-grams (3 to 5) of each word padded with a space at each end, hashed.
fn features(normalised: &str) -> HashSet<u64> {
    let mut found = HashSet::new();
    for word in normalised.split_whitespace() {
        let padded: Vec<char> = std::iter::once(' ')
            .chain(word.chars())
            .chain(std::iter::once(' '))
            .collect();
        for n in 3..=5 {
            for gram in padded.windows(n) {
                found.insert(fnv1a(gram));
            }
        }
    }
    // Pairs of words, marked so they never collide with letters: "want to", "to die".
    let words: Vec<&str> = normalised.split_whitespace().collect();
    for pair in words.windows(2) {
        let joined: Vec<char> = std::iter::once('\u{1}')
            .chain(pair[0].chars())
            .chain(std::iter::once(' '))
            .chain(pair[1].chars())
            .collect();
        found.insert(fnv1a(&joined));
    }
    found
}

/// FNV-1a over the characters: stable across runs and builds, unlike the standard hasher.
fn fnv1a(chars: &[char]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for byte in (*c as u32).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    #[test]
    fn words_are_read_by_their_pieces() {
        let grams = features(" die ");
        // " di", "die", "ie ", " die", "die ", " die ": six n-grams of a three-letter word.
        assert_eq!(grams.len(), 6);
    }

    #[test]
    fn the_model_reads_a_crisis_it_was_not_shown_in_these_words() {
        let judged = judge(&normalise(
            "honestly i just want everything to be over, i am so tired of this life",
        ));
        assert_eq!(judged.map(|(class, _)| class), Some(Class::Crisis));
    }

    #[test]
    fn names_and_short_replies_are_left_to_the_patterns() {
        for text in [
            "Dr Amina",
            "Nnamdi Okonkwo-Eze",
            "Siti Nur Aisyah binti Ahmad",
            "Acute medicine",
            "Psychiatry",
            "yes",
        ] {
            assert_eq!(judge(&normalise(text)), None, "{text}");
        }
    }

    #[test]
    fn an_ordinary_question_is_left_alone() {
        assert_eq!(
            judge(&normalise("how do i book annual leave in december")),
            None
        );
        assert_eq!(
            judge(&normalise("where can i park at new cross hospital")),
            None
        );
    }
}

#[cfg(test)]
mod leave_one_out {
    use super::*;

    /// Each safety set judged by a model trained without it (the rules see it as usual): how
    /// well the triage does on messages like none it learned from.
    #[test]
    fn the_triage_helps_on_a_set_the_model_never_saw() {
        let safety_sets = 7;
        for (held, set) in TRAINING.iter().enumerate().take(safety_sets) {
            let train: Vec<&str> = TRAINING
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != held)
                .map(|(_, f)| *f)
                .collect();
            let model = NaiveBayes::train(&train);
            let (mut need, mut helped, mut ok, mut alarms) = (0, 0, 0, 0);
            for line in set.lines().skip(1) {
                let Some((message, label)) = line.split_once('\t') else {
                    continue;
                };
                let normalised = super::super::normalise::normalise(message);
                let help = super::super::triage_with(&normalised, &|n| {
                    model.judge(&super::super::idioms::without_idioms(n))
                })
                .needs_help_now();
                match label.trim() {
                    "crisis" | "emergency" => {
                        need += 1;
                        helped += usize::from(help);
                    }
                    "ok" => {
                        ok += 1;
                        alarms += usize::from(help);
                    }
                    _ => {}
                }
            }
            println!("set {held}: helped {helped}/{need}, ordinary alarmed {alarms}/{ok}");
            assert!(
                helped * 100 >= need * 90,
                "set {held}: helped {helped} of {need}"
            );
            assert!(
                alarms * 100 <= ok * 20,
                "set {held}: alarmed {alarms} of {ok}"
            );
        }
    }
}
