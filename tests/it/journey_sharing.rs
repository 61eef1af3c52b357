//! A fellow's checklist seen by their buddy, over the real Telegram adapter and the fake Bot
//! API: only once the fellow lets them in /journey, never after the fellow stops sharing or the
//! pair ends, and never by anyone else; the refusal is the same for all and names nobody.

use chrono::Utc;
use fellowship_bot::store::Store;

use crate::support::fake_bot_api::Sent;
use crate::support::{
    ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, register_fellow, settings_for,
};

const AMINA: i64 = 1001;
const BUDDY: i64 = 1002;
const SOMEONE_ELSE: i64 = 1003;

const REFUSED: &str = "There is no checklist for me to show you.";
const EVISA: &str = "Set up your UKVI account and check you can see your eVisa";

/// A person writes privately; the bot's next message.
async fn say(api: &FakeBotApi, user: &TestUser, text: &str) -> Sent {
    let before = api.sent().len();
    api.user_writes(&user.private_chat(), user, text);
    api.wait_for_sent(before + 1).await[before].clone()
}

/// A person presses a button on `message_id`; the message as edited, and the notice shown.
async fn press(api: &FakeBotApi, user: &TestUser, message_id: i64, data: &str) -> (String, String) {
    let edits = api.successes("editMessageText");
    let answers = api.successes("answerCallbackQuery");
    api.user_presses(&user.private_chat(), user, message_id, data);
    let edited = api.wait_for_calls("editMessageText", edits + 1).await;
    let edited: Vec<_> = edited.into_iter().filter(|c| c.ok).collect();
    let answered = api.wait_for_calls("answerCallbackQuery", answers + 1).await;
    let answered: Vec<_> = answered.into_iter().filter(|c| c.ok).collect();
    let text = |c: &crate::support::fake_bot_api::Call| {
        c.body["text"].as_str().unwrap_or_default().to_owned()
    };
    (text(&edited[edits]), text(&answered[answers]))
}

fn labels(sent: &Sent) -> Vec<String> {
    sent.buttons
        .iter()
        .flatten()
        .map(|(label, _)| label.clone())
        .collect()
}

fn refused(sent: &Sent) -> bool {
    sent.text.contains(REFUSED) && !sent.text.contains("Dr Fellow") && sent.buttons.is_empty()
}

#[tokio::test]
async fn a_buddy_sees_the_checklist_only_while_the_fellow_shares_it_and_nobody_else_ever_does() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    for id in [AMINA, BUDDY, SOMEONE_ELSE] {
        register_fellow(&store, id, "RWT").await;
    }
    store
        .assign_buddy(AMINA, BUDDY, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let amina = TestUser::new(AMINA, "Amina");
    let buddy = TestUser::new(BUDDY, "Ravi");
    let someone_else = TestUser::new(SOMEONE_ELSE, "Kofi");

    // Not shared by default: the buddy is refused, as anyone is.
    assert!(refused(&say(&api, &buddy, "/journey buddy").await));
    let journey = say(&api, &amina, "/journey").await;
    assert!(
        labels(&journey).contains(&"👀 Let my buddy see this".to_owned())
            && labels(&journey).contains(&"🌙 I'm on nights".to_owned()),
        "{:?}",
        journey.buttons
    );
    press(&api, &amina, journey.message_id, "jr:d:evisa").await;

    // Shared: the buddy reads it, without a single button; someone else still reads nothing.
    let (shared, notice) = press(&api, &amina, journey.message_id, "jr:share").await;
    assert!(notice.contains("Shared"), "{notice}");
    assert!(
        shared.contains("Your buddy Dr Fellow 1002 can see this list"),
        "{shared}"
    );
    let seen = say(&api, &buddy, "/journey buddy").await;
    assert!(
        seen.text.contains("Dr Fellow 1001's arrival checklist")
            && seen.text.contains(&format!("✓ {EVISA}"))
            && seen.text.contains("read-only"),
        "{}",
        seen.text
    );
    assert!(seen.buttons.is_empty(), "read-only: {:?}", seen.buttons);
    assert!(refused(&say(&api, &someone_else, "/journey buddy").await));
    let my_data = say(&api, &amina, "/mydata").await;
    assert!(
        my_data
            .text
            .contains("Your buddy may see your arrival checklist"),
        "{}",
        my_data.text
    );

    // Stopped: refused again, in the same words.
    let (stopped, notice) = press(&api, &amina, journey.message_id, "jr:unshare").await;
    assert!(notice.contains("Stopped"), "{notice}");
    assert!(!stopped.contains("can see this list"), "{stopped}");
    assert!(refused(&say(&api, &buddy, "/journey buddy").await));

    // Shared again, then the pair ends: neither the old buddy nor the new one sees it.
    press(&api, &amina, journey.message_id, "jr:share").await;
    assert!(!refused(&say(&api, &buddy, "/journey buddy").await));
    store
        .assign_buddy(AMINA, SOMEONE_ELSE, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    assert!(refused(&say(&api, &buddy, "/journey buddy").await));
    assert!(refused(&say(&api, &someone_else, "/journey buddy").await));
    let journey = say(&api, &amina, "/journey").await;
    assert!(
        labels(&journey).contains(&"👀 Let my buddy see this".to_owned())
            && !journey.text.contains("can see this list"),
        "the new pair starts unshared: {}",
        journey.text
    );
    bot.stop().await;
}
