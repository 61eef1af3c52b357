//! What may stay beside an anonymous response once its form has closed. Its trust stays only
//! where at least [`MIN_GROUP`] invitees of that form share it; the rest become "other", and if
//! "other" would hold fewer than [`MIN_GROUP`] invitees the smallest named trust joins it, so no
//! trust can be worked out by subtraction. The store applies this when a form closes; reports
//! apply it to forms still open.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use super::MIN_GROUP;

/// The label of trusts folded together.
pub const OTHER_TRUSTS: &str = "other";

/// How each trust of one form's invitees is shown beside its responses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrustLabels {
    kept: Vec<String>,
}

impl TrustLabels {
    /// The labels for a form invited as `invited` (invitees per trust).
    pub fn for_invitees(invited: &BTreeMap<String, usize>) -> Self {
        let mut kept: Vec<(&String, usize)> = invited
            .iter()
            .filter(|(trust, n)| **n >= MIN_GROUP && trust.as_str() != OTHER_TRUSTS)
            .map(|(trust, n)| (trust, *n))
            .collect();
        let mut folded: usize =
            invited.values().sum::<usize>() - kept.iter().map(|k| k.1).sum::<usize>();
        while folded > 0 && folded < MIN_GROUP {
            let Some(smallest) = kept
                .iter()
                .enumerate()
                .min_by_key(|(_, (_, n))| *n)
                .map(|(i, _)| i)
            else {
                break;
            };
            folded += kept.remove(smallest).1;
        }
        Self {
            kept: kept.into_iter().map(|(trust, _)| trust.clone()).collect(),
        }
    }

    /// What `trust` is shown as: itself, or "other" (also for a trust nobody was invited from).
    pub fn label<'a>(&'a self, trust: &'a str) -> &'a str {
        if self.kept.iter().any(|k| k == trust) {
            trust
        } else {
            OTHER_TRUSTS
        }
    }
}

/// A random order for `n` rows, so the order responses are kept in says nothing about the
/// order they came in.
pub fn random_order(n: usize) -> Vec<usize> {
    // RandomState is seeded from the operating system's randomness; a fresh one per call.
    let state = std::collections::hash_map::RandomState::new();
    let mut keyed: Vec<(u64, usize)> = (0..n)
        .map(|i| {
            let mut hasher = state.build_hasher();
            hasher.write_usize(i);
            (hasher.finish(), i)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invited(counts: &[(&str, usize)]) -> TrustLabels {
        TrustLabels::for_invitees(
            &counts
                .iter()
                .map(|(trust, n)| ((*trust).to_owned(), *n))
                .collect(),
        )
    }

    #[test]
    fn the_only_fellow_of_a_trust_is_shown_as_other_and_so_is_the_smallest_big_trust() {
        let labels = invited(&[("RWT", 5), ("WHT", 1), ("BCHFT", 3)]);
        assert_eq!(labels.label("WHT"), OTHER_TRUSTS);
        assert_eq!(
            labels.label("BCHFT"),
            OTHER_TRUSTS,
            "or WHT's answer would be whatever is left after RWT and BCHFT"
        );
        assert_eq!(labels.label("RWT"), "RWT");
    }

    #[test]
    fn trusts_of_three_or_more_keep_their_name_when_the_rest_make_three() {
        let labels = invited(&[("RWT", 4), ("WHT", 3), ("BCHFT", 2), ("unknown", 1)]);
        assert_eq!(labels.label("RWT"), "RWT");
        assert_eq!(labels.label("WHT"), "WHT");
        assert_eq!(labels.label("BCHFT"), OTHER_TRUSTS);
        assert_eq!(labels.label("unknown"), OTHER_TRUSTS);
        assert_eq!(labels.label("nowhere"), OTHER_TRUSTS, "not invited: other");
    }

    #[test]
    fn a_form_of_fewer_than_three_is_all_other_and_labelling_twice_changes_nothing() {
        let labels = invited(&[("RWT", 1), ("WHT", 1)]);
        assert_eq!(labels.label("RWT"), OTHER_TRUSTS);
        let once = invited(&[("RWT", 3), ("other", 3)]);
        assert_eq!(once.label("RWT"), "RWT");
        assert_eq!(once.label(OTHER_TRUSTS), OTHER_TRUSTS);
    }

    #[test]
    fn a_random_order_holds_every_row_once() {
        let mut order = random_order(50);
        assert_ne!(
            order,
            (0..50).collect::<Vec<_>>(),
            "shuffled (1 in 50! to fail)"
        );
        order.sort_unstable();
        assert_eq!(order, (0..50).collect::<Vec<_>>());
    }
}
