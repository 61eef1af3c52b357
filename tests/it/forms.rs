//! Forms never swallow a question, on the core: in registration, a profile edit, a new session
//! and feedback, a question typed at a text step is not saved as the answer. The bot asks which
//! it is (both buttons work, across a restart), or answers it and keeps the form; /continue
//! goes back; a command parks any form, the broadcast composer included.

use crate::support::{
    ADMIN_ID, Core, Delivered, Replies, TestChat, TestUser, register_fellow, spawn_core,
};
use chrono::Utc;

const ASK_WHICH: &str = "Is this your answer, or a question?";
const ALREADY_DONE: &str = "Already done ✅";
const EXPIRED: &str = "This button has expired.";

/// One person's private chat with the bot, read in order.
struct Conversation<'a> {
    core: &'a Core,
    user: TestUser,
    chat: TestChat,
    /// How many of the messages to this person the test has read.
    read: usize,
    /// What the core answered to the person's last message or press.
    last: Vec<Delivered>,
}

impl<'a> Conversation<'a> {
    fn new(core: &'a Core, user: TestUser) -> Self {
        let chat = user.private_chat();
        Self {
            core,
            user,
            chat,
            read: 0,
            last: Vec::new(),
        }
    }

    async fn writes(&mut self, text: &str) {
        self.last = self.core.user_writes(&self.chat, &self.user, text).await;
    }

    async fn presses(&mut self, message: &Delivered, data: &str) {
        self.last = self
            .core
            .user_presses(&self.chat, &self.user, message.message_id, data)
            .await;
    }

    /// Presses the button under `message` whose data starts with `prefix`.
    async fn taps(&mut self, message: &Delivered, prefix: &str) {
        self.presses(message, &message.button(prefix)).await;
    }

    fn sent(&self) -> Vec<Delivered> {
        self.core.messages_to(self.user.id)
    }

    /// The next message to this person (after those read) that contains `needle`.
    fn expect(&mut self, needle: &str) -> Delivered {
        let (sent, read) = (self.sent(), self.read);
        let Some(at) = sent[read..].iter().position(|m| m.text().contains(needle)) else {
            panic!(
                "expected a message with {needle:?} after the first {read}: {:#?}",
                &sent[read..]
            );
        };
        self.read = read + at + 1;
        sent[read + at].clone()
    }

    /// An answer containing `answer`, with `line` under it (or in a message after it).
    fn expect_answer_then(&mut self, answer: &str, line: &str) {
        let from = self.read;
        let last = self.expect(line);
        let sent = self.sent();
        assert!(
            sent[from..self.read]
                .iter()
                .any(|m| m.text().contains(answer)),
            "expected {answer:?} before {line:?}: {:#?}",
            &sent[from..self.read]
        );
        assert!(last.text().contains(line));
    }

    /// The last button press was answered with `notice`.
    fn notice(&self, notice: &str) {
        assert_eq!(
            self.last.notice(),
            Some(notice),
            "the press was answered: {:#?}",
            self.last
        );
    }

    /// Every message this person got that contains `needle`.
    fn count(&self, needle: &str) -> usize {
        self.sent()
            .iter()
            .filter(|m| m.text().contains(needle))
            .count()
    }
}

/// "Is this your answer, or a question?" with both buttons.
fn asked_which(chat: &mut Conversation<'_>) -> Delivered {
    let ask = chat.expect(ASK_WHICH);
    ask.button("form:a:");
    ask.button("form:q:");
    ask
}

/// The saved state of the form open in this person's private chat, as stored.
async fn saved_form(core: &Core, user: i64) -> String {
    let saved = core.store().load_conversation(user, user).await.unwrap();
    saved.map(|s| s.state).unwrap_or_default()
}

