//! The page every console page sits in (header, navigation, sign-out), the one stylesheet,
//! the "not allowed" and "not found" pages, pagination, and dates shown in London time.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use maud::{DOCTYPE, Markup, html};

use super::lead::Lead;

/// How many rows a list shows on one page.
pub(super) const PAGE_SIZE: usize = 25;

const STYLESHEET: &str = include_str!("style.css");

pub(super) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

fn shell(title: &str, nav: Option<Markup>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Fellowship console" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                header {
                    p.brand { "Fellowship console" }
                    @if let Some(nav) = nav { (nav) }
                }
                main #main { h1 { (title) } (body) }
            }
        }
    }
}

/// A page for a signed-in lead, with the navigation and the sign-out button.
pub(super) fn page(title: &str, lead: &Lead, body: Markup) -> Response {
    let nav = html! {
        nav aria-label="Main" {
            ul {
                li { a href="/" { "Overview" } }
                li { a href="/fellows" { "Fellows" } }
                li { a href="/buddies" { "Buddies" } }
                li { a href="/roles" { "Roles" } }
                li { a href="/sessions" { "Sessions" } }
                li { a href="/broadcasts" { "Broadcasts" } }
                li { a href="/feedback" { "Feedback" } }
                li { a href="/articles" { "Knowledge base" } }
                li { a href="/exports" { "Exports" } }
                li {
                    form method="post" action="/logout" {
                        (form_token(lead))
                        button type="submit" { "Sign out" }
                    }
                }
            }
        }
    };
    shell(title, Some(nav), body).into_response()
}

/// The hidden field every form of a signed-in page carries.
pub(super) fn form_token(lead: &Lead) -> Markup {
    html! { input type="hidden" name="form_token" value=(lead.signed_in.form_token); }
}

/// A page for someone not signed in.
pub(super) fn plain(status: StatusCode, title: &str, body: Markup) -> Response {
    (status, shell(title, None, body)).into_response()
}

/// "Not allowed", and nothing else: for no session, a fellow, a used link, a forged cookie.
pub(super) fn not_allowed() -> Response {
    plain(
        StatusCode::FORBIDDEN,
        "Not allowed",
        html! { p { "This page is for the programme's leads. To sign in, send /web to the bot in a private chat and open the link it gives you." } },
    )
}

pub(super) async fn not_found() -> Response {
    plain(
        StatusCode::NOT_FOUND,
        "Not found",
        html! { p { "There is nothing here. " a href="/" { "Back to the overview" } } },
    )
}

/// Something failed on our side: the log gets the cause, the page an apology.
pub(super) fn server_error(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "a web console page failed");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        html! { p { "Sorry, something went wrong on our side. Please try again in a minute." } },
    )
}

/// An instant as leads read it, in the programme's time zone: "Tue 12 Mar 2026, 14:00".
pub(super) fn when(at: DateTime<Utc>, zone: Tz) -> String {
    crate::sessions::time::show(at, zone)
}

/// One page of `items` (pages count from 1) and the links to the others.
pub(super) fn paginate<T>(
    items: Vec<T>,
    page: usize,
    link: impl Fn(usize) -> String,
) -> (Vec<T>, Markup) {
    let pages = items.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let shown: Vec<T> = items
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let pager = html! {
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page > 1 { a href=(link(page - 1)) rel="prev" { "← Previous" } }
                span { "Page " (page) " of " (pages) }
                @if page < pages { a href=(link(page + 1)) rel="next" { "Next →" } }
            }
        }
    };
    (shown, pager)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_cut_into_pages_with_links_between_them() {
        let items: Vec<usize> = (0..60).collect();
        let (shown, pager) = paginate(items.clone(), 2, |p| format!("?page={p}"));
        assert_eq!(shown.first(), Some(&25));
        assert_eq!(shown.len(), 25);
        let pager = pager.into_string();
        assert!(
            pager.contains("?page=1") && pager.contains("?page=3"),
            "{pager}"
        );
        let (last, _) = paginate(items, 99, |p| format!("?page={p}"));
        assert_eq!(last.len(), 10);
    }
}
