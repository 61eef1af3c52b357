//! The report's figures and its small-number rules.

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
        text.contains("All: 2 responses of 12")
            && text.contains("BCHFT: 0 responses of 3")
            && text.contains("Other trusts (combined): 2 responses of 9"),
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
fn the_csv_names_a_trust_only_where_the_report_does() {
    let mut rows = vec![row("BCHFT", 3, Some("only me"))];
    for trust in ["RWT", "RWT", "RWT", "WHT", "WHT", "WHT", "WHT"] {
        rows.push(row(trust, 4, None));
    }
    let csv = String::from_utf8(responses_csv(&rows).unwrap()).unwrap();
    assert!(
        !csv.contains("BCHFT") && !csv.contains(",RWT,") && csv.contains(",WHT,"),
        "with RWT and WHT both named, 'other' would be BCHFT's one answer: {csv}"
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
