//! Data already sent in chats reads back as the press it always meant.

use super::super::*;
use crate::broadcast::BroadcastAudience;
use crate::broadcast::press::AudienceMenu;
use crate::faq::press::Shown;
use crate::faq::{AnswerView, Category};
use crate::feedback::Rating;
use crate::fellows::Role;
use crate::fellows::registration::Step;

#[test]
fn buttons_already_sent_in_chats_keep_working() {
    let sent = [faq_sent(), fellows_sent(), sessions_sent(), messages_sent()].concat();
    for (data, press) in sent {
        assert_eq!(Press::decode(data), Ok(press), "{data}");
    }
}

/// The FAQ's menu, answers, ratings and teaching.
fn faq_sent() -> Vec<(&'static str, Press)> {
    let view = |topic: &str, full, question| AnswerView {
        topic: topic.into(),
        full,
        question,
    };
    vec![
        ("faq", Press::Faq(FaqPress::Menu)),
        (
            "faq:c:acute",
            Press::Faq(FaqPress::Category(Category::AcuteCare)),
        ),
        (
            "faq:t:als-impact",
            Press::Faq(FaqPress::Topic("als-impact".into())),
        ),
        (
            "faq:f:blue-light-card",
            Press::Faq(FaqPress::Answer("blue-light-card".into())),
        ),
        (
            "faq:m:gp-registration:0",
            Press::Faq(FaqPress::View(view("gp-registration", true, None))),
        ),
        (
            "faq:l:leave:12",
            Press::Faq(FaqPress::View(view("leave", false, Some(12)))),
        ),
        (
            "faq:r:12:1:leave:f",
            Press::Faq(FaqPress::Rate {
                question: 12,
                helpful: true,
                shown: Some(Shown {
                    topic: "leave".into(),
                    full: true,
                }),
            }),
        ),
        (
            "faq:r:12:0",
            Press::Faq(FaqPress::Rate {
                question: 12,
                helpful: false,
                shown: None,
            }),
        ),
        ("faq:u:3", Press::Faq(FaqPress::Teach(3))),
        ("faq:ul", Press::Faq(FaqPress::Unanswered)),
        (
            "faq:a:3:leave",
            Press::Faq(FaqPress::Learn {
                question: 3,
                topic: "leave".into(),
            }),
        ),
    ]
}

/// Registration, forms, buddies, safety and /forgetme.
fn fellows_sent() -> Vec<(&'static str, Press)> {
    let trust = |code: &str| code.to_owned();
    vec![
        (
            "reg:consent:yes",
            Press::Registration(RegistrationPress::Consent(true)),
        ),
        (
            "reg:consent:no",
            Press::Registration(RegistrationPress::Consent(false)),
        ),
        (
            "reg:name:keep",
            Press::Registration(RegistrationPress::KeepName),
        ),
        (
            "reg:trust:WHT",
            Press::Registration(RegistrationPress::Trust(trust("WHT"))),
        ),
        (
            "prof:start_date",
            Press::Registration(RegistrationPress::Edit(Step::StartDate)),
        ),
        ("form:a:7", Press::Form(FormPress::MyAnswer(7))),
        ("form:q:0", Press::Form(FormPress::AQuestion(0))),
        ("bud:s:4001", Press::Buddy(BuddyPress::Suggest(4001))),
        (
            "bud:a:4001:4002",
            Press::Buddy(BuddyPress::Assign {
                fellow: 4001,
                buddy: 4002,
            }),
        ),
        (
            "bud:c:1:no",
            Press::Buddy(BuddyPress::CheckIn {
                pair: 1,
                in_touch: false,
            }),
        ),
        ("safety:contact", Press::ContactMe),
        ("forget:yes", Press::Forget(true)),
        ("forget:no", Press::Forget(false)),
    ]
}

