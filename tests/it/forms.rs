//! Forms never swallow a question, over Telegram: in registration, a profile edit, a new session
//! and feedback, a question typed at a text step is not saved as the answer. The bot asks which
//! it is (both buttons work, across a restart), or answers it and keeps the form; /continue
//! goes back; a command parks any form, the broadcast composer included.

use std::time::Duration;

use crate::support::fake_bot_api::Sent;
use crate::support::{
    ADMIN_ID, FakeBotApi, TestBot, TestChat, TestDb, TestUser, register_fellow, settings_for,
};
use chrono::Utc;
use fellowship_bot::store::Store;

const ASK_WHICH: &str = "Is this your answer, or a question?";
const ALREADY_DONE: &str = "Already done ✅";
const EXPIRED: &str = "This button has expired.";

/// One person's private chat with the bot, read in order.
struct Conversation<'a> {
    api: &'a FakeBotApi,
    user: TestUser,
    chat: TestChat,
    /// How many of the messages to this person the test has read.
    read: usize,
}

impl<'a> Conversation<'a> {
    fn new(api: &'a FakeBotApi, user: TestUser) -> Self {
        let chat = user.private_chat();
        Self {
            api,
            user,
            chat,
            read: 0,
        }
    }

    fn writes(&self, text: &str) {
        self.api.user_writes(&self.chat, &self.user, text);
    }

    fn presses(&self, message: &Sent, data: &str) {
        self.api
            .user_presses(&self.chat, &self.user, message.message_id, data);
    }

    /// Presses the button under `message` whose data starts with `prefix`.
    fn taps(&self, message: &Sent, prefix: &str) {
        self.presses(message, &data_of(message, prefix));
    }

    fn sent(&self) -> Vec<Sent> {
        self.api
            .sent()
            .into_iter()
            .filter(|m| m.chat_id == self.user.id)
            .collect()
    }

    /// The next message to this person (after those read) that contains `needle`.
    async fn expect(&mut self, needle: &str) -> Sent {
        let (user, read) = (self.user.id, self.read);
        let found = |calls: &[crate::support::fake_bot_api::Call]| {
            calls
                .iter()
                .filter(|c| c.ok && c.method.eq_ignore_ascii_case("sendMessage"))
                .filter(|c| c.body["chat_id"].as_i64() == Some(user))
                .skip(read)
                .any(|c| c.body["text"].as_str().is_some_and(|t| t.contains(needle)))
        };
        let arrived = self.api.wait_until(Duration::from_secs(20), found).await;
        let sent = self.sent();
        assert!(
            arrived,
            "expected a message with {needle:?} after the first {read}: {:#?}",
            &sent[read.min(sent.len())..]
        );
        let at = read
            + sent[read..]
                .iter()
                .position(|m| m.text.contains(needle))
                .expect("found above");
        self.read = at + 1;
        sent[at].clone()
    }

    /// An answer containing `answer`, with `line` under it (or in a message after it).
    async fn expect_answer_then(&mut self, answer: &str, line: &str) {
        let from = self.read;
        let last = self.expect(line).await;
        let sent = self.sent();
        assert!(
            sent[from..self.read]
                .iter()
                .any(|m| m.text.contains(answer)),
            "expected {answer:?} before {line:?}: {:#?}",
            &sent[from..self.read]
        );
        assert!(last.text.contains(line));
    }

    /// Waits for a button press to be answered with `notice`.
    async fn notice(&self, notice: &str) {
        let answered = self
            .api
            .wait_until(Duration::from_secs(20), |calls| {
                calls.iter().any(|c| {
                    c.method.eq_ignore_ascii_case("answerCallbackQuery")
                        && c.body["text"].as_str() == Some(notice)
                })
            })
            .await;
        assert!(answered, "no button press was answered {notice:?}");
    }

    /// Every message this person got that contains `needle`.
    fn count(&self, needle: &str) -> usize {
        self.sent()
            .iter()
            .filter(|m| m.text.contains(needle))
            .count()
    }
}

