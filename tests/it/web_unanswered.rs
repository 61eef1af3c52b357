//! The unanswered queue in the console: every lead sees the questions the bot could not answer
//! (worded alike together), and teaching one from the browser teaches the bot as /unanswered's
//! buttons do: the next fellow who asks gets that article.

use chrono::Utc;
use fellowship_bot::chat::ChatRef;
use fellowship_bot::store::{QuestionOutcome, RecordedQuestion};
use reqwest::StatusCode;

use crate::support::web::TestConsole;
use crate::web_console::{assert_not_allowed, html_of, writes};
use crate::web_people::{LEADS, console_with_buddies};

const MOSQUE_QUESTIONS: [&str; 3] = [
    "Is there a mosque near the hospital?",
    "where is the nearest mosque",
    "Mosques near New Cross?",
];

async fn ask_unanswerable(console: &TestConsole) {
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
        console
            .store()
            .record_question(question, Utc::now())
            .await
            .unwrap();
    }
}

/// The path of the first "Teach" link on the queue.
fn first_teach_link(body: &str) -> String {
    let at = body.find("href=\"/unanswered/").expect("a teach link") + 6;
    body[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn every_lead_sees_the_queue_with_questions_worded_alike_together() {
    let console = console_with_buddies().await;
    ask_unanswerable(&console).await;
    for (id, _) in LEADS {
        let cookie = console.sign_in(id).await;
        let queue = console.get("/unanswered", Some(&cookie)).await;
        assert_eq!(queue.status, StatusCode::OK);
        assert_eq!(queue.body.matches("aria-label=\"Teach the bot").count(), 2);
        assert!(queue.body.contains("and 2 like it"), "{}", queue.body);
        assert!(queue.body.contains("cat to the accommodation"));
        let form = console
            .get(&first_teach_link(&queue.body), Some(&cookie))
            .await;
        assert!(form.body.contains("value=\"wellbeing\""), "{}", form.body);
        assert!(form.body.len() < 100_000);
    }
    assert_not_allowed(&console.get("/unanswered", None).await, "no session");
    assert_not_allowed(&console.get("/unanswered/1", None).await, "no session");
}

const SCRUBS_QUESTIONS: [&str; 2] = [
    "Where can I get my scrubs washed?",
    "where do I get my scrubs washed",
];

#[tokio::test]
async fn teaching_a_question_in_the_browser_answers_the_next_fellow_who_asks() {
    let console = console_with_buddies().await;
    let fellow = 7101;
    let ask = |question: &'static str| {
        let console = &console;
        async move {
            let replies = console
                .assistant
                .handle(writes(fellow, ChatRef::private(fellow), question))
                .await;
            html_of(&replies[0])
        }
    };
    for question in SCRUBS_QUESTIONS
        .into_iter()
        .chain(["Is there a locker for my bag?"])
    {
        assert!(ask(question).await.contains("don't know that one yet"));
    }
    let cookie = console.sign_in(LEADS[2].0).await;
    let queue = console.get("/unanswered", Some(&cookie)).await;
    assert!(queue.body.contains("and 1 like it"), "{}", queue.body);
    let teach = first_teach_link(&queue.body);
    let token = queue.form_token();

    let forged = [
        ("form_token", "0".repeat(64)),
        ("topic", "what-to-bring".into()),
    ];
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_not_allowed(
        &console.post(&teach, Some(&cookie), &forged).await,
        "forged",
    );
    let gone = console
        .post(
            &teach,
            Some(&cookie),
            &[("form_token", &token), ("topic", "no-such")],
        )
        .await;
    assert_eq!(gone.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(console.store().learned_aliases().await.unwrap().is_empty());

    let form = [("form_token", token.as_str()), ("topic", "what-to-bring")];
    let taught = console.post(&teach, Some(&cookie), &form).await;
    assert_eq!(taught.status, StatusCode::SEE_OTHER);
    let after = console
        .get(taught.headers["location"].to_str().unwrap(), Some(&cookie))
        .await;
    assert!(after.body.contains("Learned."), "{}", after.body);
    assert!(!after.body.contains("scrubs"), "{}", after.body);
    assert!(after.body.contains("locker for my bag"));

    for question in SCRUBS_QUESTIONS {
        let answer = ask(question).await;
        assert!(answer.contains("What to bring"), "{question}: {answer}");
    }
    assert_eq!(
        console
            .get("/unanswered/999999", Some(&cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
