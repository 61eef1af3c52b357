//! The wire format at its limits: every press round-trips within 64 bytes, and forged or cut
//! short data is expired, never another press.

use super::*;
use crate::broadcast::BroadcastAudience;
use crate::broadcast::press::{AudienceMenu, BroadcastPress};
use crate::buddies::press::BuddyPress;
use crate::faq::article::ID_LIMIT;
use crate::faq::press::{FaqPress, Shown};
use crate::faq::{AnswerView, Category};
use crate::feedback::Rating;
use crate::feedback::conversation::SERVICES;
use crate::feedback::press::FeedbackPress;
use crate::fellows::Role;
use crate::fellows::press::RegistrationPress;
use crate::fellows::registration::Step;
use crate::journey::press::JourneyPress;
use crate::message::{DATA_LIMIT, Payload};
use crate::sessions::TYPE_ID_LIMIT;
use crate::sessions::press::{NewSessionPress, SessionPress};

mod sent;

const MAX: i64 = i64::MAX;

/// The longest trust short name the settings allow.
fn longest_trust() -> String {
    "T".repeat(crate::config::TRUST_LIMIT)
}

/// The longest article id the content checks allow.
fn longest_topic() -> String {
    "a-".repeat(ID_LIMIT).chars().take(ID_LIMIT).collect()
}

fn faq_presses() -> Vec<Press> {
    let topic = longest_topic();
    let mut presses: Vec<FaqPress> = vec![
        FaqPress::Menu,
        FaqPress::Topic(topic.clone()),
        FaqPress::Answer(topic.clone()),
        FaqPress::Teach(MAX),
        FaqPress::Unanswered,
        FaqPress::Learn {
            question: MAX,
            topic: topic.clone(),
        },
    ];
    presses.extend(Category::ALL.map(FaqPress::Category));
    for full in [true, false] {
        for question in [None, Some(MAX)] {
            let view = AnswerView {
                topic: topic.clone(),
                full,
                question,
            };
            presses.push(FaqPress::View(view));
        }
        for helpful in [true, false] {
            let shown = Shown {
                topic: topic.clone(),
                full,
            };
            for shown in [None, Some(shown)] {
                presses.push(FaqPress::Rate {
                    question: MAX,
                    helpful,
                    shown,
                });
            }
        }
    }
    presses.into_iter().map(Press::Faq).collect()
}

fn fellow_presses() -> Vec<Press> {
    let mut presses: Vec<Press> = [
        RegistrationPress::Consent(true),
        RegistrationPress::Consent(false),
        RegistrationPress::KeepName,
        RegistrationPress::Trust(longest_trust()),
    ]
    .into_iter()
    .chain(
        [
            Step::Consent,
            Step::Name,
            Step::Trust,
            Step::StartDate,
            Step::Specialty,
        ]
        .map(RegistrationPress::Edit),
    )
    .map(Press::Registration)
    .collect();
    presses.extend(
        [
            BuddyPress::Suggest(MAX),
            BuddyPress::Assign {
                fellow: MAX,
                buddy: MAX,
            },
            BuddyPress::CheckIn {
                pair: MAX,
                in_touch: true,
            },
            BuddyPress::CheckIn {
                pair: MAX,
                in_touch: false,
            },
        ]
        .map(Press::Buddy),
    );
    presses.extend([
        Press::Form(FormPress::MyAnswer(u32::MAX)),
        Press::Form(FormPress::AQuestion(u32::MAX)),
        Press::ContactMe,
        Press::Forget(true),
        Press::Forget(false),
    ]);
    let step = "s".repeat(crate::journey::plan::STEP_ID_LIMIT);
    presses.extend(
        [
            JourneyPress::Done(step.clone()),
            JourneyPress::NotForMe(step.clone()),
            JourneyPress::How(step),
            JourneyPress::Pause,
            JourneyPress::Nights,
            JourneyPress::Share(true),
            JourneyPress::Share(false),
        ]
        .map(Press::Journey),
    );
    presses
}