fn data_of(message: &Sent, prefix: &str) -> String {
    message
        .buttons
        .iter()
        .flatten()
        .find(|(_, data)| data.starts_with(prefix))
        .map(|(_, data)| data.clone())
        .unwrap_or_else(|| panic!("no {prefix} button on {message:#?}"))
}

/// "Is this your answer, or a question?" with both buttons.
async fn asked_which(chat: &mut Conversation<'_>) -> Sent {
    let ask = chat.expect(ASK_WHICH).await;
    data_of(&ask, "form:a:");
    data_of(&ask, "form:q:");
    ask
}

/// The saved state of the form open in this person's private chat, as stored.
async fn saved_form(url: &str, user: i64) -> String {
    let store = Store::open(url).await.unwrap();
    let saved = store.load_conversation(user, user).await.unwrap();
    store.close().await;
    saved.map(|s| s.state).unwrap_or_default()
}

#[tokio::test]
async fn a_question_typed_for_a_name_or_a_specialty_is_answered_not_registered() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut me = Conversation::new(&api, TestUser::new(1001, "Nnamdi"));

    me.writes("/start");
    let consent = me.expect("Is that OK?").await;
    me.presses(&consent, "reg:consent:yes");
    me.expect("What name should").await;

    // The trial's case: a question where the name goes.
    me.writes("how i get blue light card");
    let ask = asked_which(&mut me).await;
    me.taps(&ask, "form:q:");
    me.expect_answer_then(
        "Blue Light Card",
        "Your registration is saved: /continue to go on",
    )
    .await;
    me.taps(&ask, "form:q:");
    me.notice(ALREADY_DONE).await;

    // Parked: typed text is a question, and a command runs with a reminder under it.
    me.writes("where do I park");
    me.expect("Staff parking").await;
    me.writes("/help");
    me.expect("/continue to go back to your registration").await;
    me.writes("/continue");
    let name = me.expect("What name should").await;
    assert!(name.text.contains("carry on"), "{}", name.text);
    me.writes("Nnamdi Okonkwo-Eze");
    let trust = me.expect("Which trust").await;
    me.presses(&trust, "reg:trust:WHT");
    me.expect("When do you start").await;
    me.writes("14/01/2027");
    me.expect("specialty").await;

    // A question where the specialty goes, held across a restart, then answered.
    me.writes("what is the parking price?");
    let ask = asked_which(&mut me).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;
    assert!(
        saved_form(&db.url, 1001).await.contains("parking price"),
        "held in the form's saved state"
    );
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    me.taps(&ask, "form:q:");
    me.expect_answer_then("Staff parking", "Your registration is saved")
        .await;
    api.wait_until_all_confirmed().await;
    assert!(
        !saved_form(&db.url, 1001).await.contains("parking price"),
        "dropped once they said"
    );
    me.writes("/continue");
    me.expect("specialty").await;

    // The triage reads "palliative" as clinical; one tap says it is the answer.
    me.writes("Palliative medicine");
    let ask = asked_which(&mut me).await;
    me.taps(&ask, "form:a:");
    let done = me.expect("You're registered").await;
    assert!(done.text.contains("Nnamdi Okonkwo-Eze"), "{}", done.text);
    me.taps(&ask, "form:q:");
    me.notice(ALREADY_DONE).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let fellow = store.fellow(1001).await.unwrap().expect("registered");
    assert_eq!(
        (fellow.name.as_str(), fellow.specialty.as_str()),
        ("Nnamdi Okonkwo-Eze", "Palliative medicine")
    );
    assert_eq!(store.load_conversation(1001, 1001).await.unwrap(), None);
}

