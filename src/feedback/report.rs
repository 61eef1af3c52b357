//! The leads' figures for a set of feedback responses, per trust: invited, responses, response
//! rate, the rating distribution and mean, and the comments, with groups of fewer than
//! [`MIN_GROUP`] responses held back so nobody can be picked out.

use std::collections::BTreeMap;

use super::MIN_GROUP;
use super::anonymity::{OTHER_TRUSTS, TrustLabels};
use crate::message::escape;

/// Reads one kind of comment from a response.
type CommentField = fn(&ResponseRow) -> Option<&String>;

/// One response as a report reads it (no link to the fellow unless they chose to give their name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub form_id: i64,
    pub form_title: String,
    pub held_on: String,
    pub session_type: String,
    pub trust: String,
    pub rating: Option<u8>,
    pub situation: Option<String>,
    pub behaviour: Option<String>,
    pub impact: Option<String>,
    pub suggestion: Option<String>,
    /// Only when the fellow chose to give it.
    pub name: Option<String>,
}

/// The figures for one group of responses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub invited: usize,
    pub responses: usize,
    /// How many gave each rating, 1 to 5.
    pub ratings: [usize; 5],
}

impl Figures {
    pub fn response_rate(&self) -> Option<f64> {
        (self.invited > 0).then(|| self.responses as f64 / self.invited as f64)
    }

    pub fn mean_rating(&self) -> Option<f64> {
        let rated: usize = self.ratings.iter().sum();
        let total: usize = self
            .ratings
            .iter()
            .enumerate()
            .map(|(i, n)| (i + 1) * n)
            .sum();
        (rated > 0).then(|| total as f64 / rated as f64)
    }

    fn fold(&mut self, more: &Figures) {
        self.invited += more.invited;
        self.responses += more.responses;
        for (total, n) in self.ratings.iter_mut().zip(more.ratings) {
            *total += n;
        }
    }

    fn add(&mut self, row: &ResponseRow) {
        self.responses += 1;
        if let Some(rating) = row.rating.filter(|r| (1..=5).contains(r)) {
            self.ratings[usize::from(rating) - 1] += 1;
        }
    }
}

/// Shows each response's trust only as its form's invitees allow ([`TrustLabels`]; closed forms
/// are stored so already) and returns how many were invited under each label, so that no
/// figure combines invitations and responses into a group of fewer than [`MIN_GROUP`].
/// `invited`: (form, trust, invitees).
pub fn label_trusts(
    rows: &mut [ResponseRow],
    invited: &[(i64, String, usize)],
) -> BTreeMap<String, usize> {
    let mut by_form: BTreeMap<i64, BTreeMap<String, usize>> = BTreeMap::new();
    for (form, trust, n) in invited {
        *by_form
            .entry(*form)
            .or_default()
            .entry(trust.clone())
            .or_default() += n;
    }
    let labels: BTreeMap<i64, TrustLabels> = by_form
        .iter()
        .map(|(form, counts)| (*form, TrustLabels::for_invitees(counts)))
        .collect();
    let nobody = TrustLabels::default();
    for row in rows.iter_mut() {
        let form_labels = labels.get(&row.form_id).unwrap_or(&nobody);
        row.trust = form_labels.label(&row.trust).to_owned();
    }
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for (form, counts) in &by_form {
        for (trust, n) in counts {
            *totals
                .entry(labels[form].label(trust).to_owned())
                .or_default() += n;
        }
    }
    totals
}

/// Figures per trust and overall, from the responses and who was invited (by trust).
pub fn figures_by_trust(
    rows: &[ResponseRow],
    invited: &BTreeMap<String, usize>,
) -> (BTreeMap<String, Figures>, Figures) {
    let mut by_trust: BTreeMap<String, Figures> = invited
        .iter()
        .map(|(trust, n)| {
            (
                trust.clone(),
                Figures {
                    invited: *n,
                    ..Figures::default()
                },
            )
        })
        .collect();
    let mut overall = Figures {
        invited: invited.values().sum(),
        ..Figures::default()
    };
    for row in rows {
        by_trust.entry(row.trust.clone()).or_default().add(row);
        overall.add(row);
    }
    (by_trust, overall)
}

