//! Roles and the audit log: who holds which role (every lead may look; only admins grant and
//! revoke, through the chat's own `Roles::set_role`, the note to the person sent by the job
//! worker), and the audit log, newest first, a page at a time.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{PAGE_SIZE, form_token, not_allowed, page, paginate, server_error, when};
use crate::chat::ChatError;
use crate::fellows::Role;
use crate::fellows::conversation::Roles;

#[derive(Deserialize, Default)]
pub(super) struct RolesQuery {
    page: Option<usize>,
    /// What the last change did, to confirm it.
    done: Option<String>,
}

pub(super) async fn roles(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<RolesQuery>,
) -> Response {
    let notice = query.done.as_deref().and_then(done_text).map(|text| {
        html! { p.notice role="status" { (text) } }
    });
    match render(&state, &lead, query.page, notice).await {
        Ok(body) => page("Roles", &lead, body),
        Err(error) => server_error(&error),
    }
}

fn done_text(done: &str) -> Option<&'static str> {
    Some(match done {
        "granted" => "Granted. If the bot can message them, it tells them what they can now do.",
        "held" => "They already had that role: nothing changed.",
        "revoked" => "Revoked. They can no longer do what the role allowed, from the next request.",
        "not-held" => "They did not have that role: nothing changed.",
        _ => return None,
    })
}

async fn render(
    state: &WebState,
    lead: &Lead,
    page_number: Option<usize>,
    notice: Option<Markup>,
) -> Result<Markup, ChatError> {
    let holders = state.ctx.store().role_holders().await?;
    let total = holders.len();
    let (shown, pager) = paginate(holders, page_number.unwrap_or(1), |p| {
        format!("/roles?page={p}")
    });
    let admin = lead.signed_in.access.admin;
    Ok(html! {
        @if let Some(notice) = notice { (notice) }
        @if !admin { p.muted { "Only the programme's admins can grant and revoke roles." } }
        p { (crate::chat::texts::count(total, "role held", "roles held")) ". " a href="/audit" { "The audit log" } }
        div.scroll { table {
            thead { tr {
                th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "Trust" }
                @if admin { th scope="col" { span.muted { "Change" } } }
            } }
            tbody { @for holder in &shown { tr {
                td { (holder.name) @if let Some(username) = &holder.username { span.muted { " @" (username) } } }
                td { (holder.role.label()) }
                td { (holder.trust.as_deref().unwrap_or("–")) }
                @if admin { td {
                    form method="post" action="/roles" {
                        (form_token(lead))
                        input type="hidden" name="who" value=(holder.user_id);
                        input type="hidden" name="role" value=(holder.role.as_str());
                        button.secondary type="submit" name="action" value="revoke" { "Revoke" span.sr-only { " " (holder.role.label()) " from " (holder.name) } }
                    }
                } }
            } } }
        } }
        (pager)
        @if admin {
            h2 { "Grant a role" }
            form method="post" action="/roles" {
                (form_token(lead))
                label for="who" { "Who (@username or Telegram id; they must have started the bot)" }
                input #who name="who" required;
                label for="role" { "Role" }
                select #role name="role" {
                    @for role in Role::ALL { option value=(role.as_str()) { (role.label()) } }
                }
                div.actions { button type="submit" name="action" value="grant" { "Grant" } }
            }
        }
    })
}

#[derive(Deserialize)]
pub(super) struct RoleForm {
    form_token: String,
    who: String,
    role: String,
    /// "grant" or "revoke".
    action: String,
}

pub(super) async fn change(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<RoleForm>,
) -> Response {
    // The chat's rule: /grant and /revoke are for admins only.
    if !lead.form_is_ours(&form.form_token) || !lead.signed_in.access.admin {
        return not_allowed();
    }
    let grant = match form.action.as_str() {
        "grant" => true,
        "revoke" => false,
        _ => return refused(&state, &lead, "Please choose to grant or to revoke.").await,
    };
    let Some(role) = Role::parse(&form.role) else {
        return refused(&state, &lead, "Please choose one of the roles.").await;
    };
    let roles = Roles::new(&state.ctx);
    let person = match roles.find_person(&form.who).await {
        Ok(person) => person,
        Err(error) => return server_error(&error),
    };
    let Some((user_id, name)) = person else {
        let problem = "The bot doesn't know them yet. They need to send /start to the bot in a private chat first (or use their numeric Telegram id).";
        return refused(&state, &lead, problem).await;
    };
    let changed = match roles
        .set_role(lead.user_id(), user_id, &name, role, grant)
        .await
    {
        Ok(changed) => changed,
        Err(error) => return server_error(&error),
    };
    if grant
        && changed
        && let Err(error) = roles.schedule_role_note(user_id, role).await
    {
        return server_error(&error);
    }
    let done = match (grant, changed) {
        (true, true) => "granted",
        (true, false) => "held",
        (false, true) => "revoked",
        (false, false) => "not-held",
    };
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/roles?done={done}"))],
    )
        .into_response()
}

async fn refused(state: &WebState, lead: &Lead, problem: &str) -> Response {
    let notice = html! { div.problems role="alert" { p { (problem) } } };
    match render(state, lead, None, Some(notice)).await {
        Ok(body) => (StatusCode::UNPROCESSABLE_ENTITY, page("Roles", lead, body)).into_response(),
        Err(error) => server_error(&error),
    }
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    page: Option<usize>,
}

pub(super) async fn audit(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<AuditQuery>,
) -> Response {
    let page_number = query.page.unwrap_or(1).max(1);
    let skip = i64::try_from((page_number - 1) * PAGE_SIZE).unwrap_or(i64::MAX);
    let limit = i64::try_from(PAGE_SIZE + 1).unwrap_or(i64::MAX);
    // One more than a page is read, to know whether there is an older page.
    let mut entries = match state.ctx.store().audit_entries_after(skip, limit).await {
        Ok(entries) => entries,
        Err(error) => return server_error(&error),
    };
    let older = entries.len() > PAGE_SIZE;
    entries.truncate(PAGE_SIZE);
    let zone = state.ctx.settings().timezone;
    let body = html! {
        p { "What leads did through the bot and the console, newest first." }
        @if entries.is_empty() { p { "Nothing here." } }
        div.scroll { table {
            thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "Details" } } }
            tbody { @for entry in &entries { tr {
                td { (when(entry.at, zone)) }
                td { @match (&entry.actor_name, entry.actor) {
                    (Some(name), _) => (name),
                    (None, 0) => "someone forgotten",
                    (None, id) => { "Telegram id " (id) },
                } }
                td { (entry.action) }
                td { (entry.detail) }
            } } }
        } }
        @if page_number > 1 || older {
            nav.pager aria-label="Pages" {
                @if page_number > 1 { a href={ "/audit?page=" (page_number - 1) } rel="prev" { "← Newer" } }
                span { "Page " (page_number) }
                @if older { a href={ "/audit?page=" (page_number + 1) } rel="next" { "Older →" } }
            }
        }
        p { a href="/roles" { "← Roles" } }
    };
    page("Audit log", &lead, body)
}