#[tokio::test]
async fn a_clinical_question_in_a_form_gets_the_clinical_reply_and_keeps_the_form() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut me = Conversation::new(&api, TestUser::new(1002, "Ayesha"));

    me.writes("/start");
    let consent = me.expect("Is that OK?").await;
    me.presses(&consent, "reg:consent:yes");
    me.expect("What name should").await;
    me.writes("can I give my patient 2mg morphine?");
    let reply = me.expect("I can't advise on patient care").await;
    assert!(
        reply
            .text
            .contains("Your registration is saved: /continue to go on"),
        "{}",
        reply.text
    );
    assert_eq!(me.count(ASK_WHICH), 0, "no buttons: it is not kept to ask");
    api.wait_until_all_confirmed().await;
    assert!(!saved_form(&db.url, 1002).await.contains("morphine"));

    me.writes("/continue");
    me.expect("What name should").await;
    me.writes("Dr. Ayesha Siddiqui");
    me.expect("Which trust").await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let asked = store.questions_asked_by(1002).await.unwrap();
    assert!(
        !format!("{asked:?}").contains("morphine"),
        "the clinical question is not kept: {asked:?}"
    );
    assert!(
        saved_form(&db.url, 1002)
            .await
            .contains("Dr. Ayesha Siddiqui")
    );
}

#[tokio::test]
async fn a_question_typed_while_editing_the_profile_is_not_saved_as_the_new_answer() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, 1003, "RWT").await;
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut me = Conversation::new(&api, TestUser::new(1003, "Siti"));

    me.writes("/profile");
    let profile = me.expect("Your profile").await;
    me.presses(&profile, "prof:name");
    me.expect("What name should").await;
    me.writes("how i get blue light card");
    let first = asked_which(&mut me).await;
    // Typed again instead of tapping: the newer text is the one held.
    me.writes("where do I park");
    let second = asked_which(&mut me).await;
    me.taps(&first, "form:q:");
    me.notice(EXPIRED).await;
    me.taps(&second, "form:q:");
    me.expect_answer_then(
        "Staff parking",
        "Your profile edit is kept: /continue to go on",
    )
    .await;
    me.writes("/continue");
    me.expect("What name should").await;
    me.writes("Siti Nur Aisyah binti Ahmad");
    let saved = me.expect("Your profile now reads").await;
    assert!(saved.text.contains("Siti Nur Aisyah binti Ahmad"));
    me.taps(&second, "form:a:");
    me.notice(ALREADY_DONE).await;

    // The other way: it was the answer after all.
    me.presses(&profile, "prof:specialty");
    me.expect("specialty").await;
    me.writes("Endoscopy");
    let ask = asked_which(&mut me).await;
    me.taps(&ask, "form:a:");
    let saved = me.expect("Your profile now reads").await;
    assert!(saved.text.contains("Endoscopy"), "{}", saved.text);
    me.presses(&ask, "form:a:not-a-number");
    me.notice(EXPIRED).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let fellow = store.fellow(1003).await.unwrap().expect("registered");
    assert_eq!(
        (fellow.name.as_str(), fellow.specialty.as_str()),
        ("Siti Nur Aisyah binti Ahmad", "Endoscopy")
    );
}

