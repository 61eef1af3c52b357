//! fellowship-bot: a chat bot for the international doctors of a Clinical Fellowship Programme.
//!
//! One folder per feature, each holding its rules, its conversation (a small struct over the
//! shared [`chat::Context`]), its buttons' payloads, its jobs and its unit tests. The layers only
//! point down: `message` ← `chat` ← features ← `assistant` ← channels. Read in this order:
//! - [`message`]: what the bot says: a [`message::Message`] with its buttons, `escape`, and the
//!   [`message::Payload`] a press button carries.
//! - [`chat`]: the kit every feature is written with, knowing no feature. Plain messages in
//!   ([`chat::Inbound`]), plain replies out ([`chat::Reply`]); it knows nothing of Telegram. The
//!   shared context, access, forms, typed days read and said in words (`chat::dates`), the
//!   outbox port.
//! - [`assistant`]: above the features: routing to them, the command table
//!   ([`assistant::KnownCommand`]), the presses' decoding ([`assistant::Press`]), form detours.
//! - [`safety`]: the triage every free-text message goes through first: crisis, emergency,
//!   clinical advice, and what the bot says then.
//! - [`faq`]: the knowledge base: articles from `content/`, search, rendering, the menu, the
//!   conversation about questions, and teaching it the unanswered ones.
//! - [`fellows`]: who the fellows and leads are: registration, /profile, roles, /mydata.
//! - [`journey`]: the arrival journey: each fellow's checklist from `content/journey.toml`,
//!   its gentle nudges (quiet at night and after night shifts), the leads' cohort report.
//! - [`buddies`]: the buddy scheme: suggestions, pairings in conversation, the two-week check-in.
//! - [`sessions`]: the calendar: session types, times in London, CSV import, the RSVP rule,
//!   EQ due dates, and what the bot says about sessions (RSVPs, reminders, the leads' form).
//! - [`broadcast`]: leads' announcements: audiences, delivery rows, the sending loop, reports.
//! - [`feedback`]: feedback after sessions; the leads' PDSA chart of ratings and response rates.
//! - [`figures`]: the leads' programme figures (/stats, /unreachable).
//! - [`groups`]: programme groups: /setgroup, welcoming new members, following supergroups.
//! - [`signin`]: the leads' web console's one-time sign-in links (/web) and browser sessions.
//! - [`store`]: every SQL statement, on SQLite or PostgreSQL.
//! - [`telegram`] and [`console`]: the two channels that carry the core's conversations.
//! - [`web`]: the leads' web console (axum, HTML rendered with maud), beside the bot in one
//!   process; its pages call the same features and the same permission rule as the chat.
//! - [`telemetry`]: the operators' counts at `/metrics` (counts only, no personal data).
//! - [`worker`]: runs jobs (check-ins, reminders) when they fall due.
//! - [`delivery`] and [`shutdown`]: stored replies sent once each, under the one retry policy
//!   ([`chat::next_step`]); what a SIGTERM lets finish and what it leaves for the next start.
//! - [`export`]: the leads' data as CSV on the command line.
//! - [`config`], [`clock`], [`app`]: settings, time, and the composition root that wires it all.
#![forbid(unsafe_code)]

pub mod app;
pub mod assistant;
pub mod broadcast;
pub mod buddies;
pub mod chat;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod delivery;
pub mod export;
pub mod faq;
pub mod feedback;
pub mod fellows;
pub mod figures;
pub mod groups;
pub mod journey;
pub mod message;
pub mod safety;
pub mod sessions;
pub mod shutdown;
pub mod signin;
pub mod store;
pub mod telegram;
pub mod telemetry;
pub mod web;
pub mod worker;
