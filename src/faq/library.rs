//! The knowledge base as a whole: every article in `content/articles/`, checked together
//! (unique ids, commands and aliases; markup Telegram can show; lengths), with its search index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::analyzer::Analyzer;
use super::article::{Article, Category, ID_LIMIT, parse_article};
use super::render::{check_markup, pack_blocks, render_blocks, visible_length};
use super::search::{SearchIndex, Tuning};

/// Commands the bot itself uses, which no article may take.
pub const RESERVED_COMMANDS: &[&str] = &[
    "start",
    "help",
    "privacy",
    "faq",
    "ask",
    "cancel",
    "reload",
    "unanswered",
    "menu",
    "settings",
];

/// The short answer should fit one phone screen.
pub const SUMMARY_LIMIT: usize = 600;

/// One thing wrong with the content, with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    pub file: String,
    pub problem: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

/// Everything wrong with a content folder; the previous content stays live.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the content:\n{}", .0.len(), .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ContentErrors(pub Vec<ContentProblem>);

/// A checked set of articles with its search index.
#[derive(Debug)]
pub struct KnowledgeBase {
    articles: Vec<Article>,
    by_id: HashMap<String, usize>,
    by_command: HashMap<String, usize>,
    learned: Vec<(String, String)>,
    index: SearchIndex,
}

impl KnowledgeBase {
    /// Reads and checks every `*.md` file in `dir/articles` (or `dir` itself if it has no
    /// `articles` folder).
    pub fn load_dir(dir: &Path, trusts: &[String]) -> Result<Self, ContentErrors> {
        let folder = if dir.join("articles").is_dir() {
            dir.join("articles")
        } else {
            dir.to_path_buf()
        };
        let files = markdown_files(&folder).map_err(|e| {
            ContentErrors(vec![ContentProblem {
                file: folder.display().to_string(),
                problem: e,
            }])
        })?;
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match std::fs::read_to_string(&path) {
                Ok(text) => sources.push((name, text)),
                Err(e) => problems.push(ContentProblem {
                    file: name,
                    problem: format!("cannot be read: {e}"),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(ContentErrors(problems));
        }
        Self::from_sources(&sources, trusts)
    }

    /// Builds from `(file name, text)` pairs, checking them all; reports every problem at once.
    pub fn from_sources(
        sources: &[(String, String)],
        trusts: &[String],
    ) -> Result<Self, ContentErrors> {
        let mut problems = Vec::new();
        let mut articles = Vec::new();
        let mut files = Vec::new();
        for (file, text) in sources {
            match parse_article(text, trusts) {
                Ok(article) => {
                    problems.extend(check_article(file, &article).into_iter().map(|problem| {
                        ContentProblem {
                            file: file.clone(),
                            problem,
                        }
                    }));
                    articles.push(article);
                    files.push(file.clone());
                }
                Err(problem) => problems.push(ContentProblem {
                    file: file.clone(),
                    problem,
                }),
            }
        }
        problems.extend(check_uniqueness(&articles, &files));
        if articles.is_empty() && problems.is_empty() {
            problems.push(ContentProblem {
                file: "content".into(),
                problem: "has no articles".into(),
            });
        }
        if !problems.is_empty() {
            return Err(ContentErrors(problems));
        }
        Ok(Self::index(articles, Vec::new(), Tuning::default()))
    }

    fn index(mut articles: Vec<Article>, learned: Vec<(String, String)>, tuning: Tuning) -> Self {
        articles.sort_by(|a, b| {
            a.category
                .cmp(&b.category)
                .then_with(|| a.title.cmp(&b.title))
        });
        let by_id: HashMap<String, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let by_command = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.command.to_lowercase(), i))
            .collect();
        let by_article: Vec<(usize, String)> = learned
            .iter()
            .filter_map(|(alias, topic)| by_id.get(topic).map(|&i| (i, alias.clone())))
            .collect();
        let index = SearchIndex::build(&articles, &by_article, tuning);
        Self {
            articles,
            by_id,
            by_command,
            learned,
            index,
        }
    }

    /// The same articles with aliases leads have added, as (alias, topic id).
    pub fn with_learned_aliases(&self, learned: &[(String, String)]) -> Self {
        Self::index(self.articles.clone(), learned.to_vec(), self.index.tuning())
    }

    /// The same articles searched with other weights and thresholds (for tuning).
    pub fn with_tuning(&self, tuning: Tuning) -> Self {
        Self::index(self.articles.clone(), self.learned.clone(), tuning)
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.by_id.get(id).map(|&i| &self.articles[i])
    }

    pub fn by_command(&self, command: &str) -> Option<&Article> {
        self.by_command
            .get(&command.to_lowercase())
            .map(|&i| &self.articles[i])
    }

    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Article> {
        self.articles.iter().filter(move |a| a.category == category)
    }

    pub fn search(&self) -> &SearchIndex {
        &self.index
    }

