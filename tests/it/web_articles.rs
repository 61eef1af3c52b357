//! The knowledge base in the web console: a saved article is live at once, kept as a
//! revision and can be put back; one with problems is refused with them listed; forms without
//! the session's token or from another site change nothing.

use reqwest::StatusCode;

use crate::support::ADMIN_ID;
use crate::web_console::{LEAD, assert_not_allowed, console_with_people};

#[tokio::test]
async fn forms_without_the_sessions_token_or_from_another_site_are_refused() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let before = std::fs::read_to_string(console.content.join("leave.md")).unwrap();
    let edited = before.replace("27 days a year", "28 days a year");
    let token = console
        .get("/articles/leave", Some(&cookie))
        .await
        .form_token();
    let save = |token: String, origin: String| {
        let (cookie, edited) = (cookie.clone(), edited.clone());
        let console = &console;
        async move {
            let form = [
                ("form_token", token.as_str()),
                ("text", &edited),
                ("action", "save"),
            ];
            console
                .post_from(&origin, "/articles/leave", Some(&cookie), &form)
                .await
        }
    };
    assert_not_allowed(
        &save("f".repeat(64), console.base.clone()).await,
        "a wrong token",
    );
    assert_not_allowed(
        &save(token.clone(), "https://evil.example".into()).await,
        "another site",
    );
    let other_lead = console.sign_in(ADMIN_ID).await;
    let others = console.get("/", Some(&other_lead)).await.form_token();
    assert_not_allowed(
        &save(others, console.base.clone()).await,
        "another session's token",
    );
    let unchanged = std::fs::read_to_string(console.content.join("leave.md")).unwrap();
    assert_eq!(unchanged, before);
}

#[tokio::test]
async fn an_article_saved_in_the_browser_is_live_at_once_kept_as_a_revision_and_can_be_put_back() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let file = console.content.join("leave.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let edited = before.replace("27 days a year", "twenty-seven days a year");
    let token = console
        .get("/articles/leave", Some(&cookie))
        .await
        .form_token();

    let preview = console
        .post(
            "/articles/leave",
            Some(&cookie),
            &[
                ("form_token", &token),
                ("text", &edited),
                ("action", "preview"),
            ],
        )
        .await;
    assert!(preview.body.contains("twenty-seven days a year"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "a preview saves nothing"
    );

    let saved = console
        .post(
            "/articles/leave",
            Some(&cookie),
            &[
                ("form_token", &token),
                ("text", &edited),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    let base = console.assistant.faq().current();
    assert!(
        base.article("leave")
            .unwrap()
            .summary
            .contains("twenty-seven")
    );
    let leftovers = std::fs::read_dir(&console.content)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(
        leftovers, 0,
        "no temporary file is left beside the articles"
    );

    let location = saved.headers["location"].to_str().unwrap().to_owned();
    let shown = console.get(&location, Some(&cookie)).await;
    assert!(shown.body.contains("Saved."), "{}", shown.body);
    let history = console
        .get("/articles/leave/revisions", Some(&cookie))
        .await;
    assert!(history.body.contains("Dr Fellow 7001"), "{}", history.body);
    let revision_id = location.rsplit('=').next().unwrap();
    let revision = console
        .get(&format!("/revisions/{revision_id}"), Some(&cookie))
        .await;
    assert!(revision.body.contains("27 days a year") && revision.body.contains("twenty-seven"));

    let restored = console
        .post(
            &format!("/revisions/{revision_id}/restore"),
            Some(&cookie),
            &[("form_token", &token)],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let base = console.assistant.faq().current();
    assert!(
        !base
            .article("leave")
            .unwrap()
            .summary
            .contains("twenty-seven")
    );
}

#[tokio::test]
async fn an_article_with_problems_is_not_saved_and_its_problems_are_listed() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let file = console.content.join("leave.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let token = console
        .get("/articles/leave", Some(&cookie))
        .await
        .form_token();
    for (broken, problem) in [
        (
            before.replace("command = \"leave\"", "command = \"parking\""),
            "parking",
        ),
        (
            before.replace("id = \"leave\"", "id = \"holidays\""),
            "named holidays.md",
        ),
        (format!("{before}\n<script>alert(1)</script>\n"), "HTML"),
    ] {
        let page = console
            .post(
                "/articles/leave",
                Some(&cookie),
                &[
                    ("form_token", &token),
                    ("text", &broken),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(page.body.contains("can't be saved yet"), "{}", page.body);
        assert!(page.body.contains(problem), "{problem}: {}", page.body);
        assert!(!page.body.contains("<script>alert"), "the text is escaped");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    }
}
