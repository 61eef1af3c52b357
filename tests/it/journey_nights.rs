//! The "🌙 I'm on nights" button over the real Telegram adapter and the fake Bot API: it asks
//! for the dates as /nights reads them, in a form kept in the database across a restart; a
//! crisis typed into it gets help first and is not taken for dates.

use chrono::{Duration, Utc};
use chrono_tz::Europe::London;
use fellowship_bot::store::Store;

use crate::support::fake_bot_api::Sent;
use crate::support::{FakeBotApi, TestBot, TestDb, TestUser, register_fellow, settings_for};

const AMINA: i64 = 1001;
const CRISIS: &str = "honestly i dont want to live anymore, i have been thinking about ending it";

async fn say(api: &FakeBotApi, user: &TestUser, text: &str) -> Sent {
    let before = api.sent().len();
    api.user_writes(&user.private_chat(), user, text);
    api.wait_for_sent(before + 1).await[before].clone()
}

#[tokio::test]
async fn the_nights_button_asks_for_the_dates_keeps_the_question_over_a_restart_and_puts_help_first()
 {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, AMINA, "RWT").await;
    let settings = settings_for(&api, &db.url);
    let bot = TestBot::start(settings.clone()).await;
    let amina = TestUser::new(AMINA, "Amina");
    let chat = amina.private_chat();

    let journey = say(&api, &amina, "/journey").await;
    let before = api.sent().len();
    api.user_presses(&chat, &amina, journey.message_id, "jr:nights");
    let asked = api.wait_for_sent(before + 1).await[before].clone();
    assert!(
        asked.text.contains("Which days are you on nights?"),
        "{}",
        asked.text
    );
    let saved = store.load_conversation(AMINA, AMINA).await.unwrap();
    assert_eq!(saved.map(|s| s.form).as_deref(), Some("nights"));

    // The question survives a restart.
    bot.stop().await;
    let bot = TestBot::start(settings).await;

    // Help before anything else, and the form is still waiting afterwards.
    let help = say(&api, &amina, CRISIS).await;
    assert!(help.text.contains("116 123"), "{}", help.text);
    assert!(
        store
            .night_shifts_of(AMINA, chrono::NaiveDate::MIN)
            .await
            .unwrap()
            .is_empty()
    );
    let unreadable = say(&api, &amina, "soon").await;
    assert!(
        unreadable
            .text
            .contains("I couldn't read \"soon\" as a date")
            && unreadable.text.contains("/cancel"),
        "{}",
        unreadable.text
    );

    let today = Utc::now().with_timezone(&London).date_naive();
    let (first, last) = (today + Duration::days(2), today + Duration::days(3));
    let dates = format!("{} {}", first.format("%d/%m/%Y"), last.format("%d/%m/%Y"));
    let noted = say(&api, &amina, &dates).await;
    assert!(noted.text.contains("Noted: nights on"), "{}", noted.text);
    assert_eq!(
        store.night_shifts_of(AMINA, today).await.unwrap(),
        [first, last]
    );
    assert!(
        store
            .load_conversation(AMINA, AMINA)
            .await
            .unwrap()
            .is_none(),
        "the form is closed"
    );
    bot.stop().await;
}
