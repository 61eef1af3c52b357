//! The leads' /unanswered on the core: near-duplicate questions are one line, and teaching that
//! line teaches every wording in it.

use chrono::Utc;
use fellowship_bot::store::{QuestionOutcome, RecordedQuestion};

use crate::support::{ADMIN_ID, Replies, TestUser, spawn_core};

const MOSQUE_QUESTIONS: [&str; 3] = [
    "Is there a mosque near the hospital?",
    "where is the nearest mosque",
    "Mosques near New Cross?",
];

#[tokio::test]
async fn three_mosque_questions_are_one_line_and_one_teach_answers_them_all() {
    let core = spawn_core().await;
    let store = core.store();
    let asked = MOSQUE_QUESTIONS
        .iter()
        .chain(&["Can I bring my cat to the accommodation?"]);
    for (n, question) in asked.enumerate() {
        let question = RecordedQuestion {
            asked_by: 1001 + n as i64,
            question,
            topic: None,
            score: 0.0,
            outcome: QuestionOutcome::Unanswered,
        };
        store.record_question(question, Utc::now()).await.unwrap();
    }
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();

    let list = core.user_writes(&chat, &lead, "/unanswered").await;
    let list = list.message();
    let lines: Vec<&str> = list.text().lines().skip(2).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].to_lowercase().contains("mosque")
            && lines[0].contains("and 2 like it – asked 3 times"),
        "{lines:?}"
    );
    assert!(lines[1].contains("cat"), "{lines:?}");

    let teach = list.buttons()[0][0].1.clone();
    let picker = core
        .user_presses(&chat, &lead, list.message_id, &teach)
        .await;
    let wellbeing = picker
        .edit()
        .buttons()
        .into_iter()
        .flatten()
        .map(|(_, data)| data)
        .find(|data| data.ends_with(":wellbeing"))
        .expect("a wellbeing button");
    let learned = core
        .user_presses(&chat, &lead, list.message_id, &wellbeing)
        .await;
    assert!(
        learned.edit().text().contains("(and 2 questions like it)"),
        "{}",
        learned.edit().text()
    );

    let list = core.user_writes(&chat, &lead, "/unanswered").await;
    let text = list.message().text();
    assert!(
        !text.to_lowercase().contains("mosque") && text.contains("cat"),
        "every wording of the group leaves the list: {text}"
    );
    let fellow = TestUser::new(1010, "Ben");
    for question in MOSQUE_QUESTIONS {
        let answer = core
            .user_writes(&fellow.private_chat(), &fellow, question)
            .await;
        assert!(
            answer
                .message()
                .text()
                .contains("Wellbeing, counselling and occupational health"),
            "what the lead taught answers it, scope rules or not: {question}: {}",
            answer.message().text()
        );
    }
    let crisis = core
        .user_writes(
            &fellow.private_chat(),
            &fellow,
            "I want to kill myself near the mosque",
        )
        .await;
    assert!(
        crisis.message().text().contains("116 123"),
        "a taught wording never comes before help: {}",
        crisis.message().text()
    );
}
