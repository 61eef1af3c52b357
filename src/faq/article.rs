//! One knowledge-base article: its front matter and its markdown, split into the short answer,
//! the details and the per-trust sections. Parsing only; checks across articles live in `library`.

use chrono::NaiveDate;
use serde::Deserialize;

/// The programme's three areas of support; every article belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Acclimatisation,
    AcuteCare,
    Education,
}

impl Category {
    pub const ALL: [Category; 3] = [Self::Acclimatisation, Self::AcuteCare, Self::Education];

    pub fn label(self) -> &'static str {
        match self {
            Self::Acclimatisation => "Settling in and pastoral support",
            Self::AcuteCare => "Care of acutely ill patients",
            Self::Education => "Education, training and career",
        }
    }

    /// A short token for button data.
    pub fn token(self) -> &'static str {
        match self {
            Self::Acclimatisation => "settle",
            Self::AcuteCare => "acute",
            Self::Education => "edu",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.token() == token)
    }
}

/// The longest article id, in bytes: buttons name the article, and Telegram gives a button
/// 64 bytes of data.
pub const ID_LIMIT: usize = 32;

/// An article as the bot uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub command: String,
    pub aliases: Vec<String>,
    pub category: Category,
    pub last_reviewed: NaiveDate,
    /// Markdown before the first `## ` heading: the short answer.
    pub summary: String,
    /// Markdown from the first `## ` heading up to the trust sections.
    pub details: String,
    /// `(trust, markdown)` for each `## <TRUST>` section, in file order.
    pub trust_sections: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    command: String,
    #[serde(default)]
    aliases: Vec<String>,
    category: Category,
    last_reviewed: NaiveDate,
}

/// Parses an article file; `trusts` are the short names whose `## NAME` sections are trust sections.
pub fn parse_article(text: &str, trusts: &[String]) -> Result<Article, String> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let rest = text
        .strip_prefix("+++\n")
        .ok_or("the file must start with a +++ line that opens the front matter")?;
    let (front, body) = rest
        .split_once("\n+++\n")
        .or_else(|| rest.strip_suffix("\n+++").map(|front| (front, "")))
        .ok_or("the front matter is not closed with a +++ line")?;
    let front: FrontMatter =
        toml::from_str(front).map_err(|e| format!("front matter: {}", e.message()))?;
    let (summary, details, trust_sections) = split_sections(body, trusts);
    Ok(Article {
        id: front.id.trim().to_owned(),
        title: front.title.trim().to_owned(),
        command: front.command.trim().trim_start_matches('/').to_owned(),
        aliases: front
            .aliases
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect(),
        category: front.category,
        last_reviewed: front.last_reviewed,
        summary,
        details,
        trust_sections,
    })
}

fn split_sections(body: &str, trusts: &[String]) -> (String, String, Vec<(String, String)>) {
    let mut summary = String::new();
    let mut details = String::new();
    let mut trust_sections: Vec<(String, String)> = Vec::new();
    let mut seen_heading = false;
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            seen_heading = true;
            let heading = heading.trim();
            if let Some(trust) = trusts.iter().find(|t| t.eq_ignore_ascii_case(heading)) {
                trust_sections.push((trust.clone(), String::new()));
                continue;
            }
        }
        let target = match (trust_sections.last_mut(), seen_heading) {
            (Some((_, section)), _) => section,
            (None, true) => &mut details,
            (None, false) => &mut summary,
        };
        target.push_str(line);
        target.push('\n');
    }
    let tidy = |s: &str| s.trim().to_owned();
    let trust_sections = trust_sections
        .into_iter()
        .map(|(t, s)| (t, tidy(&s)))
        .collect();
    (tidy(&summary), tidy(&details), trust_sections)
}

impl Article {
    /// The section for `trust`, if the article has one.
    pub fn trust_section(&self, trust: &str) -> Option<&str> {
        self.trust_sections
            .iter()
            .find(|(t, _)| t == trust)
            .map(|(_, s)| s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "+++\nid = \"leave\"\ntitle = \"Annual leave\"\ncommand = \"/leave\"\naliases = [\"AL\", \" holiday \"]\ncategory = \"acclimatisation\"\nlast_reviewed = \"2026-11-24\"\n+++\n\nShort answer.\n\n## Details\nMore.\n\n## RWT\nAt RWT.\n\n## WHT\nAt WHT.\n";

    fn trusts() -> Vec<String> {
        vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
    }

    #[test]
    fn splits_summary_details_and_trust_sections() {
        let article = parse_article(SAMPLE, &trusts()).unwrap();
        assert_eq!(article.command, "leave");
        assert_eq!(article.aliases, vec!["AL", "holiday"]);
        assert_eq!(article.summary, "Short answer.");
        assert_eq!(article.details, "## Details\nMore.");
        assert_eq!(article.trust_section("RWT"), Some("At RWT."));
        assert_eq!(article.trust_section("BCHFT"), None);
    }

    #[test]
    fn a_broken_front_matter_says_what_is_wrong() {
        let missing_close = SAMPLE.replace("\n+++\n\nShort", "\n\nShort");
        assert!(
            parse_article(&missing_close, &trusts())
                .unwrap_err()
                .contains("not closed")
        );
        let bad_category = SAMPLE.replace("acclimatisation", "cooking");
        assert!(
            parse_article(&bad_category, &trusts())
                .unwrap_err()
                .contains("front matter")
        );
        let no_title = SAMPLE.replace("title = \"Annual leave\"\n", "");
        assert!(
            parse_article(&no_title, &trusts())
                .unwrap_err()
                .contains("title")
        );
    }
}
