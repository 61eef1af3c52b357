//! The overview: the programme's yearly table by trust (as /stats shows it), the sessions
//! coming up, the feedback rounds still open with their response rates, and the questions the
//! bot could not answer this week.

use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{page, paginate, server_error, when};
use crate::chat::ChatError;
use crate::figures::Figures;

/// How many upcoming sessions the overview lists.
const UPCOMING: i64 = 10;
/// How many open feedback rounds it lists (closing soonest first).
const ROUNDS: i64 = 10;

#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<usize>,
}

pub(super) async fn overview(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<PageQuery>,
) -> Response {
    match render(&state, &lead, query.page.unwrap_or(1)).await {
        Ok(response) => response,
        Err(error) => server_error(&error),
    }
}

async fn render(state: &WebState, lead: &Lead, page_number: usize) -> Result<Response, ChatError> {
    let ctx = &state.ctx;
    let zone = ctx.settings().timezone;
    let figures = Figures::new(ctx).this_year().await?;
    let now = ctx.now();
    let sessions = ctx
        .store()
        .upcoming_sessions(now, UPCOMING, &ctx.settings().trusts)
        .await?;
    let rounds = ctx.store().open_feedback_rounds(ROUNDS).await?;
    let week_ago = now - chrono::Duration::days(7);
    let questions = ctx.store().unanswered_questions(week_ago, 500).await?;
    let total = questions.len();
    let (questions, pager) = paginate(questions, page_number, |p| format!("/?page={p}"));
    let body = html! {
        h2 { "Programme figures" }
        p.muted {
            (figures.from.format("%-d %B %Y")) " to " (figures.to.format("%-d %B %Y"))
        }
        div.scroll {
            table {
                thead { tr { th scope="col" { "Figure" } @for trust in &figures.trusts { th.n scope="col" { (trust) } } } }
                tbody {
                    @for (label, values) in &figures.rows {
                        tr { th scope="row" { (label) } @for value in values { td.n { (value) } } }
                    }
                }
            }
        }
        p.muted {
            "Crisis signposts shown: " (figures.crisis_signposts) "; emergency signposts: "
            (figures.emergency_signposts) " (counted by day, never who or what)."
        }
        h2 { "Sessions coming up" }
        @if sessions.is_empty() {
            p { "No sessions are planned. Leads create them with /newsession in the bot." }
        } @else {
            div.scroll {
                table {
                    thead { tr { th scope="col" { "When" } th scope="col" { "Session" } th scope="col" { "Where" } th scope="col" { "For" } } }
                    tbody {
                        @for session in &sessions {
                            tr {
                                td { (when(session.details.starts_at, zone)) }
                                td { (session.details.title) }
                                td { (session.details.location) }
                                td { (session.details.audience.to_text()) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Feedback rounds open" }
        @if rounds.is_empty() {
            p { "No feedback round is open." }
        } @else {
            div.scroll {
                table {
                    thead { tr { th scope="col" { "Held" } th scope="col" { "About" } th.n scope="col" { "Asked" } th.n scope="col" { "Answered" } th.n scope="col" { "Rate" } th scope="col" { "Closes" } } }
                    tbody {
                        @for round in &rounds {
                            tr {
                                td { (round.held_on) }
                                td { (round.title) }
                                td.n { (round.invited) }
                                td.n { (round.responses) }
                                td.n { (round.response_rate().map_or_else(|| "–".to_owned(), |rate| format!("{:.0}%", rate * 100.0))) }
                                td { (when(round.closes_at, zone)) }
                            }
                        }
                    }
                }
            }
            p { a href="/feedback" { "Reports, charts and improvement cycles" } }
        }
        h2 { "Questions I could not answer this week (" (total) ")" }
        @if total == 0 {
            p { "None: every question this week found an answer." }
        } @else {
            ul {
                @for question in &questions {
                    li {
                        (question.question)
                        span.muted { " – asked " (crate::chat::texts::count(usize::try_from(question.times_asked).unwrap_or(0), "time", "times")) ", last " (when(question.last_asked(), zone)) }
                    }
                }
            }
            (pager)
            p { a href="/unanswered" { "Teach the bot which article answers them" } " (or use /unanswered in the bot)." }
        }
    };
    Ok(page("Overview", lead, body))
}