/// The report's text: the overall figures, each trust's (held back under [`MIN_GROUP`]), and the
/// comments (only when there are enough responses overall).
pub fn report_text(title: &str, rows: &[ResponseRow], invited: &BTreeMap<String, usize>) -> String {
    let (by_trust, overall) = figures_by_trust(rows, invited);
    let mut lines = vec![format!("📊 <b>Feedback: {}</b>", escape(title))];
    lines.push(figures_line("All", &overall));
    for (label, figures) in shown_groups(by_trust) {
        // Everyone folded together says again what the "All" line said.
        if label == COMBINED && figures == overall {
            continue;
        }
        lines.push(figures_line(&label, &figures));
    }
    if overall.responses < MIN_GROUP {
        lines.push(format!(
            "\nComments are shown from {MIN_GROUP} responses, so nobody can be recognised."
        ));
        return lines.join("\n");
    }
    let sections: [(&str, CommentField); 4] = [
        ("Situation", |r| r.situation.as_ref()),
        ("Behaviour", |r| r.behaviour.as_ref()),
        ("Impact", |r| r.impact.as_ref()),
        ("Suggestions", |r| r.suggestion.as_ref()),
    ];
    for (heading, field) in sections {
        let comments: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                field(r).map(|text| match &r.name {
                    Some(name) => format!("• {} — {}", escape(text), escape(name)),
                    None => format!("• {}", escape(text)),
                })
            })
            .collect();
        if !comments.is_empty() {
            lines.push(format!("\n<b>{heading}</b>"));
            lines.extend(comments);
        }
    }
    lines.join("\n")
}

/// The label of the trusts shown together.
const COMBINED: &str = "Other trusts (combined)";

/// The trusts as shown: a trust with too few responses is folded into "Other trusts", and if
/// that is still too few, the smallest other trust joins it, so that no small group can be worked
/// out by subtracting the shown ones from the total. Trusts already labelled "other" (see
/// [`label_trusts`]) are shown there too, not as a second line of their own.
fn shown_groups(by_trust: BTreeMap<String, Figures>) -> Vec<(String, Figures)> {
    let (mut shown, small): (Vec<_>, Vec<_>) = by_trust.into_iter().partition(|(trust, f)| {
        trust != OTHER_TRUSTS && (f.responses == 0 || f.responses >= MIN_GROUP)
    });
    if small.is_empty() {
        return shown;
    }
    let mut other = Figures::default();
    small.iter().for_each(|(_, f)| other.fold(f));
    // Only responses can give someone away: an "other" nobody answered from stays as it is.
    while other.responses > 0 && other.responses < MIN_GROUP {
        let smallest = shown
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| f.responses > 0)
            .min_by_key(|(_, (_, f))| f.responses)
            .map(|(i, _)| i);
        let Some(index) = smallest else { break };
        let (_, figures) = shown.remove(index);
        other.fold(&figures);
    }
    shown.push((COMBINED.to_owned(), other));
    shown
}