#[tokio::test]
async fn a_question_typed_for_a_name_or_a_specialty_is_answered_not_registered() {
    let core = spawn_core().await;
    let mut me = Conversation::new(&core, TestUser::new(1001, "Nnamdi"));

    me.writes("/start").await;
    let consent = me.expect("Is that OK?");
    me.presses(&consent, "reg:consent:yes").await;
    me.expect("What name should");

    // The trial's case: a question where the name goes.
    me.writes("how i get blue light card").await;
    let ask = asked_which(&mut me);
    me.taps(&ask, "form:q:").await;
    me.expect_answer_then(
        "Blue Light Card",
        "Your registration is saved: /continue to go on",
    );
    me.taps(&ask, "form:q:").await;
    me.notice(ALREADY_DONE);

    // Parked: typed text is a question, and a command runs with a reminder under it.
    me.writes("where do I park").await;
    me.expect("Staff parking");
    me.writes("/help").await;
    me.expect("/continue to go back to your registration");
    me.writes("/continue").await;
    let name = me.expect("What name should");
    assert!(name.text().contains("carry on"), "{}", name.text());
    me.writes("Nnamdi Okonkwo-Eze").await;
    let trust = me.expect("Which trust");
    me.presses(&trust, "reg:trust:WHT").await;
    me.expect("When do you start");
    me.writes("14/01/2027").await;
    me.expect("specialty");

    // A question where the specialty goes, held across a restart, then answered.
    me.writes("what is the parking price?").await;
    let ask = asked_which(&mut me);
    core.restart().await;
    assert!(
        saved_form(&core, 1001).await.contains("parking price"),
        "held in the form's saved state"
    );
    me.taps(&ask, "form:q:").await;
    me.expect_answer_then("Staff parking", "Your registration is saved");
    assert!(
        !saved_form(&core, 1001).await.contains("parking price"),
        "dropped once they said"
    );
    me.writes("/continue").await;
    me.expect("specialty");

    // The triage reads "palliative" as clinical; one tap says it is the answer.
    me.writes("Palliative medicine").await;
    let ask = asked_which(&mut me);
    me.taps(&ask, "form:a:").await;
    let done = me.expect("You're registered");
    assert!(
        done.text().contains("Nnamdi Okonkwo-Eze"),
        "{}",
        done.text()
    );
    me.taps(&ask, "form:q:").await;
    me.notice(ALREADY_DONE);

    let store = core.store();
    let fellow = store.fellow(1001).await.unwrap().expect("registered");
    assert_eq!(
        (fellow.name.as_str(), fellow.specialty.as_str()),
        ("Nnamdi Okonkwo-Eze", "Palliative medicine")
    );
    assert_eq!(store.load_conversation(1001, 1001).await.unwrap(), None);
}

#[tokio::test]
async fn a_clinical_question_in_a_form_gets_the_clinical_reply_and_keeps_the_form() {
    let core = spawn_core().await;
    let mut me = Conversation::new(&core, TestUser::new(1002, "Ayesha"));

    me.writes("/start").await;
    let consent = me.expect("Is that OK?");
    me.presses(&consent, "reg:consent:yes").await;
    me.expect("What name should");
    me.writes("can I give my patient 2mg morphine?").await;
    let reply = me.expect("I can't advise on patient care");
    assert!(
        reply
            .text()
            .contains("Your registration is saved: /continue to go on"),
        "{}",
        reply.text()
    );
    assert_eq!(me.count(ASK_WHICH), 0, "no buttons: it is not kept to ask");
    assert!(!saved_form(&core, 1002).await.contains("morphine"));

    me.writes("/continue").await;
    me.expect("What name should");
    me.writes("Dr. Ayesha Siddiqui").await;
    me.expect("Which trust");

    let store = core.store();
    let asked = store.questions_asked_by(1002).await.unwrap();
    assert!(
        !format!("{asked:?}").contains("morphine"),
        "the clinical question is not kept: {asked:?}"
    );
    assert!(
        saved_form(&core, 1002)
            .await
            .contains("Dr. Ayesha Siddiqui")
    );
}

#[tokio::test]
async fn a_question_typed_while_editing_the_profile_is_not_saved_as_the_new_answer() {
    let core = spawn_core().await;
    let store = core.store();
    register_fellow(&store, 1003, "RWT").await;
    let mut me = Conversation::new(&core, TestUser::new(1003, "Siti"));

    me.writes("/profile").await;
    let profile = me.expect("Your profile");
    me.presses(&profile, "prof:name").await;
    me.expect("What name should");
    me.writes("how i get blue light card").await;
    let first = asked_which(&mut me);
    // Typed again instead of tapping: the newer text is the one held.
    me.writes("where do I park").await;
    let second = asked_which(&mut me);
    me.taps(&first, "form:q:").await;
    me.notice(EXPIRED);
    me.taps(&second, "form:q:").await;
    me.expect_answer_then(
        "Staff parking",
        "Your profile edit is kept: /continue to go on",
    );
    me.writes("/continue").await;
    me.expect("What name should");
    me.writes("Siti Nur Aisyah binti Ahmad").await;
    let saved = me.expect("Your profile now reads");
    assert!(saved.text().contains("Siti Nur Aisyah binti Ahmad"));
    me.taps(&second, "form:a:").await;
    me.notice(ALREADY_DONE);

    // The other way: it was the answer after all.
    me.presses(&profile, "prof:specialty").await;
    me.expect("specialty");
    me.writes("Endoscopy").await;
    let ask = asked_which(&mut me);
    me.taps(&ask, "form:a:").await;
    let saved = me.expect("Your profile now reads");
    assert!(saved.text().contains("Endoscopy"), "{}", saved.text());
    me.presses(&ask, "form:a:not-a-number").await;
    me.notice(EXPIRED);

    let store = core.store();
    let fellow = store.fellow(1003).await.unwrap().expect("registered");
    assert_eq!(
        (fellow.name.as_str(), fellow.specialty.as_str()),
        ("Siti Nur Aisyah binti Ahmad", "Endoscopy")
    );
}