fn session_presses() -> Vec<Press> {
    let mut presses: Vec<Press> = [
        SessionPress::Going(MAX),
        SessionPress::CantGo(MAX),
        SessionPress::Here(MAX),
        SessionPress::Calendar(MAX),
        SessionPress::Mark {
            session: MAX,
            fellow: MAX,
        },
        SessionPress::Move {
            session: MAX,
            sequence: u32::MAX,
            minute: u32::MAX,
        },
        SessionPress::KeepTime(MAX),
    ]
    .map(Press::Session)
    .into();
    presses.extend([Press::EqNoneFit(1), Press::EqNoneFit(6)]);
    presses.extend(
        [
            NewSessionPress::Type("t".repeat(TYPE_ID_LIMIT)),
            NewSessionPress::ForEveryone,
            NewSessionPress::ForTrust(longest_trust()),
            NewSessionPress::Create,
            NewSessionPress::Discard,
            NewSessionPress::Announce(MAX),
        ]
        .map(Press::NewSession),
    );
    presses
}

fn message_presses() -> Vec<Press> {
    let mut presses: Vec<Press> = (1..=5)
        .filter_map(Rating::new)
        .map(|rating| FeedbackPress::Rate { form: MAX, rating })
        .chain([
            FeedbackPress::Start(MAX),
            FeedbackPress::Skip(MAX),
            FeedbackPress::UseDraft(MAX),
            FeedbackPress::Anonymous(MAX),
            FeedbackPress::Named(MAX),
            FeedbackPress::NotNow(MAX),
            FeedbackPress::Tell(MAX),
        ])
        .chain(SERVICES.map(|(key, _)| FeedbackPress::Service(key)))
        .map(Press::Feedback)
        .collect();
    let audiences = [
        BroadcastAudience::ProgrammeGroups,
        BroadcastAudience::AllFellows,
        BroadcastAudience::Trust(longest_trust()),
        BroadcastAudience::Cohort {
            year: i32::MAX,
            month: 12,
        },
        BroadcastAudience::Session(MAX),
        BroadcastAudience::Cycle(MAX),
    ]
    .into_iter()
    .chain(Role::ALL.map(BroadcastAudience::Role));
    let broadcast = AudienceMenu::ALL
        .map(BroadcastPress::Menu)
        .into_iter()
        .chain(audiences.map(BroadcastPress::Audience))
        .chain([
            BroadcastPress::Pin(true),
            BroadcastPress::Pin(false),
            BroadcastPress::Now,
            BroadcastPress::Later,
            BroadcastPress::Cancel,
            BroadcastPress::Stop,
            BroadcastPress::Again,
            BroadcastPress::ProblemsFile,
        ]);
    presses.extend(broadcast.map(|press| Press::Broadcast(MAX, press)));
    presses
}

fn every_press() -> Vec<Press> {
    [
        faq_presses(),
        fellow_presses(),
        session_presses(),
        message_presses(),
    ]
    .concat()
}

#[test]
fn every_press_fits_telegram_and_reads_back_as_itself() {
    for press in every_press() {
        let data = press.encode();
        assert!(data.len() <= DATA_LIMIT, "{} bytes: {data}", data.len());
        assert_eq!(Press::decode(&data), Ok(press), "{data}");
    }
}

#[test]
fn no_two_presses_share_their_data() {
    let mut seen = std::collections::HashMap::new();
    for press in every_press() {
        if let Some(other) = seen.insert(press.encode(), press.clone()) {
            assert_eq!(other, press, "{}", press.encode());
        }
    }
}

