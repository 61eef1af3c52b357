//! An article's earlier versions: every save from the console (who, when, the text before and
//! after), and putting back the text from before a save, as a new save.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{PAGE_SIZE, form_token, not_allowed, not_found, page, server_error, when};
use crate::faq::editing::{ArticleEditor, EditError};
use crate::store::ArticleRevision;

#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<usize>,
}

pub(super) async fn revisions(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let source = match ArticleEditor::new(&state.ctx).source(&id) {
        Ok(source) => source,
        Err(EditError::UnknownArticle) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let page_number = query.page.unwrap_or(1).max(1);
    let size = PAGE_SIZE as i64;
    let offset = (page_number as i64 - 1) * size;
    // One more than a page, to know whether there is a next one.
    let mut found = match state
        .ctx
        .store()
        .article_revisions(&source.file, size + 1, offset)
        .await
    {
        Ok(found) => found,
        Err(error) => return server_error(&error),
    };
    let more = found.len() > PAGE_SIZE;
    found.truncate(PAGE_SIZE);
    let mut rows = Vec::new();
    for revision in &found {
        match author(&state, revision).await {
            Ok(name) => rows.push((revision, name)),
            Err(error) => return server_error(&error),
        }
    }
    let zone = state.ctx.settings().timezone;
    let body = html! {
        @if rows.is_empty() {
            p { "No saves from the console yet." }
        } @else {
            ul {
                @for (revision, name) in &rows {
                    li { a href={ "/revisions/" (revision.id) } { (when(revision.saved_at, zone)) } " by " (name) }
                }
            }
        }
        nav.pager aria-label="Pages" {
            @if page_number > 1 { a href={ "?page=" (page_number - 1) } rel="prev" { "← Newer" } }
            @if more { a href={ "?page=" (page_number + 1) } rel="next" { "Older →" } }
        }
        p { a href={ "/articles/" (id) } { "← Back to the article" } }
    };
    page(&format!("Earlier versions of “{id}”"), &lead, body)
}

async fn author(
    state: &WebState,
    revision: &ArticleRevision,
) -> Result<String, crate::chat::ChatError> {
    if revision.author_id == 0 {
        return Ok("someone forgotten".into());
    }
    state.ctx.display_name(revision.author_id).await
}

pub(super) async fn revision(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
) -> Response {
    let revision = match state.ctx.store().article_revision(id).await {
        Ok(Some(revision)) => revision,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let name = match author(&state, &revision).await {
        Ok(name) => name,
        Err(error) => return server_error(&error),
    };
    let zone = state.ctx.settings().timezone;
    let body = html! {
        p { "Saved " (when(revision.saved_at, zone)) " by " (name) ", in " code { (revision.file) } "." }
        form method="post" action={ "/revisions/" (revision.id) "/restore" } {
            (form_token(&lead))
            button type="submit" { "Put back the text from before this save" }
        }
        h2 { "Before" }
        pre.text { (revision.old_text) }
        h2 { "After" }
        pre.text { (revision.new_text) }
    };
    page(&format!("A change to {}", revision.file), &lead, body)
}

#[derive(Deserialize)]
pub(super) struct TokenOnly {
    form_token: String,
}

pub(super) async fn restore(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<TokenOnly>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let editor = ArticleEditor::new(&state.ctx);
    match editor.restore_before(id, lead.user_id()).await {
        Ok(revision) => match state.ctx.store().article_revision(revision).await {
            Ok(Some(saved)) => {
                let id = crate::faq::article::parse_article(
                    &saved.new_text,
                    &state.ctx.settings().trusts,
                )
                .map(|a| a.id)
                .unwrap_or_default();
                (
                    StatusCode::SEE_OTHER,
                    [(header::LOCATION, format!("/articles/{id}?saved={revision}"))],
                )
                    .into_response()
            }
            Ok(None) => not_found().await,
            Err(error) => server_error(&error),
        },
        Err(EditError::UnknownArticle) => not_found().await,
        Err(EditError::Unchanged) => {
            let body = html! { p.notice { "The article already has that text." } p { a href="/articles" { "← All articles" } } };
            page("Nothing to put back", &lead, body)
        }
        Err(EditError::Problems(problems)) => {
            let body = html! {
                div.problems role="alert" {
                    p { "That text can't be put back as it is:" }
                    ul { @for problem in &problems { li { (problem.to_string()) } } }
                }
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                page("Not put back", &lead, body),
            )
                .into_response()
        }
        Err(error) => server_error(&error),
    }
}
