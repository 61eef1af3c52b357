//! Editing an article from the leads' web console: the same checks as `faq check`, run on the
//! whole knowledge base with the new text in place; an atomic write into the content folder; a
//! reload, so the bot answers with the new text at once; and a revision row for every save.

use std::path::{Path, PathBuf};

use super::library::{ContentProblem, KnowledgeBase};
use super::{Article, render_article};
use crate::chat::{ChatError, feature_slice};

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("there is no such article")]
    UnknownArticle,
    #[error("the article has problems")]
    Problems(Vec<ContentProblem>),
    #[error("the text is the same as the saved one")]
    Unchanged,
    #[error(transparent)]
    Chat(#[from] ChatError),
}

impl From<crate::store::StoreError> for EditError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Chat(error.into())
    }
}

/// An article file as it is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSource {
    /// The file's name in the articles folder, like `leave.md`.
    pub file: String,
    pub text: String,
}

/// Saves are one at a time, so two leads saving together cannot check against each other's
/// half-written state.
static SAVING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

feature_slice!(
    /// Reading, checking and saving articles' markdown files.
    ArticleEditor
);

impl ArticleEditor<'_> {
    /// The folder the articles are read from (as `KnowledgeBase::load_dir` reads it).
    fn folder(&self) -> PathBuf {
        let dir = self.faq.content_dir();
        if dir.join("articles").is_dir() {
            dir.join("articles")
        } else {
            dir.to_path_buf()
        }
    }

    fn sources(&self) -> Result<Vec<ArticleSource>, EditError> {
        let folder = self.folder();
        let entries = std::fs::read_dir(&folder).map_err(|e| unexpected(&folder, e))?;
        let mut sources = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| unexpected(&folder, e))?.path();
            if path.extension().is_some_and(|x| x == "md") {
                let text = std::fs::read_to_string(&path).map_err(|e| unexpected(&path, e))?;
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                sources.push(ArticleSource { file, text });
            }
        }
        Ok(sources)
    }

    /// The file that holds article `id`, as it is on disk now.
    pub fn source(&self, id: &str) -> Result<ArticleSource, EditError> {
        let trusts = &self.settings.trusts;
        self.sources()?
            .into_iter()
            .find(|s| super::article::parse_article(&s.text, trusts).is_ok_and(|a| a.id == id))
            .ok_or(EditError::UnknownArticle)
    }

    /// Checks `text` as `file`'s new content, with every other article as it is: the checks of
    /// `faq check`. The article it would become, or every problem.
    pub fn check(&self, file: &str, text: &str) -> Result<Article, EditError> {
        let mut sources: Vec<(String, String)> = self
            .sources()?
            .into_iter()
            .filter(|s| s.file != file)
            .map(|s| (s.file, s.text))
            .collect();
        sources.push((file.to_owned(), text.to_owned()));
        let base = KnowledgeBase::from_sources(&sources, &self.settings.trusts)
            .map_err(|errors| EditError::Problems(errors.0))?;
        let id = super::article::parse_article(text, &self.settings.trusts)
            .map(|a| a.id)
            .map_err(|problem| problems(file, problem))?;
        base.article(&id)
            .cloned()
            .ok_or_else(|| problems(file, "could not be read back".into()))
    }

    /// The article as the bot would send it, if `text` passes the checks.
    pub fn preview(&self, file: &str, text: &str) -> Result<Vec<String>, EditError> {
        Ok(render_article(&self.check(file, text)?, None))
    }

    /// Saves `text` as article `id` for `author`: checked, written atomically, recorded as a
    /// revision and live at once. Its id may not change (links and buttons name it).
    pub async fn save(&self, id: &str, text: &str, author: i64) -> Result<i64, EditError> {
        let _one_at_a_time = SAVING.lock().await;
        let current = self.source(id)?;
        let text = text.replace("\r\n", "\n");
        if text == current.text {
            return Err(EditError::Unchanged);
        }
        let article = self.check(&current.file, &text)?;
        if article.id != id {
            let problem = format!("its id must stay '{id}' (links and buttons use it)");
            return Err(problems(&current.file, problem));
        }
        let path = self.folder().join(&current.file);
        write_atomically(&path, &text).map_err(|e| unexpected(&path, e))?;
        let revision = self
            .store
            .record_article_revision(&current.file, author, self.now(), &current.text, &text)
            .await?;
        let learned = self.store.learned_aliases().await?;
        self.faq
            .reload(&learned)
            .map_err(|errors| EditError::Problems(errors.0))?;
        tracing::info!(
            revision,
            author,
            "an article was saved from the web console"
        );
        Ok(revision)
    }

    /// Puts back the text an article had before revision `revision_id`, as a new save.
    pub async fn restore_before(&self, revision_id: i64, author: i64) -> Result<i64, EditError> {
        let revision = self
            .store
            .article_revision(revision_id)
            .await?
            .ok_or(EditError::UnknownArticle)?;
        let id = super::article::parse_article(&revision.old_text, &self.settings.trusts)
            .map(|a| a.id)
            .map_err(|problem| problems(&revision.file, problem))?;
        self.save(&id, &revision.old_text, author).await
    }
}

fn problems(file: &str, problem: String) -> EditError {
    EditError::Problems(vec![ContentProblem {
        file: file.to_owned(),
        problem,
    }])
}

fn unexpected(path: &Path, error: std::io::Error) -> EditError {
    EditError::Chat(ChatError::Unexpected(anyhow::anyhow!(
        "{}: {error}",
        path.display()
    )))
}

/// Writes beside the file and renames over it, so a reader (the bot's reload, a crash half-way)
/// sees the old file or the new one, never half of one. The temporary name does not end in
/// `.md`, so a reload in between does not read it.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.saving-{}", std::process::id()));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leave.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