/// Data no button carries: unknown, cut short, with a bad or extra field, or a number in
/// another form.
const FORGED: &[&str] = &[
    "",
    ":",
    "FAQ",
    "faq:",
    "unknown:1",
    "ses",
    "ses:",
    "ses:g",
    "ses:g:",
    "ses:g:abc",
    "ses:g:1:extra",
    "ses:g:-1",
    "ses:g:+1",
    "ses:g:01",
    "ses:g: 1",
    "ses:g:1 ",
    "ses:g:99999999999999999999",
    "ses:x:1",
    "ses:m:1",
    "ses:m:1.",
    "ses:m:1.x",
    "ses:m:1.2.3",
    "faq:c:nowhere",
    "faq:t:",
    "faq:t:Leave",
    "faq:t:a:b",
    "faq:r:1:2",
    "faq:r:1:1:leave",
    "faq:r:1:1:leave:x",
    "faq:r:1",
    "faq:m:leave",
    "faq:m:leave:-1",
    "faq:m:leave:1:2",
    "faq:ul:1",
    "faq:u",
    "faq:a:1",
    "faq:c:acute\n",
    "reg:consent:maybe",
    "reg:consent",
    "reg:trust:wht",
    "reg:trust:",
    "reg:trust:ABCDEFGHIJKLMNOPQ",
    "reg:name:other",
    "reg:start_date:x",
    "prof:nickname",
    "prof:",
    "form:a:not-a-number",
    "form:a:99999999999",
    "form:x:1",
    "form:a:",
    "form:a:1:2",
    "form:a",
    "form:a:-1",
    "form:a:+1",
    "form:a: 1",
    "form:q:99999999999",
    "bud:c:1:maybe",
    "bud:a:1",
    "bud:s:",
    "bud:x:1",
    "eq:nofit:3",
    "eq:nofit:",
    "eq:nofit:x",
    "eq:nofit:01",
    "eq:1",
    "ns:audience:Everyone",
    "ns:audience:",
    "ns:confirm:maybe",
    "ns:type:",
    "ns:title:x",
    "ns:announce:",
    "fb:r:2:6",
    "fb:r:2:0",
    "fb:r:2",
    "fb:svc:canteen",
    "fb:start:",
    "fb:k:x",
    "fb:tell:1:2",
    "bc:now:1:extra",
    "bc:now",
    "bc:now:",
    "bc:menu:1:other",
    "bc:menu:1",
    "bc:pin:1:2",
    "bc:pin:1",
    "bc:aud:1:unknownkey",
    "bc:aud:1:role:esl",
    "bc:aud:1:cohort:2026-8",
    "bc:aud:1:cohort:2026-13",
    "bc:aud:1:trust:",
    "bc:aud:1:trust:wht",
    "bc:aud:1:groups:x",
    "bc:aud:1",
    "safety",
    "safety:contact:now",
    "forget",
    "forget:maybe",
    "forget:yes:no",
    "jr",
    "jr:",
    "jr:d:",
    "jr:d:Bank",
    "jr:d:bank:x",
    "jr:x:bank",
    "jr:pause:1",
    "jr:share:1",
    "jr:unshare:yes",
    "jr:nights:x",
    "jr:h:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

#[test]
fn stale_forged_or_cut_short_data_is_expired_never_another_press() {
    let junk = format!("faq:t:{}", "a".repeat(DATA_LIMIT - 5));
    assert_eq!(junk.len(), DATA_LIMIT + 1);
    for data in FORGED.iter().copied().chain([junk.as_str()]) {
        assert!(Press::decode(data).is_err(), "{data:?} decoded");
    }
}

#[test]
fn an_expired_press_points_back_to_its_feature() {
    let notice = |data: &str| Press::decode(data).map(|_| ()).unwrap_err().notice();
    assert_eq!(notice("form:a:not-a-number"), "This button has expired.");
    assert_eq!(
        notice("faq:c:nowhere"),
        "This button no longer works. Tap /faq."
    );
    assert_eq!(
        notice("ses:g:abc"),
        "This button no longer works. Tap /help."
    );
    assert_eq!(notice(""), "This button no longer works. Tap /help.");
}

#[test]
fn form_buttons_name_the_step_they_answer() {
    for press in session_presses() {
        if let Press::NewSession(press) = press
            && let Some((step, value)) = press.answer()
        {
            let data = Press::NewSession(press.clone()).encode();
            assert_eq!(data, format!("ns:{}:{value}", step.as_str()));
        }
    }
    for press in fellow_presses() {
        if let Press::Registration(press) = press
            && let Some((step, value)) = press.answer()
        {
            let data = Press::Registration(press.clone()).encode();
            assert_eq!(data, format!("reg:{}:{value}", step.as_str()));
        }
    }
}