    /// The topic a lead taught for this very question (the same words as the search reads
    /// them), if any: a lead's deliberate answer, which the out-of-scope rules do not overrule.
    pub fn taught_topic(&self, question: &str) -> Option<&str> {
        let terms = self.index.terms(question);
        if terms.is_empty() {
            return None;
        }
        self.learned
            .iter()
            .filter(|(_, topic)| self.by_id.contains_key(topic))
            .find(|(alias, _)| self.index.terms(alias) == terms)
            .map(|(_, topic)| topic.as_str())
    }

    /// Topic ids from `expected` that no article answers.
    pub fn missing_topics<'a>(&self, expected: &'a [String]) -> Vec<&'a str> {
        expected
            .iter()
            .filter(|id| !self.by_id.contains_key(*id))
            .map(String::as_str)
            .collect()
    }
}

fn markdown_files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot be read: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn check_article(file: &str, article: &Article) -> Vec<String> {
    let mut problems = Vec::new();
    let id_ok = !article.id.is_empty()
        && article.id.len() <= ID_LIMIT
        && article
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        problems.push(format!(
            "id '{}' must be 1-{ID_LIMIT} lower-case letters, digits and '-'",
            article.id
        ));
    } else if file.strip_suffix(".md") != Some(article.id.as_str()) {
        problems.push(format!(
            "the file should be named {}.md after its id",
            article.id
        ));
    }
    let command_ok = !article.command.is_empty()
        && article.command.len() <= 32
        && article
            .command
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !command_ok {
        problems.push(format!(
            "command '{}' must be 1-32 lower-case letters, digits or '_'",
            article.command
        ));
    }
    if RESERVED_COMMANDS.contains(&article.command.as_str()) {
        problems.push(format!(
            "command '/{}' is one of the bot's own commands",
            article.command
        ));
    }
    if article.title.is_empty() {
        problems.push("title is empty".into());
    }
    if article.summary.is_empty() {
        problems.push("has no short answer before the first '## ' heading".into());
    }
    let analyzer = Analyzer::default();
    for alias in &article.aliases {
        if analyzer.terms(alias).is_empty() {
            problems.push(format!("alias '{alias}' has no searchable word in it"));
        }
    }
    let whole = [article.summary.as_str(), &article.details]
        .into_iter()
        .chain(article.trust_sections.iter().map(|(_, s)| s.as_str()));
    for markdown in whole {
        problems.extend(check_markup(markdown).into_iter().map(|p| p.to_string()));
    }
    let summary_length = pack_blocks(&render_blocks(&article.summary), usize::MAX)
        .iter()
        .map(|m| visible_length(m))
        .sum::<usize>();
    if summary_length > SUMMARY_LIMIT {
        problems.push(format!(
            "the short answer is {summary_length} characters; keep it to {SUMMARY_LIMIT} at most so it fits a phone screen (move the rest under '## Details')"
        ));
    }
    problems
}

fn check_uniqueness(articles: &[Article], files: &[String]) -> Vec<ContentProblem> {
    let analyzer = Analyzer::default();
    let mut problems = Vec::new();
    let mut ids: HashMap<&str, &str> = HashMap::new();
    let mut commands: HashMap<String, &str> = HashMap::new();
    let mut aliases: HashMap<Vec<String>, (&str, &str)> = HashMap::new();
    for (article, file) in articles.iter().zip(files) {
        if let Some(other) = ids.insert(&article.id, file) {
            problems.push(ContentProblem {
                file: file.clone(),
                problem: format!("id '{}' is also used by {other}", article.id),
            });
        }
        if let Some(other) = commands.insert(article.command.to_lowercase(), file) {
            problems.push(ContentProblem {
                file: file.clone(),
                problem: format!("command '/{}' is also used by {other}", article.command),
            });
        }
        for alias in &article.aliases {
            let terms = analyzer.terms(alias);
            match aliases.get(&terms) {
                Some((other_file, other_id)) if *other_id != article.id => {
                    problems.push(ContentProblem {
                        file: file.clone(),
                        problem: format!(
                            "alias '{alias}' means the same as an alias of {other_file}"
                        ),
                    })
                }
                Some(_) => {}
                None => {
                    aliases.insert(terms, (file, &article.id));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> (String, String) {
        let text = format!(
            "+++\nid = \"{id}\"\ntitle = \"Annual leave\"\ncommand = \"/leave\"\naliases = [\"holiday\"]\ncategory = \"acclimatisation\"\nlast_reviewed = \"2026-11-24\"\n+++\n\nShort answer.\n"
        );
        (format!("{id}.md"), text)
    }

    #[test]
    fn an_article_id_too_long_for_a_button_is_refused() {
        let trusts = vec!["RWT".to_owned()];
        let longest = "a".repeat(ID_LIMIT);
        assert!(KnowledgeBase::from_sources(&[article(&longest)], &trusts).is_ok());
        let errors = KnowledgeBase::from_sources(&[article(&format!("{longest}a"))], &trusts)
            .expect_err("refused");
        assert!(errors.0[0].problem.contains("must be 1-32"), "{errors}");
    }
}
