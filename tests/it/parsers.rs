//! Every parser of what people and operators type, fed random text: typed times and dates, start
//! dates, names, periods, commands and their arguments, button data, the markdown renderer,
//! article front matter, the session types file, the sessions CSV and configuration values.
//! None may panic. A seeded generator, so a failure names the seed and input that reproduce it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use fellowship_bot::assistant::Press;
use fellowship_bot::broadcast::BroadcastAudience;
use fellowship_bot::chat::parse_command;
use fellowship_bot::config::{BotToken, Settings};
use fellowship_bot::faq::article::parse_article;
use fellowship_bot::faq::render::render_blocks;
use fellowship_bot::fellows::{FellowName, Role, Specialty, parse_start_date};
use fellowship_bot::figures::StatsPeriod;
use fellowship_bot::sessions::form::{FormAnswer, FormStep, SessionDraft};
use fellowship_bot::sessions::import::parse_sessions_csv;
use fellowship_bot::sessions::time::{ReminderOffset, parse_human, parse_local};
use fellowship_bot::sessions::{Audience, Catalogue};

/// Inputs per parser: enough to find a byte split inside a character within a few runs.
const ROUNDS: usize = 1500;

/// Pieces random text is made of: valid forms to mutate, separators, characters of two, three
/// and four bytes, case changes that change length, controls and markup.
const PIECES: &[&str] = &[
    "0",
    "1",
    "7",
    "12",
    "31",
    "2026",
    "-1",
    "99999999999999999999",
    "d",
    "h",
    "m",
    "w",
    "é",
    "ß",
    "İ",
    "ﬀ",
    "🎉",
    "\u{301}",
    "\u{202e}",
    "\u{0}",
    "\t",
    "\n",
    "\r\n",
    " ",
    "  ",
    ",",
    ":",
    ";",
    "/",
    "-",
    ".",
    "..",
    "+",
    "+++",
    "#",
    "##",
    "*",
    "_",
    "`",
    "```",
    "[",
    "](",
    ")",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "=",
    "@",
    "|",
    "\\",
    "2026-11-30",
    "30/11/2026",
    "14:00",
    "2pm",
    "12am",
    "next",
    "tuesday",
    "tomorrow",
    "last year",
    "this year",
    "to",
    "at",
    "7d,1d,1h",
    "trust:",
    "RWT",
    "started:",
    "fellows:",
    "everyone",
    "/stats",
    "/cancelsession",
    "@Bot",
    "ses:g:",
    "fb:r:",
    "bud:a:",
    "faq:m:",
    "bc:aud:",
    "ns:type:",
    "id = ",
    "title = ",
    "[[type]]",
    "** ",
    "- ",
    "1. ",
    "> ",
];

/// SplitMix64: small, fast and the same on every machine.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Up to `pieces` pieces, or now and then any character at all.
    fn text(&mut self, pieces: usize) -> String {
        let mut text = String::new();
        for _ in 0..self.below(pieces + 1) {
            if self.below(8) == 0 {
                text.extend(char::from_u32(self.next() as u32 % 0x11_0000));
            } else {
                text.push_str(PIECES[self.below(PIECES.len())]);
            }
        }
        text
    }
}

/// Runs `parse` on `ROUNDS` texts from `make`; a panic fails with the parser, seed and input.
fn never_panics(name: &str, make: impl Fn(&mut Noise) -> String, parse: impl Fn(&str)) {
    let seed = 0x5EED_0000 + name.len() as u64;
    let mut noise = Noise(seed);
    for _ in 0..ROUNDS {
        let input = make(&mut noise);
        if catch_unwind(AssertUnwindSafe(|| parse(&input))).is_err() {
            panic!("{name} panicked on {input:?} (seed {seed:#x})");
        }
    }
}

fn trusts() -> Vec<String> {
    vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
}

#[test]
fn typed_times_dates_names_and_periods_never_panic() {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let short = |n: &mut Noise| n.text(6);
    never_panics("parse_human", short, |t| {
        let _ = parse_human(t, now, London);
    });
    never_panics("parse_local", short, |t| {
        let _ = parse_local(t, London);
    });
    never_panics("parse_start_date", short, |t| {
        let _ = parse_start_date(t, today);
    });
    never_panics("StatsPeriod", short, |t| {
        let _ = StatsPeriod::parse(t, today);
    });
    never_panics("FellowName", short, |t| {
        let _ = FellowName::parse(t);
    });
    never_panics("Specialty", short, |t| {
        let _ = Specialty::parse(t);
    });
    never_panics("Role", short, |t| {
        let _ = Role::parse(t);
    });
    never_panics("Audience", short, |t| {
        let _ = Audience::parse(t, &trusts());
    });
    never_panics("BroadcastAudience", short, |t| {
        let _ = BroadcastAudience::parse_key(t);
    });
}