#[tokio::test]
async fn a_question_typed_for_a_session_title_or_place_is_not_saved_in_the_session() {
    let core = spawn_core().await;
    let mut lead = Conversation::new(&core, TestUser::new(ADMIN_ID, "Lead"));

    lead.writes("/newsession").await;
    let types = lead.expect("What kind of session");
    lead.presses(&types, "ns:type:sim").await;
    lead.expect("Its title?");
    lead.writes("what is the parking price?").await;
    let ask = asked_which(&mut lead);
    lead.taps(&ask, "form:q:").await;
    lead.expect_answer_then(
        "Staff parking",
        "Your new session is saved: /continue to go on",
    );
    lead.writes("/continue").await;
    lead.expect("Its title?");
    // A title may be a question; one tap keeps it.
    lead.writes("Where next after the fellowship?").await;
    let ask = asked_which(&mut lead);
    lead.taps(&ask, "form:a:").await;
    lead.expect("When does it start?");
    // Where a time is expected, a question cannot be the answer: it is answered straight away.
    lead.writes("how i get blue light card").await;
    lead.expect_answer_then("Blue Light Card", "Your new session is saved");
    lead.writes("/continue").await;
    lead.expect("When does it start?");
    lead.writes("next Tuesday 2pm").await;
    lead.expect("When does it end?");
    lead.writes("90m").await;
    lead.expect("Where?");
    lead.writes("where do I park at New Cross").await;
    let ask = asked_which(&mut lead);
    lead.taps(&ask, "form:q:").await;
    lead.expect("Staff parking");
    lead.writes("/continue").await;
    lead.expect("Where?");
    lead.writes("SIM suite, New Cross").await;
    let audience = lead.expect("Who is it for?");
    lead.presses(&audience, "ns:audience:RWT").await;
    lead.expect("How many places?");
    lead.writes("12").await;
    let confirm = lead.expect("Create it?");
    lead.presses(&confirm, "ns:confirm:create").await;
    lead.expect("Created session #1");

    let store = core.store();
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
    let core = spawn_core().await;
    let store = core.store();
    register_fellow(&store, 1004, "RWT").await;
    let mut me = Conversation::new(&core, TestUser::new(1004, "Fellow"));

    me.writes("/feedback").await;
    let menu = me.expect("tell us about");
    me.presses(&menu, "fb:svc:buddy").await;
    let prompt = me.expect("the buddy scheme");
    let rating = prompt.button("fb:r:");
    let form_id: i64 = rating.split(':').nth(2).unwrap().parse().unwrap();
    me.presses(&prompt, &rating).await;
    me.expect("Situation");
    me.writes("how i get blue light card").await;
    let ask = asked_which(&mut me);
    me.taps(&ask, "form:q:").await;
    me.expect_answer_then(
        "Blue Light Card",
        "Your feedback is saved: /continue to go on",
    );
    me.writes("/continue").await;
    me.expect("Situation");
    // A statement naming a topic is feedback, not a question.
    me.writes("My buddy met me on day one").await;
    me.expect("What worked");
    me.writes("when is the next SIM session?").await;
    let ask = asked_which(&mut me);
    me.taps(&ask, "form:a:").await;
    let impact = me.expect("Impact");
    // Skipped instead of saying which: the held text is not given to the next question.
    me.writes("where do I park").await;
    let ask = asked_which(&mut me);
    me.taps(&impact, "fb:k:").await;
    me.expect("suggestion");
    me.taps(&ask, "form:a:").await;
    me.notice(EXPIRED);

    let store = core.store();
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
    let core = spawn_core().await;
    let mut lead = Conversation::new(&core, TestUser::new(ADMIN_ID, "Lead"));

    lead.writes("/broadcast").await;
    lead.expect("Send me the announcement");
    lead.writes("/help").await;
    lead.expect("/continue to go back to your broadcast");
    lead.writes("where do I park").await;
    lead.expect("Staff parking");
    assert_eq!(lead.count("Preview"), 0, "a question is not announced");
    lead.writes("/continue").await;
    lead.expect("Send me the announcement");
    lead.writes("Teaching moves to room 3").await;
    lead.expect("Preview");
}
