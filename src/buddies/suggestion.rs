//! Choosing a buddy: same trust, same specialty where possible, the fewest current fellows, and
//! never someone the fellow has had before.

use crate::fellows::Fellow;

/// A person with the buddy role, as the suggestion sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuddyCandidate {
    pub user_id: i64,
    pub name: String,
    pub trust: String,
    pub specialty: String,
    /// How many fellows they look after now.
    pub current_load: usize,
}

/// Up to three candidates for `fellow`, best first. `previous` are everyone who has been the
/// fellow's buddy before; they are never suggested again.
pub fn suggest_buddies<'a>(
    fellow: &Fellow,
    candidates: &'a [BuddyCandidate],
    previous: &[i64],
) -> Vec<&'a BuddyCandidate> {
    let mut eligible: Vec<&BuddyCandidate> = candidates
        .iter()
        .filter(|c| {
            c.user_id != fellow.user_id && !previous.contains(&c.user_id) && c.trust == fellow.trust
        })
        .collect();
    let same_specialty = |c: &BuddyCandidate| c.specialty.eq_ignore_ascii_case(&fellow.specialty);
    eligible.sort_by(|a, b| {
        same_specialty(b)
            .cmp(&same_specialty(a))
            .then(a.current_load.cmp(&b.current_load))
            .then(a.name.cmp(&b.name))
    });
    eligible.truncate(3);
    eligible
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn new_fellow() -> Fellow {
        Fellow {
            user_id: 1,
            name: "New".into(),
            trust: "RWT".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            specialty: "Cardiology".into(),
            left_on: None,
        }
    }

    fn candidate(user_id: i64, trust: &str, specialty: &str, load: usize) -> BuddyCandidate {
        BuddyCandidate {
            user_id,
            name: format!("B{user_id}"),
            trust: trust.into(),
            specialty: specialty.into(),
            current_load: load,
        }
    }

    fn ids(found: Vec<&BuddyCandidate>) -> Vec<i64> {
        found.into_iter().map(|c| c.user_id).collect()
    }

    #[test]
    fn same_trust_only_and_same_specialty_first() {
        let candidates = [
            candidate(10, "WHT", "Cardiology", 0),
            candidate(11, "RWT", "Surgery", 0),
            candidate(12, "RWT", "cardiology", 2),
        ];
        assert_eq!(
            ids(suggest_buddies(&new_fellow(), &candidates, &[])),
            vec![12, 11]
        );
    }

    #[test]
    fn the_least_loaded_buddy_comes_first_among_equals() {
        let candidates = [
            candidate(20, "RWT", "Surgery", 3),
            candidate(21, "RWT", "Surgery", 1),
            candidate(22, "RWT", "Surgery", 2),
        ];
        assert_eq!(
            ids(suggest_buddies(&new_fellow(), &candidates, &[])),
            vec![21, 22, 20]
        );
    }

    #[test]
    fn a_previous_buddy_and_the_fellow_themself_are_never_suggested() {
        let candidates = [
            candidate(30, "RWT", "Cardiology", 0),
            candidate(1, "RWT", "Cardiology", 0),
            candidate(31, "RWT", "Surgery", 5),
        ];
        assert_eq!(
            ids(suggest_buddies(&new_fellow(), &candidates, &[30])),
            vec![31]
        );
    }
}