#[test]
fn commands_button_data_and_the_new_session_form_never_panic() {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let catalogue = Catalogue::load_from_content(&crate::support::content_dir()).unwrap();
    never_panics(
        "parse_command",
        |n| format!("/{}", n.text(5)),
        |t| {
            let _ = parse_command(t, "FellowsBot");
        },
    );
    never_panics(
        "Press::decode",
        |n| n.text(5),
        |t| {
            let _ = Press::decode(t);
        },
    );
    for step in FormStep::ALL {
        never_panics(
            step.as_str(),
            |n| n.text(5),
            |t| {
                let mut draft = SessionDraft {
                    step,
                    ..SessionDraft::default()
                };
                draft.answer(FormAnswer::Text(t), now, London, &catalogue, &trusts());
            },
        );
    }
}

#[test]
fn markdown_front_matter_session_types_and_the_sessions_csv_never_panic() {
    let catalogue = Catalogue::load_from_content(&crate::support::content_dir()).unwrap();
    never_panics(
        "render_blocks",
        |n| n.text(30),
        |t| {
            let _ = render_blocks(t);
        },
    );
    never_panics(
        "parse_article",
        |n| {
            let front = "+++\nid = \"leave\"\ntitle = \"Leave\"\ncommand = \"leave\"\n";
            format!("{front}{}\n+++\n{}", n.text(6), n.text(20))
        },
        |t| {
            let _ = parse_article(t, &trusts());
        },
    );
    never_panics(
        "Catalogue",
        |n| n.text(12),
        |t| {
            let _ = Catalogue::parse(t);
        },
    );
    never_panics(
        "parse_sessions_csv",
        |n| {
            let header = "type,title,start,end,location,audience,capacity\n";
            let row = |n: &mut Noise| (0..7).map(|_| n.text(3)).collect::<Vec<_>>().join(",");
            format!("{header}{}\n{}", row(n), row(n))
        },
        |t| {
            let _ = parse_sessions_csv(t, &catalogue, London, &trusts());
        },
    );
}

#[test]
fn configuration_values_never_panic() {
    let variables = [
        "DATABASE_URL",
        "TELOXIDE_TOKEN",
        "TELOXIDE_API_URL",
        "BOT_ADMINS",
        "BOT_TIMEZONE",
        "REMINDER_OFFSETS",
        "WELCOME_REPLACE_PREVIOUS",
        "FEEDBACK_DELAY",
        "FEEDBACK_REMINDER_AFTER",
        "FEEDBACK_CLOSES_AFTER",
        "TRUSTS",
    ];
    for variable in variables {
        never_panics(
            variable,
            |n| n.text(6),
            |t| {
                let _ = Settings::from_lookup(|name| (name == variable).then(|| t.to_owned()));
            },
        );
    }
    never_panics(
        "ReminderOffset",
        |n| n.text(6),
        |t| {
            let _ = ReminderOffset::parse_list(t);
        },
    );
    never_panics(
        "BotToken",
        |n| n.text(6),
        |t| {
            let _ = BotToken::parse(t);
        },
    );
}

#[tokio::test]
async fn every_command_with_random_words_after_it_is_answered_without_a_panic() {
    use fellowship_bot::assistant::KnownCommand;
    let core = crate::support::spawn_core().await;
    let admin = crate::support::TestUser::new(crate::support::ADMIN_ID, "Admin");
    let chat = admin.private_chat();
    let mut noise = Noise(0x5EED_C0DE);
    // A question goes to the answer model and /reload reads every article: both are slow and
    // read no arguments; /forgetme would forget the admin between rounds.
    let skipped = [
        KnownCommand::Ask,
        KnownCommand::Reload,
        KnownCommand::ForgetMe,
    ];
    for command in KnownCommand::ALL.iter().filter(|c| !skipped.contains(c)) {
        for _ in 0..25 {
            let typed = format!("/{} {}", command.name(), noise.text(5));
            let answered = AssertUnwindSafe(core.user_writes(&chat, &admin, &typed));
            if futures::FutureExt::catch_unwind(answered).await.is_err() {
                panic!("{typed:?} panicked");
            }
            core.user_writes(&chat, &admin, "/cancel").await;
        }
    }
}
