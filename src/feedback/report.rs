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
/// is named only where the report names it (see [`shown_groups`]); the rest are "other".
pub fn responses_csv(rows: &[ResponseRow]) -> Result<Vec<u8>, csv::Error> {
    let (by_trust, _) = figures_by_trust(rows, &BTreeMap::new());
    let named: Vec<String> = shown_groups(by_trust)
        .into_iter()
        .map(|(label, _)| label)
        .filter(|label| label != COMBINED)
        .collect();
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
        let trust = if named.contains(&row.trust) {
            row.trust.as_str()
        } else {
            OTHER_TRUSTS
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
            "{}: {}{rate}; fewer than {MIN_GROUP}, so no breakdown",
            escape(label),
            crate::chat::texts::count(figures.responses, "response", "responses")
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
mod tests;