#[tokio::test]
async fn a_question_typed_for_a_session_title_or_place_is_not_saved_in_the_session() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut lead = Conversation::new(&api, TestUser::new(ADMIN_ID, "Lead"));

    lead.writes("/newsession");
    let types = lead.expect("What kind of session").await;
    lead.presses(&types, "ns:type:sim");
    lead.expect("Its title?").await;
    lead.writes("what is the parking price?");
    let ask = asked_which(&mut lead).await;
    lead.taps(&ask, "form:q:");
    lead.expect_answer_then(
        "Staff parking",
        "Your new session is saved: /continue to go on",
    )
    .await;
    lead.writes("/continue");
    lead.expect("Its title?").await;
    // A title may be a question; one tap keeps it.
    lead.writes("Where next after the fellowship?");
    let ask = asked_which(&mut lead).await;
    lead.taps(&ask, "form:a:");
    lead.expect("When does it start?").await;
    // Where a time is expected, a question cannot be the answer: it is answered straight away.
    lead.writes("how i get blue light card");
    lead.expect_answer_then("Blue Light Card", "Your new session is saved")
        .await;
    lead.writes("/continue");
    lead.expect("When does it start?").await;
    lead.writes("next Tuesday 2pm");
    lead.expect("When does it end?").await;
    lead.writes("90m");
    lead.expect("Where?").await;
    lead.writes("where do I park at New Cross");
    let ask = asked_which(&mut lead).await;
    lead.taps(&ask, "form:q:");
    lead.expect("Staff parking").await;
    lead.writes("/continue");
    lead.expect("Where?").await;
    lead.writes("SIM suite, New Cross");
    let audience = lead.expect("Who is it for?").await;
    lead.presses(&audience, "ns:audience:RWT");
    lead.expect("How many places?").await;
    lead.writes("12");
    let confirm = lead.expect("Create it?").await;
    lead.presses(&confirm, "ns:confirm:create");
    lead.expect("Created session #1").await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let sessions = store
        .upcoming_sessions(Utc::now(), 10, &["RWT".to_owned()])
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0].details;
    assert_eq!(
        (session.title.as_str(), session.location.as_str()),
        ("Where next after the fellowship?", "SIM suite, New Cross")
    );
}

#[tokio::test]
async fn a_question_typed_as_a_feedback_comment_is_answered_not_kept_as_feedback() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, 1004, "RWT").await;
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut me = Conversation::new(&api, TestUser::new(1004, "Fellow"));

    me.writes("/feedback");
    let menu = me.expect("tell us about").await;
    me.presses(&menu, "fb:svc:buddy");
    let prompt = me.expect("The buddy scheme").await;
    let rating = data_of(&prompt, "fb:r:");
    let form_id: i64 = rating.split(':').nth(2).unwrap().parse().unwrap();
    me.presses(&prompt, &rating);
    me.expect("Situation").await;
    me.writes("how i get blue light card");
    let ask = asked_which(&mut me).await;
    me.taps(&ask, "form:q:");
    me.expect_answer_then(
        "Blue Light Card",
        "Your feedback is saved: /continue to go on",
    )
    .await;
    me.writes("/continue");
    me.expect("Situation").await;
    // A statement naming a topic is feedback, not a question.
    me.writes("My buddy met me on day one");
    me.expect("Behaviour").await;
    me.writes("when is the next SIM session?");
    let ask = asked_which(&mut me).await;
    me.taps(&ask, "form:a:");
    let impact = me.expect("Impact").await;
    // Skipped instead of saying which: the held text is not given to the next question.
    me.writes("where do I park");
    let ask = asked_which(&mut me).await;
    me.taps(&impact, "fb:k:");
    me.expect("suggestion").await;
    me.taps(&ask, "form:a:");
    me.notice(EXPIRED).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let form = store.feedback_form(form_id).await.unwrap().unwrap();
    let key = fellowship_bot::feedback::respondent_key(form.salt.as_deref().unwrap(), 1004);
    let answers = store
        .feedback_answers(form_id, &key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            answers.situation.as_deref(),
            answers.behaviour.as_deref(),
            answers.impact.as_deref(),
            answers.suggestion.as_deref()
        ),
        (
            Some("My buddy met me on day one"),
            Some("when is the next SIM session?"),
            None,
            None
        )
    );
}

#[tokio::test]
async fn a_command_parks_the_broadcast_composer_until_continue() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let mut lead = Conversation::new(&api, TestUser::new(ADMIN_ID, "Lead"));

    lead.writes("/broadcast");
    lead.expect("Send me the announcement").await;
    lead.writes("/help");
    lead.expect("/continue to go back to your broadcast").await;
    lead.writes("where do I park");
    lead.expect("Staff parking").await;
    assert_eq!(lead.count("Preview"), 0, "a question is not announced");
    lead.writes("/continue");
    lead.expect("Send me the announcement").await;
    lead.writes("Teaching moves to room 3");
    lead.expect("Preview").await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;
}
