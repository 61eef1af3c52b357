//! The unanswered queue on the knowledge base side: the questions the bot could not answer
//! well, near-duplicates together, as /unanswered lists them; and "teach", which tells the bot
//! which article answers one through the chat's own `Unanswered::learn_alias`.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{form_token, not_allowed, not_found, page, paginate, server_error, when};
use crate::faq::unanswered::{Taught, UNANSWERED_WINDOW_DAYS, Unanswered};

#[derive(Deserialize)]
pub(super) struct QueueQuery {
    page: Option<usize>,
    /// The article just taught, to confirm it.
    taught: Option<String>,
}

pub(super) async fn queue(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<QueueQuery>,
) -> Response {
    let groups = match Unanswered::new(&state.ctx).similar_questions().await {
        Ok(groups) => groups,
        Err(error) => return server_error(&error),
    };
    let base = state.ctx.faq().current();
    let taught = query.taught.as_deref().and_then(|id| base.article(id));
    let zone = state.ctx.settings().timezone;
    let total = groups.len();
    let (shown, pager) = paginate(groups, query.page.unwrap_or(1), |p| {
        format!("/unanswered?page={p}")
    });
    let body = html! {
        @if let Some(article) = taught {
            p.notice role="status" { "Learned. The next fellow who asks that (or something worded like it) gets “" (article.title) "”." }
        }
        @if total == 0 {
            p { "No unanswered or unhelpful questions in the last " (UNANSWERED_WINDOW_DAYS) " days." }
        } @else {
            p { "Questions the bot could not answer well in the last " (UNANSWERED_WINDOW_DAYS) " days, those worded alike together. Teach one to tell the bot which article answers it." }
        }
        ol {
            @for group in &shown {
                li {
                    "“" (group.wording()) "”"
                    @if group.others() > 0 { " and " (group.others()) " like it" }
                    span.muted { " · asked " (crate::chat::texts::count(usize::try_from(group.times_asked()).unwrap_or(0), "time", "times")) ", last " (when(group.last_asked(), zone)) " · " }
                    a href={ "/unanswered/" (group.latest_id()) } aria-label={ "Teach the bot the answer to “" (group.wording()) "”" } { "Teach" }
                }
            }
        }
        (pager)
        p { a href="/articles" { "← The knowledge base" } }
    };
    page("Unanswered questions", &lead, body)
}

pub(super) async fn teach_form(
    State(state): State<WebState>,
    lead: Lead,
    Path(question_id): Path<i64>,
) -> Response {
    let question = match state.ctx.store().question_text(question_id).await {
        Ok(Some(question)) => question,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let base = state.ctx.faq().current();
    let mut articles: Vec<_> = base.articles().iter().collect();
    articles.sort_by(|a, b| a.title.cmp(&b.title));
    let body = html! {
        blockquote { (question) }
        form method="post" action={ "/unanswered/" (question_id) } {
            (form_token(&lead))
            label for="topic" { "Which article answers it?" }
            select #topic name="topic" required {
                @for article in &articles { option value=(article.id) { (article.title) } }
            }
            div.actions { button type="submit" #teach { "Teach the bot" } }
        }
        p.muted { "Every question worded like it is taught with it. The bot answers with that article from now on." }
        p { a href="/unanswered" { "← All unanswered questions" } }
    };
    page("Teach the bot", &lead, body)
}

#[derive(Deserialize)]
pub(super) struct TeachForm {
    form_token: String,
    topic: String,
}

pub(super) async fn teach(
    State(state): State<WebState>,
    lead: Lead,
    Path(question_id): Path<i64>,
    Form(form): Form<TeachForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let taught = Unanswered::new(&state.ctx)
        .learn_alias(lead.user_id(), question_id, &form.topic)
        .await;
    let problem = match taught {
        Ok(Taught::Learned { .. }) => {
            let to = url::form_urlencoded::Serializer::new(String::from("/unanswered?"))
                .append_pair("taught", &form.topic)
                .finish();
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        Ok(Taught::Gone) => "That question or article is gone. The list shows what is left.",
        Ok(Taught::TooLong) => {
            "That question is too long to learn as it is. Add the words people use to the article's aliases instead."
        }
        Err(error) => return server_error(&error),
    };
    let body = html! {
        div.problems role="alert" { p { (problem) } }
        p { a href="/unanswered" { "← All unanswered questions" } }
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page("Teach the bot", &lead, body),
    )
        .into_response()
}
