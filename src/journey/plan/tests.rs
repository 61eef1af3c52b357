//! The journey file's checks: order, cycles, unknown steps and articles, trust variants.

use chrono::NaiveDate;

use super::*;

fn trusts() -> Vec<String> {
    ["RWT", "WHT", "BCHFT"].map(String::from).to_vec()
}

fn known(article: &str) -> bool {
    ["banking", "mobile", "parking", "it-access"].contains(&article)
}

fn parse(text: &str) -> Result<Journey, Vec<String>> {
    Journey::parse(text, &known, &trusts())
}

fn step(id: &str, due: &str, depends: &[&str]) -> String {
    let depends: Vec<String> = depends.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "[[step]]\nid = \"{id}\"\ntitle = \"Do {id}\"\narticle = \"banking\"\ndue = \"{due}\"\ndepends_on = [{}]\n",
        depends.join(", ")
    )
}

#[test]
fn due_days_read_before_on_and_after_the_start() {
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let on = |text: &str| Due::parse(text).unwrap().on(start).to_string();
    assert_eq!(on("7 days before start"), "2026-09-24");
    assert_eq!(on("start"), "2026-10-01");
    assert_eq!(on("1 day after start"), "2026-10-02");
    assert_eq!(
        Due::parse("3 days before start").unwrap().phase(),
        Phase::BeforeArrival
    );
    assert_eq!(
        Due::parse("7 days after start").unwrap().phase(),
        Phase::FirstWeek
    );
    assert_eq!(
        Due::parse("8 days after start").unwrap().phase(),
        Phase::FirstMonth
    );
    for bad in [
        "",
        "soon",
        "-3 days after start",
        "3 weeks after start",
        "999 days after start",
    ] {
        assert!(Due::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn steps_keep_the_files_order_with_their_dependencies() {
    let text = [
        step("a", "start", &[]),
        step("b", "1 day after start", &["a"]),
    ]
    .concat();
    let journey = parse(&text).unwrap();
    let ids: Vec<&str> = journey.steps().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(journey.step("b").unwrap().depends_on, ["a"]);
}

#[test]
fn a_dependency_cycle_is_refused_naming_the_circle() {
    let text = [
        step("a", "start", &["c"]),
        step("b", "start", &["a"]),
        step("c", "start", &["b"]),
    ]
    .concat();
    let problems = parse(&text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("a → c → b → a"), "{problems:?}");
    let myself = parse(&step("a", "start", &["a"])).unwrap_err();
    assert!(myself[0].contains("a → a"), "{myself:?}");
}

#[test]
fn an_unknown_step_article_trust_or_duplicate_is_refused_all_at_once() {
    let text = [
        step("a", "start", &["nowhere"]),
        step("a", "start", &[]),
        "[[step]]\nid = \"Bad Id\"\ntitle = \"x\"\narticle = \"no-such-article\"\ndue = \"later\"\n".to_owned(),
        "[step.trust.XYZ]\ntitle = \"y\"\n".to_owned(),
    ]
    .concat();
    let problems = parse(&text).unwrap_err().join("\n");
    for expected in [
        "depends on 'nowhere', which is not a step",
        "step 'a' is listed twice",
        "step id 'Bad Id'",
        "no article 'no-such-article'",
        "due \"later\"",
        "'XYZ' is not one of the trusts",
    ] {
        assert!(problems.contains(expected), "{expected} in {problems}");
    }
    assert!(parse("[[step]]\nid = \"a\"\nunknown = 1\n").is_err());
}

#[test]
fn a_trust_variant_changes_the_step_or_leaves_it_out_at_that_trust_only() {
    let text = format!(
        "{}[step.trust.BCHFT]\ntitle = \"Other title\"\narticle = \"it-access\"\ndue = \"2 days after start\"\n{}[step.trust.WHT]\nskip = true\n",
        step("it", "start", &[]),
        step("parking", "start", &["it"])
    );
    let journey = parse(&text).unwrap();
    let rwt = journey.for_trust("RWT");
    assert_eq!(
        rwt.iter().map(|s| s.id).collect::<Vec<_>>(),
        ["it", "parking"]
    );
    assert_eq!((rwt[0].title, rwt[0].article), ("Do it", "banking"));
    let bchft = journey.for_trust("BCHFT");
    assert_eq!(
        (bchft[0].title, bchft[0].article),
        ("Other title", "it-access")
    );
    assert_eq!(bchft[0].due, Due::parse("2 days after start").unwrap());
    let wht = journey.for_trust("WHT");
    assert_eq!(wht.iter().map(|s| s.id).collect::<Vec<_>>(), ["it"]);
}

#[test]
fn the_shipped_journey_is_valid_and_every_step_names_an_existing_article() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let base = crate::faq::KnowledgeBase::load_dir(&dir, &trusts()).unwrap();
    let text = std::fs::read_to_string(dir.join(JOURNEY_FILE)).unwrap();
    let journey = Journey::parse(&text, &|id| base.article(id).is_some(), &trusts()).unwrap();
    assert!(journey.steps().len() >= 15);
    for phase in [Phase::BeforeArrival, Phase::FirstWeek, Phase::FirstMonth] {
        assert!(
            journey.steps().iter().any(|s| s.due.phase() == phase),
            "{phase:?}"
        );
    }
}