/// The responses as CSV for the leads: no fellow is named unless they chose to be, and a trust
/// with fewer than [`MIN_GROUP`] responses is shown as "other".
pub fn responses_csv(rows: &[ResponseRow]) -> Result<Vec<u8>, csv::Error> {
    let mut per_trust: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *per_trust.entry(row.trust.as_str()).or_default() += 1;
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "held_on",
        "session_type",
        "title",
        "trust",
        "rating",
        "situation",
        "behaviour",
        "impact",
        "suggestion",
        "name",
    ])?;
    for row in rows {
        let trust = if per_trust[row.trust.as_str()] < MIN_GROUP {
            "other"
        } else {
            row.trust.as_str()
        };
        let rating = row.rating.map(|r| r.to_string()).unwrap_or_default();
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        out.write_record([
            row.held_on.clone(),
            row.session_type.clone(),
            row.form_title.clone(),
            trust.to_owned(),
            rating,
            text(&row.situation),
            text(&row.behaviour),
            text(&row.impact),
            text(&row.suggestion),
            text(&row.name),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

fn figures_line(label: &str, figures: &Figures) -> String {
    // Out of one or two people, the rate would say who answered.
    let rate = match figures.response_rate() {
        Some(rate) if figures.invited >= MIN_GROUP => {
            format!(" of {} ({:.0}%)", figures.invited, rate * 100.0)
        }
        _ => String::new(),
    };
    if figures.responses < MIN_GROUP {
        return format!(
            "{}: {} response(s){rate}; fewer than {MIN_GROUP}, so no breakdown",
            escape(label),
            figures.responses
        );
    }
    let mean = figures
        .mean_rating()
        .map_or("no ratings".to_owned(), |m| format!("mean {m:.1}/5"));
    let spread: Vec<String> = figures
        .ratings
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{}★ {n}", i + 1))
        .collect();
    format!(
        "{}: {} responses{rate}, {mean} ({})",
        escape(label),
        figures.responses,
        spread.join(" · ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(trust: &str, rating: u8, situation: Option<&str>) -> ResponseRow {
        ResponseRow {
            form_id: 1,
            form_title: "Pastoral induction".into(),
            held_on: "2026-11-20".into(),
            session_type: "pastoral-induction".into(),
            trust: trust.into(),
            rating: Some(rating),
            situation: situation.map(str::to_owned),
            behaviour: None,
            impact: None,
            suggestion: None,
            name: None,
        }
    }

    #[test]
    fn figures_give_the_mean_the_spread_and_the_response_rate() {
        let rows = [
            row("RWT", 5, None),
            row("RWT", 4, None),
            row("RWT", 3, None),
        ];
        let invited = BTreeMap::from([("RWT".to_owned(), 6)]);
        let (by_trust, overall) = figures_by_trust(&rows, &invited);
        assert_eq!(overall.mean_rating(), Some(4.0));
        assert_eq!(overall.response_rate(), Some(0.5));
        assert_eq!(by_trust["RWT"].ratings, [0, 0, 1, 1, 1]);
    }

    #[test]
    fn a_trust_with_fewer_than_three_responses_is_not_broken_down() {
        let rows = [
            row("RWT", 5, Some("useful")),
            row("RWT", 4, None),
            row("RWT", 4, None),
            row("WHT", 1, None),
        ];
        let invited = BTreeMap::from([("RWT".to_owned(), 3), ("WHT".to_owned(), 2)]);
        let text = report_text("Pastoral induction", &rows, &invited);
        assert!(
            !text.contains("WHT"),
            "WHT's single response is not shown apart: {text}"
        );
        assert!(
            !text.contains("RWT:"),
            "nor is RWT, or WHT's rating would be the total minus RWT's: {text}"
        );
        assert!(
            text.contains("All: 4 responses of 5") && !text.contains("Other trusts"),
            "everyone together is the All line, not said twice: {text}"
        );
        assert!(text.contains("• useful"), "{text}");
    }

    #[test]
    fn a_combined_line_is_shown_only_when_it_differs_from_the_all_line() {
        let mut rows = vec![row("RWT", 5, None), row("WHT", 4, None)];
        let invited = BTreeMap::from([
            ("RWT".to_owned(), 6),
            ("WHT".to_owned(), 3),
            ("BCHFT".to_owned(), 3),
        ]);
        let text = report_text("SIM", &rows, &invited);
        assert!(
            text.contains("All: 2 response(s) of 12")
                && text.contains("BCHFT: 0 response(s) of 3")
                && text.contains("Other trusts (combined): 2 response(s) of 9"),
            "it differs from All when a trust with no responses is shown apart: {text}"
        );
        rows.extend([
            row("RWT", 4, None),
            row("RWT", 4, None),
            row("RWT", 3, None),
        ]);
        let text = report_text("SIM", &rows, &invited);
        assert!(
            text.contains("Other trusts (combined): 5 responses of 9")
                && !text.contains("RWT:")
                && !text.contains("WHT:"),
            "WHT's one response still hides with RWT's: {text}"
        );
    }

    #[test]
    fn trusts_already_labelled_other_are_shown_once_with_the_combined_ones() {
        let rows = [
            row("other", 5, None),
            row("other", 4, None),
            row("other", 4, None),
        ];
        let invited = BTreeMap::from([("other".to_owned(), 5)]);
        let text = report_text("SIM", &rows, &invited);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            !text.contains("other:") && !text.contains("Other trusts"),
            "{text}"
        );
    }

    #[test]
    fn comments_wait_for_three_responses() {
        let rows = [row("RWT", 5, Some("only me"))];
        let text = report_text("SIM", &rows, &BTreeMap::new());
        assert!(!text.contains("only me"), "{text}");
    }

    #[test]
    fn invitations_and_responses_are_labelled_alike_so_the_only_fellow_of_a_trust_hides_in_other() {
        let mut rows = [
            row("RWT", 5, None),
            row("RWT", 4, None),
            row("RWT", 4, None),
            row("WHT", 1, Some("only me")),
        ];
        let invited = [
            (1, "RWT".to_owned(), 4),
            (1, "WHT".to_owned(), 1),
            (1, "BCHFT".to_owned(), 3),
        ];
        let totals = label_trusts(&mut rows, &invited);
        assert_eq!(
            totals,
            BTreeMap::from([("RWT".to_owned(), 4), ("other".to_owned(), 4)])
        );
        assert_eq!(rows[3].trust, "other");
        let text = report_text("SIM", &rows, &totals);
        assert!(!text.contains("WHT") && !text.contains("BCHFT"), "{text}");
    }

    #[test]
    fn a_rate_out_of_fewer_than_three_invitees_is_not_shown() {
        let rows = [row("other", 4, None)];
        let invited = BTreeMap::from([("other".to_owned(), 1)]);
        let text = report_text("Leaving the programme", &rows, &invited);
        assert!(!text.contains("of 1") && !text.contains('%'), "{text}");
    }
}
