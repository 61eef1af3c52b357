//! The knowledge base: every article with its review date and its 👍/👎, and the editor: the
//! markdown file's text, a preview of the answer as the bot sends it, and saving through the
//! same checks as `faq check` (`faq::editing`), live at once.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{form_token, not_allowed, not_found, page, paginate, server_error};
use crate::faq::editing::{ArticleEditor, EditError};

#[derive(Deserialize)]
pub(super) struct ListQuery {
    page: Option<usize>,
}

pub(super) async fn articles(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<ListQuery>,
) -> Response {
    let ratings: HashMap<String, (i64, i64)> = match state.ctx.store().rating_counts().await {
        Ok(rows) => rows
            .into_iter()
            .map(|(t, up, down)| (t, (up, down)))
            .collect(),
        Err(error) => return server_error(&error),
    };
    let base = state.ctx.faq().current();
    let articles: Vec<_> = base.articles().iter().collect();
    let total = articles.len();
    let (shown, pager) = paginate(articles, query.page.unwrap_or(1), |p| {
        format!("/articles?page={p}")
    });
    let body = html! {
        p { (total) " articles. Choose one to edit it; the bot answers with your text as soon as you save." }
        p { a href="/unanswered" { "Questions the bot could not answer" } ": teach it which article answers them." }
        div.scroll {
            table {
                thead { tr {
                    th scope="col" { "Article" } th scope="col" { "Area" } th scope="col" { "Last checked" }
                    th.n scope="col" { abbr title="helpful" { "👍" } } th.n scope="col" { abbr title="not helpful" { "👎" } }
                } }
                tbody {
                    @for article in &shown {
                        @let (up, down) = ratings.get(&article.id).copied().unwrap_or_default();
                        tr {
                            td { a href={ "/articles/" (article.id) } { (article.title) } }
                            td { (article.category.label()) }
                            td { (article.last_reviewed.format("%-d %B %Y")) }
                            td.n { (up) } td.n { (down) }
                        }
                    }
                }
            }
        }
        (pager)
    };
    page("Knowledge base", &lead, body)
}

#[derive(Deserialize)]
pub(super) struct EditQuery {
    saved: Option<i64>,
}

pub(super) async fn edit(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<String>,
    Query(query): Query<EditQuery>,
) -> Response {
    let editor = ArticleEditor::new(&state.ctx);
    let source = match editor.source(&id) {
        Ok(source) => source,
        Err(EditError::UnknownArticle) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let preview = editor.preview(&source.file, &source.text);
    let notice = query.saved.map(|revision| {
        html! { p.notice role="status" { "Saved. The bot answers with this text now. " a href={ "/revisions/" (revision) } { "See this change" } } }
    });
    editor_page(&lead, &id, &source.text, notice, preview, StatusCode::OK)
}

#[derive(Deserialize)]
pub(super) struct EditForm {
    form_token: String,
    text: String,
    /// "preview" or "save".
    action: String,
}

pub(super) async fn save(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let editor = ArticleEditor::new(&state.ctx);
    let source = match editor.source(&id) {
        Ok(source) => source,
        Err(EditError::UnknownArticle) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let text = form.text.replace("\r\n", "\n");
    if form.action != "save" {
        let preview = editor.preview(&source.file, &text);
        return editor_page(&lead, &id, &text, None, preview, StatusCode::OK);
    }
    match editor.save(&id, &text, lead.user_id()).await {
        Ok(revision) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/articles/{id}?saved={revision}"))],
        )
            .into_response(),
        Err(EditError::Unchanged) => {
            let notice =
                html! { p.notice role="status" { "Nothing changed, so nothing was saved." } };
            let preview = editor.preview(&source.file, &text);
            editor_page(&lead, &id, &text, Some(notice), preview, StatusCode::OK)
        }
        Err(problems @ EditError::Problems(_)) => editor_page(
            &lead,
            &id,
            &text,
            None,
            Err(problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(error) => server_error(&error),
    }
}

fn editor_page(
    lead: &Lead,
    id: &str,
    text: &str,
    notice: Option<Markup>,
    preview: Result<Vec<String>, EditError>,
    status: StatusCode,
) -> Response {
    let body = html! {
        @if let Some(notice) = notice { (notice) }
        form method="post" action={ "/articles/" (id) } {
            (form_token(lead))
            label for="text" { "The article's markdown (front matter first, then the short answer, then ## sections)" }
            textarea #text name="text" spellcheck="true" { (text) }
            div.actions {
                button.secondary type="submit" name="action" value="preview" { "Preview" }
                button type="submit" name="action" value="save" #save { "Save" }
            }
        }
        h2 #preview { "How the bot will send it" }
        (preview_of(preview))
        p { a href={ "/articles/" (id) "/revisions" } { "Earlier versions" } " · " a href="/articles" { "← All articles" } }
    };
    (status, page(&format!("Edit “{id}”"), lead, body)).into_response()
}

fn preview_of(preview: Result<Vec<String>, EditError>) -> Markup {
    match preview {
        // Only text that passed the checks is shown: the renderer escaped it, and the
        // checks refused raw HTML and any link but http(s), mailto and tel.
        Ok(messages) => html! {
            @for message in &messages { div.telegram { (PreEscaped(message)) } }
        },
        Err(EditError::Problems(problems)) => html! {
            div.problems role="alert" {
                p { "This can't be saved yet:" }
                ul { @for problem in &problems { li { (problem.to_string()) } } }
            }
        },
        Err(error) => {
            html! { div.problems role="alert" { p { "No preview: " (error.to_string()) } } }
        }
    }
}