/// Sessions, EQ and the new-session form.
fn sessions_sent() -> Vec<(&'static str, Press)> {
    let trust = |code: &str| code.to_owned();
    vec![
        ("ses:g:5", Press::Session(SessionPress::Going(5))),
        ("ses:n:5", Press::Session(SessionPress::CantGo(5))),
        ("ses:h:5", Press::Session(SessionPress::Here(5))),
        ("ses:c:5", Press::Session(SessionPress::Calendar(5))),
        (
            "ses:m:5.4001",
            Press::Session(SessionPress::Mark {
                session: 5,
                fellow: 4001,
            }),
        ),
        ("eq:nofit:6", Press::EqNoneFit(6)),
        (
            "ns:type:eq-1-month",
            Press::NewSession(NewSessionPress::Type("eq-1-month".into())),
        ),
        (
            "ns:audience:everyone",
            Press::NewSession(NewSessionPress::ForEveryone),
        ),
        (
            "ns:audience:RWT",
            Press::NewSession(NewSessionPress::ForTrust(trust("RWT"))),
        ),
        (
            "ns:confirm:create",
            Press::NewSession(NewSessionPress::Create),
        ),
        (
            "ns:confirm:cancel",
            Press::NewSession(NewSessionPress::Discard),
        ),
        (
            "ns:announce:9",
            Press::NewSession(NewSessionPress::Announce(9)),
        ),
    ]
}

/// Feedback and broadcasts.
fn messages_sent() -> Vec<(&'static str, Press)> {
    let trust = |code: &str| code.to_owned();
    vec![
        ("fb:start:2", Press::Feedback(FeedbackPress::Start(2))),
        (
            "fb:r:2:5",
            Press::Feedback(FeedbackPress::Rate {
                form: 2,
                rating: Rating::new(5).unwrap(),
            }),
        ),
        ("fb:k:2", Press::Feedback(FeedbackPress::Skip(2))),
        ("fb:anon:2", Press::Feedback(FeedbackPress::Anonymous(2))),
        ("fb:name:2", Press::Feedback(FeedbackPress::Named(2))),
        ("fb:no:2", Press::Feedback(FeedbackPress::NotNow(2))),
        (
            "fb:svc:buddy",
            Press::Feedback(FeedbackPress::Service("buddy")),
        ),
        ("fb:tell:3", Press::Feedback(FeedbackPress::Tell(3))),
        (
            "bc:menu:4:cohort",
            Press::Broadcast(4, BroadcastPress::Menu(AudienceMenu::Cohort)),
        ),
        (
            "bc:aud:4:trust:WHT",
            Press::Broadcast(
                4,
                BroadcastPress::Audience(BroadcastAudience::Trust(trust("WHT"))),
            ),
        ),
        (
            "bc:aud:4:fellows",
            Press::Broadcast(4, BroadcastPress::Audience(BroadcastAudience::AllFellows)),
        ),
        (
            "bc:aud:4:cohort:2026-08",
            Press::Broadcast(
                4,
                BroadcastPress::Audience(BroadcastAudience::Cohort {
                    year: 2026,
                    month: 8,
                }),
            ),
        ),
        (
            "bc:aud:4:role:buddy",
            Press::Broadcast(
                4,
                BroadcastPress::Audience(BroadcastAudience::Role(Role::Buddy)),
            ),
        ),
        (
            "bc:aud:4:session:12",
            Press::Broadcast(4, BroadcastPress::Audience(BroadcastAudience::Session(12))),
        ),
        ("bc:pin:4:1", Press::Broadcast(4, BroadcastPress::Pin(true))),
        ("bc:now:4", Press::Broadcast(4, BroadcastPress::Now)),
        ("bc:later:4", Press::Broadcast(4, BroadcastPress::Later)),
        ("bc:x:4", Press::Broadcast(4, BroadcastPress::Cancel)),
        ("bc:stop:4", Press::Broadcast(4, BroadcastPress::Stop)),
        ("bc:again:4", Press::Broadcast(4, BroadcastPress::Again)),
        (
            "bc:csv:4",
            Press::Broadcast(4, BroadcastPress::ProblemsFile),
        ),
    ]
}
