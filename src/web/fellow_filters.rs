//! The fellows list's filters: name, trust, cohort (the month they started), specialty, role,
//! buddy or none, and whether the bot can reach them; each answered by the feature's own rule
//! (`Buddies::waiting_fellows`, `Context::reachable`, the roles table).

use std::collections::{HashMap, HashSet};

use maud::{Markup, html};
use serde::Deserialize;

use crate::buddies::Buddies;
use crate::chat::{ChatError, Context};
use crate::fellows::{Fellow, Role};

#[derive(Deserialize, Default)]
pub(super) struct Filters {
    #[serde(default)]
    q: String,
    #[serde(default)]
    trust: String,
    /// "2026-08": fellows who started that month.
    #[serde(default)]
    cohort: String,
    #[serde(default)]
    specialty: String,
    /// A role's stored name.
    #[serde(default)]
    role: String,
    /// "yes" (has a buddy) or "none".
    #[serde(default)]
    buddy: String,
    /// "no": only those the bot cannot message privately.
    #[serde(default)]
    reachable: String,
    pub page: Option<usize>,
}

/// What the filters need to know about every fellow, read once per request.
pub(super) struct Facts {
    roles: HashMap<i64, Vec<Role>>,
    waiting: HashSet<i64>,
    /// Read only when the filter asks: one lookup per fellow.
    unreachable: Option<HashSet<i64>>,
}

impl Filters {
    /// Reads what these filters need about `fellows`.
    pub async fn facts(&self, ctx: &Context, fellows: &[Fellow]) -> Result<Facts, ChatError> {
        let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
        for holder in ctx.store().role_holders().await? {
            roles.entry(holder.user_id).or_default().push(holder.role);
        }
        let waiting = Buddies::new(ctx)
            .waiting_fellows()
            .await?
            .into_iter()
            .map(|f| f.user_id)
            .collect();
        let unreachable = if self.reachable == "no" {
            let mut ids = HashSet::new();
            for fellow in fellows {
                if !ctx.reachable(fellow.user_id).await? {
                    ids.insert(fellow.user_id);
                }
            }
            Some(ids)
        } else {
            None
        };
        Ok(Facts {
            roles,
            waiting,
            unreachable,
        })
    }

    pub fn keeps(&self, fellow: &Fellow, facts: &Facts) -> bool {
        let q = self.q.trim().to_lowercase();
        let id = fellow.user_id;
        (q.is_empty() || fellow.name.to_lowercase().contains(&q))
            && (self.trust.is_empty() || fellow.trust == self.trust)
            && (self.cohort.is_empty() || cohort_of(fellow) == self.cohort)
            && (self.specialty.is_empty() || fellow.specialty.eq_ignore_ascii_case(&self.specialty))
            && match Role::parse(&self.role) {
                Some(role) => facts.roles.get(&id).is_some_and(|r| r.contains(&role)),
                None => true,
            }
            && match self.buddy.as_str() {
                "yes" => !facts.waiting.contains(&id),
                "none" => facts.waiting.contains(&id),
                _ => true,
            }
            && facts
                .unreachable
                .as_ref()
                .is_none_or(|ids| ids.contains(&id))
    }

    pub fn link(&self, page: usize) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.q)
            .append_pair("trust", &self.trust)
            .append_pair("cohort", &self.cohort)
            .append_pair("specialty", &self.specialty)
            .append_pair("role", &self.role)
            .append_pair("buddy", &self.buddy)
            .append_pair("reachable", &self.reachable)
            .append_pair("page", &page.to_string())
            .finish();
        format!("/fellows?{query}")
    }

    /// The filter form, with the trusts configured and the cohorts and specialties there are.
    pub fn form(&self, trusts: &[String], fellows: &[Fellow]) -> Markup {
        let distinct = |of: &dyn Fn(&Fellow) -> String| {
            let mut values: Vec<String> = fellows.iter().map(of).collect();
            values.sort_unstable();
            values.dedup();
            values
        };
        let cohorts = distinct(&cohort_of);
        let specialties = distinct(&|f: &Fellow| f.specialty.clone());
        let choice = |id: &str, label: &str, current: &str, options: &[(String, String)]| {
            html! { div {
                label for=(id) { (label) }
                select #(id) name=(id) {
                    @for (value, text) in options { option value=(value) selected[value == current] { (text) } }
                }
            } }
        };
        let with_any = |any: &str, values: &[String]| {
            let mut options = vec![(String::new(), any.to_owned())];
            options.extend(values.iter().map(|v| (v.clone(), v.clone())));
            options
        };
        let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(v, t)| ((*v).to_owned(), (*t).to_owned()))
                .collect()
        };
        let mut roles = owned(&[("", "Any role or none")]);
        roles.extend(
            Role::ALL
                .iter()
                .map(|r| (r.as_str().to_owned(), r.label().to_owned())),
        );
        html! {
            form.filters method="get" action="/fellows" role="search" {
                div { label for="q" { "Name" } input #q type="search" name="q" value=(self.q); }
                (choice("trust", "Trust", &self.trust, &with_any("All trusts", trusts)))
                (choice("cohort", "Started in", &self.cohort, &with_any("Any month", &cohorts)))
                (choice("specialty", "Specialty", &self.specialty, &with_any("Any specialty", &specialties)))
                (choice("role", "Role", &self.role, &roles))
                (choice("buddy", "Buddy", &self.buddy, &owned(&[("", "Either"), ("yes", "Has a buddy"), ("none", "No buddy yet")])))
                (choice("reachable", "The bot", &self.reachable, &owned(&[("", "Any"), ("no", "Cannot message them")])))
                button type="submit" { "Show" }
            }
        }
    }
}

pub(super) fn cohort_of(fellow: &Fellow) -> String {
    fellow.start_date.format("%Y-%m").to_string()
}
