//! Reading /buddy's arguments: who is meant, by @username, Telegram id or name, and which
//! registered fellows a name fits. Pure; the conversation looks the people up.

use crate::fellows::Fellow;

/// One person named in /buddy's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An @username or a Telegram id, as typed.
    Handle(String),
    /// Words of a name: "Amaka Eze".
    Name(String),
}

/// The people in "Amaka Eze", "@amaka @ravi", "Amaka Eze, Ravi Kumar" or "Amaka Eze @ravi":
/// a comma, an @username or an id ends a name.
pub fn read_targets(args: &str) -> Vec<Target> {
    let mut targets = Vec::new();
    for part in args.split(',') {
        let mut name: Vec<&str> = Vec::new();
        for word in part.split_whitespace() {
            let is_handle = word.starts_with('@') || word.parse::<i64>().is_ok();
            if is_handle {
                flush_name(&mut name, &mut targets);
                targets.push(Target::Handle(word.to_owned()));
            } else {
                name.push(word);
            }
        }
        flush_name(&mut name, &mut targets);
    }
    targets
}

fn flush_name(words: &mut Vec<&str>, targets: &mut Vec<Target>) {
    if !words.is_empty() {
        targets.push(Target::Name(words.join(" ")));
        words.clear();
    }
}

/// The fellows whose name has every word typed (each the start of one of its words, any case):
/// "amaka" fits "Amaka Eze" and "Amaka Obi"; "Amaka E" fits only the first.
pub fn fellows_named<'a>(fellows: &'a [Fellow], name: &str) -> Vec<&'a Fellow> {
    let typed: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if typed.is_empty() {
        return Vec::new();
    }
    fellows
        .iter()
        .filter(|fellow| {
            let words: Vec<String> = fellow
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            typed
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fellow(user_id: i64, name: &str) -> Fellow {
        Fellow {
            user_id,
            name: name.into(),
            trust: "RWT".into(),
            start_date: chrono::NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(),
            specialty: "Medicine".into(),
            left_on: None,
        }
    }

    #[test]
    fn names_handles_and_ids_are_told_apart() {
        use Target::{Handle, Name};
        assert_eq!(read_targets("Amaka Eze"), vec![Name("Amaka Eze".into())]);
        assert_eq!(
            read_targets("@amaka 1002"),
            vec![Handle("@amaka".into()), Handle("1002".into())]
        );
        assert_eq!(
            read_targets("Amaka Eze, Ravi Kumar"),
            vec![Name("Amaka Eze".into()), Name("Ravi Kumar".into())]
        );
        assert_eq!(
            read_targets("Amaka Eze @ravi"),
            vec![Name("Amaka Eze".into()), Handle("@ravi".into())]
        );
        assert!(read_targets("  ").is_empty());
    }

    #[test]
    fn a_name_fits_every_fellow_with_those_words() {
        let fellows = [
            fellow(1, "Amaka Eze"),
            fellow(2, "Amaka Obi"),
            fellow(3, "Ravi Kumar"),
        ];
        let ids = |name: &str| -> Vec<i64> {
            fellows_named(&fellows, name)
                .iter()
                .map(|f| f.user_id)
                .collect()
        };
        assert_eq!(ids("amaka eze"), vec![1]);
        assert_eq!(ids("Amaka"), vec![1, 2]);
        assert_eq!(ids("Amaka E"), vec![1]);
        assert_eq!(ids("Eze Amaka"), vec![1]);
        assert!(ids("Zainab").is_empty());
    }
}
