//! Exports in the console: the CSV files `fellowship-bot export` writes, as downloads for every
//! lead role and an admin, byte for byte the same, noted in the audit log; nobody else gets one.

use fellowship_bot::export::{ExportKind, export_csv};
use reqwest::StatusCode;

use crate::web_console::assert_not_allowed;
use crate::web_people::{LEADS, console_with_buddies};

const FILES: [(&str, ExportKind); 3] = [
    ("feedback", ExportKind::Feedback),
    ("attendance", ExportKind::Attendance),
    ("fellows", ExportKind::Fellows),
];

#[tokio::test]
async fn every_lead_downloads_the_same_csv_files_as_the_command_line() {
    let console = console_with_buddies().await;
    let zone = chrono_tz::Europe::London;
    for (id, _) in LEADS {
        let cookie = console.sign_in(id).await;
        let list = console.get("/exports", Some(&cookie)).await;
        assert_eq!(list.status, StatusCode::OK);
        for (name, kind) in FILES {
            let file = console
                .get(&format!("/exports/{name}.csv"), Some(&cookie))
                .await;
            assert_eq!(file.status, StatusCode::OK, "{name}");
            let disposition = file.headers["content-disposition"].to_str().unwrap();
            assert!(
                disposition.starts_with(&format!("attachment; filename=\"{name}-"))
                    && disposition.ends_with(".csv\""),
                "{disposition}"
            );
            assert!(
                file.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            let cli = export_csv(&console.store(), kind, None, zone)
                .await
                .unwrap();
            assert_eq!(file.body.as_bytes(), cli.as_slice(), "{name}");
            assert!(list.body.contains(&format!("/exports/{name}.csv")));
        }
    }
    let audit = console.store().audit_entries(50).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "export").count(), 12);
}

#[tokio::test]
async fn an_export_from_a_day_on_leaves_out_earlier_starters_and_a_bad_day_is_explained() {
    let console = console_with_buddies().await;
    let cookie = console.sign_in(LEADS[0].0).await;
    let all = console.get("/exports/fellows.csv", Some(&cookie)).await;
    assert!(
        all.body
            .starts_with("name,trust,start_date,specialty,left_on")
    );
    assert!(all.body.contains("Dr New,RWT,2026-11-02,Cardiology,"));
    let later = console
        .get("/exports/fellows.csv?since=2026-12-01", Some(&cookie))
        .await;
    assert_eq!(later.status, StatusCode::OK);
    assert!(!later.body.contains("Dr New"), "{}", later.body);
    let bad = console
        .get("/exports/fellows.csv?since=last+week", Some(&cookie))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("like 2026-08-01"));
    assert_eq!(
        console
            .get("/exports/secrets.csv", Some(&cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn nobody_without_a_leads_session_gets_an_export() {
    let console = console_with_buddies().await;
    let forged = format!("fb_console={}", "a".repeat(64));
    for path in ["/exports", "/exports/fellows.csv", "/exports/feedback.csv"] {
        let page = console.get(path, None).await;
        assert_not_allowed(&page, path);
        assert!(page.headers.get("content-disposition").is_none());
        assert_not_allowed(&console.get(path, Some(&forged)).await, path);
    }
}
