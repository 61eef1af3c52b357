//! The journey as the leads write it in `content/journey.toml`: steps with a title, the article
//! that explains them, a due day counted from the start date, what they depend on and per-trust
//! differences; read and checked here (unknown steps, articles or trusts, cycles), all at once.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

pub use super::due::{Due, Phase};

/// The journey's file name in the content folder.
pub const JOURNEY_FILE: &str = "journey.toml";
/// A step id fits a button's data with room to spare.
pub const STEP_ID_LIMIT: usize = 32;

/// One step as written, with its per-trust differences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub article: String,
    pub due: Due,
    pub depends_on: Vec<String>,
    variants: BTreeMap<String, Variant>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Variant {
    title: Option<String>,
    article: Option<String>,
    due: Option<Due>,
    skip: bool,
}

/// A step as it applies to a fellow of one trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustStep<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub article: &'a str,
    pub due: Due,
    pub depends_on: &'a [String],
}

/// The checked journey: steps in the file's order, dependencies known and without cycles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Journey {
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JourneyFile {
    #[serde(default)]
    step: Vec<StepEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepEntry {
    id: String,
    title: String,
    article: String,
    due: String,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    trust: BTreeMap<String, VariantEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantEntry {
    title: Option<String>,
    article: Option<String>,
    due: Option<String>,
    #[serde(default)]
    skip: bool,
}

impl Journey {
    /// Reads and checks the file's text: every problem found, or the journey. `is_article`
    /// says whether an article id exists; `trusts` are the programme's trusts.
    pub fn parse(
        text: &str,
        is_article: &dyn Fn(&str) -> bool,
        trusts: &[String],
    ) -> Result<Self, Vec<String>> {
        let file: JourneyFile = toml::from_str(text).map_err(|e| vec![e.message().to_owned()])?;
        let mut problems = Vec::new();
        let mut steps = Vec::new();
        for entry in file.step {
            let id = entry.id.clone();
            let mut articles = vec![entry.article.clone()];
            let mut variants = BTreeMap::new();
            for (trust, v) in entry.trust {
                if !trusts.contains(&trust) {
                    problems.push(format!(
                        "step '{id}': '{trust}' is not one of the trusts ({})",
                        trusts.join(", ")
                    ));
                }
                articles.extend(v.article.clone());
                let due = v.due.as_deref().map(Due::parse).transpose();
                let due = due.unwrap_or_else(|p| {
                    problems.push(format!("step '{id}' at {trust}: {p}"));
                    None
                });
                variants.insert(
                    trust,
                    Variant {
                        title: v.title,
                        article: v.article,
                        due,
                        skip: v.skip,
                    },
                );
            }
            for article in articles.iter().filter(|a| !is_article(a)) {
                problems.push(format!(
                    "step '{id}': no article '{article}' in content/articles"
                ));
            }
            let due = Due::parse(&entry.due).unwrap_or_else(|p| {
                problems.push(format!("step '{id}': {p}"));
                Due::ON_START
            });
            steps.push(Step {
                id,
                title: entry.title,
                article: entry.article,
                due,
                depends_on: entry.depends_on,
                variants,
            });
        }
        problems.extend(check_steps(&steps));
        if problems.is_empty() {
            Ok(Self { steps })
        } else {
            Err(problems)
        }
    }

    /// Every step as written, in the file's order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The steps as they apply at `trust`, in the file's order (steps it skips left out).
    pub fn for_trust(&self, trust: &str) -> Vec<TrustStep<'_>> {
        self.steps
            .iter()
            .filter_map(|step| {
                let variant = step.variants.get(trust);
                if variant.is_some_and(|v| v.skip) {
                    return None;
                }
                Some(TrustStep {
                    id: &step.id,
                    title: variant
                        .and_then(|v| v.title.as_deref())
                        .unwrap_or(&step.title),
                    article: variant
                        .and_then(|v| v.article.as_deref())
                        .unwrap_or(&step.article),
                    due: variant.and_then(|v| v.due).unwrap_or(step.due),
                    depends_on: &step.depends_on,
                })
            })
            .collect()
    }
}

/// Ids well formed and unique, titles present, dependencies known, and no cycle.
fn check_steps(steps: &[Step]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, step) in steps.iter().enumerate() {
        let id = step.id.as_str();
        let well_formed = (1..=STEP_ID_LIMIT).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            problems.push(format!(
                "step id '{id}' must be 1-{STEP_ID_LIMIT} lower case letters, digits or '-'"
            ));
        }
        if step.title.trim().is_empty() {
            problems.push(format!("step '{id}' has no title"));
        }
        if index.insert(id, i).is_some() {
            problems.push(format!("step '{id}' is listed twice"));
        }
    }
    for step in steps {
        for dependency in &step.depends_on {
            if !index.contains_key(dependency.as_str()) {
                problems.push(format!(
                    "step '{}' depends on '{dependency}', which is not a step",
                    step.id
                ));
            }
        }
    }
    if let Some(cycle) = find_cycle(steps, &index) {
        problems.push(format!(
            "the steps depend on each other in a circle: {}",
            cycle.join(" → ")
        ));
    }
    problems
}

/// A dependency cycle, as the ids along it (the first repeated at the end), if there is one.
fn find_cycle(steps: &[Step], index: &HashMap<&str, usize>) -> Option<Vec<String>> {
    // 0: not visited, 1: on the current path, 2: finished.
    let mut mark = vec![0u8; steps.len()];
    let mut path: Vec<usize> = Vec::new();
    fn visit(
        at: usize,
        steps: &[Step],
        index: &HashMap<&str, usize>,
        mark: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        mark[at] = 1;
        path.push(at);
        for dependency in &steps[at].depends_on {
            let Some(&next) = index.get(dependency.as_str()) else {
                continue;
            };
            if mark[next] == 1 {
                let from = path.iter().position(|&p| p == next).unwrap_or(0);
                let mut cycle: Vec<String> =
                    path[from..].iter().map(|&p| steps[p].id.clone()).collect();
                cycle.push(steps[next].id.clone());
                return Some(cycle);
            }
            if mark[next] == 0
                && let Some(cycle) = visit(next, steps, index, mark, path)
            {
                return Some(cycle);
            }
        }
        path.pop();
        mark[at] = 2;
        None
    }
    (0..steps.len()).find_map(|start| {
        if mark[start] == 0 {
            visit(start, steps, index, &mut mark, &mut path)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests;
