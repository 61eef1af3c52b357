//! Every integration test, built as one binary so the crate is linked once: conversations on the
//! core (`support::core`), the bot over real HTTP against a fake Bot API for what only HTTP shows,
//! the storage suite on SQLite and PostgreSQL, the real binary under kill -9 and SIGTERM, and the
//! answer-quality bars.

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod broadcasts;
mod buddies;
mod console;
mod content;
mod crashes;
mod delivery;
mod deployment_files;
mod eq_sessions;
mod feedback;
mod feedback_forms;
mod fellows;
mod forms;
mod groups;
mod job_wakeups;
mod journey;
mod journey_export;
mod journey_nights;
mod journey_sharing;
mod knowledge_base;
mod metrics;
mod parsers;
mod process;
mod reminders_load;
mod safety;
mod sessions;
mod sole_poller;
mod storage;
mod telegram_basics;
mod texts;
mod unanswered;
mod web_articles;
mod web_broadcasts;
mod web_browser;
mod web_console;
mod web_exports;
mod web_feedback;
mod web_people;
mod web_programme;
mod web_roles;
mod web_session_changes;
mod web_session_edits;
mod web_sessions;
mod web_telegram_login;
mod web_unanswered;
mod webhook;
