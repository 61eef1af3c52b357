//! The knowledge base as fellows and leads meet it over Telegram: article commands, the menu,
//! free-text questions in private and in groups, "did you mean", the honest fallback, 👍/👎,
//! teaching the bot from /unanswered, safety answers, and reloading content with a broken file.

use std::path::Path;

use crate::support::{
    ADMIN_ID, BOT_USERNAME, FakeBotApi, TestBot, TestChat, TestDb, TestUser, settings_for,
};
use serde_json::Value;

fn amina() -> TestUser {
    TestUser::new(1001, "Amina")
}

fn lead() -> TestUser {
    TestUser::new(ADMIN_ID, "Lead")
}

fn buttons_of(body: &Value) -> Vec<String> {
    body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| {
            b["callback_data"]
                .as_str()
                .or(b["url"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

async fn running_bot() -> (FakeBotApi, TestDb, TestBot) {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    (api, db, bot)
}

#[tokio::test]
async fn an_article_command_answers_in_private_and_points_to_private_chat_from_a_group() {
    let (api, _db, bot) = running_bot().await;
    let group = TestChat::group(-100_500, "Fellows");

    api.user_writes(&amina().private_chat(), &amina(), "/leave");
    let sent = api.wait_for_sent(1).await;
    assert!(sent[0].text.contains("Annual leave"), "{}", sent[0].text);
    assert!(
        buttons_of(&api.calls("sendMessage")[0].body)
            .iter()
            .any(|b| b.starts_with("faq:m:leave")),
        "the short answer offers the rest"
    );

    // Ben has never started the bot: a short answer in the group and a link into the private chat.
    let ben = TestUser::new(1002, "Ben");
    api.user_writes(&group, &ben, &format!("/bluelight@{BOT_USERNAME}"));
    let sent = api.wait_for_sent(2).await;
    assert_eq!(sent[1].chat_id, group.id);
    assert!(sent[1].text.contains("Blue Light Card"));
    let link = &sent[1].buttons[0][0].1;
    assert_eq!(
        link,
        &format!("https://t.me/{BOT_USERNAME}?start=faq-blue-light-card")
    );

    // Amina has: the whole answer privately, a pointer in the group.
    api.user_writes(&group, &amina(), "/bluelight");
    let sent = api.wait_for_sent(4).await;
    assert_eq!(sent[2].chat_id, amina().id);
    assert!(sent[2].text.contains("Blue Light Card"));
    assert_eq!(sent[3].chat_id, group.id);
    assert!(sent[3].text.contains("Amina, I've sent you the answer"));

    // The deep link opens the article in the private chat.
    api.user_writes(&ben.private_chat(), &ben, "/start faq-blue-light-card");
    let sent = api.wait_for_sent(5).await;
    assert_eq!(sent[4].chat_id, ben.id);
    assert!(sent[4].text.contains("Blue Light Card"));
    bot.stop().await;
}

#[tokio::test]
async fn the_menu_navigates_in_place_and_back() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "/faq");
    let menu = api.wait_for_sent(1).await.remove(0);
    assert_eq!(menu.buttons.len(), 3, "the three areas of support");
    let acute = &menu.buttons[1][0].1;

    api.user_presses(&chat, &amina(), menu.message_id, acute);
    let edits = api.wait_for_calls("editMessageText", 1).await;
    assert_eq!(
        edits[0].body["message_id"].as_i64(),
        Some(menu.message_id),
        "the same message is edited"
    );
    assert!(
        edits[0].body["text"]
            .as_str()
            .unwrap()
            .contains("Care of acutely ill patients")
    );
    assert!(buttons_of(&edits[0].body).contains(&"faq:t:als-impact".to_owned()));

    api.user_presses(&chat, &amina(), menu.message_id, "faq:t:als-impact");
    let edits = api.wait_for_calls("editMessageText", 2).await;
    assert!(edits[1].body["text"].as_str().unwrap().contains("ALS"));
    assert!(
        buttons_of(&edits[1].body).contains(&"faq:c:acute".to_owned()),
        "a way back"
    );

    api.user_presses(&chat, &amina(), menu.message_id, "faq");
    let edits = api.wait_for_calls("editMessageText", 3).await;
    assert!(
        edits[2].body["text"]
            .as_str()
            .unwrap()
            .contains("What would you like to know")
    );
    api.wait_for_calls("answerCallbackQuery", 3).await;
    assert_eq!(api.sent().len(), 1, "navigation sends no new messages");
    bot.stop().await;
}

#[tokio::test]
async fn a_free_text_question_is_answered_and_can_be_rated_once() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "how do i register with a GP surgery?");
    let answer = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        answer.text.contains("GP") && answer.text.ends_with("Did this help?"),
        "{}",
        answer.text
    );
    let thumbs_down = answer.buttons.last().unwrap()[1].1.clone();
    assert!(thumbs_down.contains(":0:"), "{thumbs_down}");

    api.user_presses(&chat, &amina(), answer.message_id, &thumbs_down);
    api.user_presses(&chat, &amina(), answer.message_id, &thumbs_down);
    let answers = api.wait_for_calls("answerCallbackQuery", 2).await;
    assert!(
        answers[0].body["text"]
            .as_str()
            .unwrap()
            .contains("Thanks for telling us")
    );
    let removed = api.wait_for_calls("editMessageReplyMarkup", 1).await;
    assert_eq!(
        removed[0].body["message_id"].as_i64(),
        Some(answer.message_id)
    );
    assert_eq!(
        buttons_of(&removed[0].body),
        vec!["faq:m:gp-registration:0".to_owned()],
        "the vote buttons go; Read more stays"
    );
    bot.stop().await;
}

#[tokio::test]
async fn an_answer_starts_short_and_read_more_and_less_edit_the_same_message() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "how do I book annual leave");
    let short = api.wait_for_sent(1).await.pop().unwrap();
    let visible = short.text.chars().count();
    assert!(
        visible < 800,
        "a phone-sized first answer, got {visible} characters"
    );
    let more = buttons_of(&api.calls("sendMessage")[0].body)
        .into_iter()
        .find(|b| b.starts_with("faq:m:leave:"))
        .expect("a Read more button");

    api.user_presses(&chat, &amina(), short.message_id, &more);
    let edits = api.wait_for_calls("editMessageText", 1).await;
    let full = edits[0].body["text"].as_str().unwrap();
    assert_eq!(edits[0].body["message_id"].as_i64(), Some(short.message_id));
    assert!(full.len() > short.text.len() && full.contains("<a href=\"https://"));
    let less = buttons_of(&edits[0].body)
        .into_iter()
        .find(|b| b.starts_with("faq:l:leave:"))
        .expect("a Less button");
    assert!(
        buttons_of(&edits[0].body)
            .iter()
            .any(|b| b.starts_with("faq:r:")),
        "the 👍/👎 row stays under the whole answer"
    );

    api.user_presses(&chat, &amina(), short.message_id, &less);
    let edits = api.wait_for_calls("editMessageText", 2).await;
    assert_eq!(edits[1].body["text"].as_str(), Some(short.text.as_str()));
    api.wait_for_calls("answerCallbackQuery", 2).await;
    assert_eq!(
        api.sent().len(),
        1,
        "Read more and Less send no new messages"
    );
    bot.stop().await;
}

#[tokio::test]
async fn ask_in_a_group_and_a_reply_to_the_bot_are_questions_other_chatter_is_not() {
    let (api, _db, bot) = running_bot().await;
    let group = TestChat::group(-100_600, "Fellows");

    api.user_writes(&group, &amina(), "good morning everyone");
    api.user_writes(&group, &amina(), "/ask");
    api.user_writes(&group, &amina(), "/ask where can I park at New Cross?");
    api.user_replies_to_bot(&group, &amina(), "and how much is a staff parking permit");
    let sent = api.wait_for_sent(3).await;
    api.wait_until_all_confirmed().await;

    assert_eq!(
        api.sent().len(),
        3,
        "plain chatter in the group is left alone: {sent:#?}"
    );
    assert!(sent[0].text.contains("Ask me like this"));
    assert!(
        sent[1].text.contains("parking") || sent[1].text.contains("Parking"),
        "{}",
        sent[1].text
    );
    assert!(sent.iter().all(|m| m.chat_id == group.id));
    bot.stop().await;
}

#[tokio::test]
async fn unclear_questions_get_did_you_mean_and_unknown_ones_an_honest_answer() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "card");
    api.user_writes(&chat, &amina(), "what is the capital of peru");
    let sent = api.wait_for_sent(2).await;

    assert!(sent[0].text.contains("Did you mean"));
    let choices: Vec<&str> = sent[0]
        .buttons
        .iter()
        .map(|row| row[0].1.as_str())
        .collect();
    assert!(choices.contains(&"faq:f:blue-light-card"), "{choices:?}");
    assert!(
        sent[1].text.contains("don't know that one yet")
            && sent[1].text.contains("programme leads")
    );
    assert_eq!(sent[1].buttons[0][0].1, "faq");

    api.user_presses(&chat, &amina(), sent[0].message_id, "faq:f:blue-light-card");
    let sent = api.wait_for_sent(3).await;
    assert!(sent[2].text.contains("Blue Light Card"));
    bot.stop().await;
}

#[tokio::test]
async fn emergencies_clinical_questions_and_huge_messages_get_safe_kind_answers() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(
        &chat,
        &amina(),
        "my flatmate collapsed and is not breathing",
    );
    api.user_writes(
        &chat,
        &amina(),
        "what is the dose of gentamicin for a 70kg man",
    );
    api.user_writes(&chat, &amina(), &"leave ".repeat(2000));
    let sent = api.wait_for_sent(3).await;

    assert!(sent[0].text.contains("call 999"), "{}", sent[0].text);
    assert!(sent[1].text.contains("can't advise on patient care"));
    assert!(sent[2].text.contains("long message"));
    bot.stop().await;
}

#[tokio::test]
async fn html_in_a_name_is_shown_as_text() {
    let (api, _db, bot) = running_bot().await;
    let mallory = TestUser::new(1003, "<b>Mal</b> & co");

    api.user_writes(&mallory.private_chat(), &mallory, "/start");
    let sent = api.wait_for_sent(1).await;

    assert!(
        sent[0].text.contains("&lt;b&gt;Mal&lt;/b&gt; &amp; co"),
        "{}",
        sent[0].text
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_lead_teaches_an_unanswered_question_and_the_next_fellow_gets_the_answer() {
    let (api, _db, bot) = running_bot().await;
    let question = "who do I ring about my payslip";

    api.user_writes(&amina().private_chat(), &amina(), question);
    let first = api.wait_for_sent(1).await;
    assert!(
        first[0].text.contains("don't know that one yet"),
        "{}",
        first[0].text
    );

    // Fellows cannot see the list.
    api.user_writes(&amina().private_chat(), &amina(), "/unanswered");
    let sent = api.wait_for_sent(2).await;
    assert!(sent[1].text.contains("only programme leads"));

    let chat = lead().private_chat();
    api.user_writes(&chat, &lead(), "/unanswered");
    let list = api.wait_for_sent(3).await.pop().unwrap();
    assert!(list.text.contains(question), "{}", list.text);
    let teach = list.buttons[0][0].1.clone();

    api.user_presses(&chat, &lead(), list.message_id, &teach);
    let picker = api
        .wait_for_calls("editMessageText", 1)
        .await
        .pop()
        .unwrap();
    let choice = buttons_of(&picker.body)
        .into_iter()
        .find(|b| b.ends_with(":banking"))
        .expect("a banking button");
    api.user_presses(&chat, &lead(), list.message_id, &choice);
    let learned = api
        .wait_for_calls("editMessageText", 2)
        .await
        .pop()
        .unwrap();
    assert!(learned.body["text"].as_str().unwrap().contains("Learned"));

    let ben = TestUser::new(1002, "Ben");
    api.user_writes(&ben.private_chat(), &ben, "Who do I ring about my payslip?");
    let answer = api.wait_for_sent(4).await.pop().unwrap();
    assert!(answer.text.contains("Bank account"), "{}", answer.text);

    api.user_writes(&chat, &lead(), "/unanswered");
    let list = api.wait_for_sent(5).await.pop().unwrap();
    assert!(
        !list.text.contains(question),
        "a taught question leaves the list"
    );
    bot.stop().await;
}

fn copy_content(to: &Path) {
    let from = crate::support::content_dir().join("articles");
    std::fs::create_dir_all(to.join("articles")).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join("articles").join(path.file_name().unwrap())).unwrap();
    }
}

#[tokio::test]
async fn a_broken_edit_is_refused_by_reload_and_the_old_content_stays_live() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let content = tempfile::tempdir().unwrap();
    copy_content(content.path());
    let mut settings = settings_for(&api, &db.url);
    settings.content_dir = content.path().to_path_buf();
    let bot = TestBot::start(settings).await;
    let chat = lead().private_chat();
    api.wait_for_calls("setMyCommands", 1).await;

    let parking = content.path().join("articles/parking.md");
    let text = std::fs::read_to_string(&parking).unwrap();
    std::fs::write(
        &parking,
        text.replacen(
            "category = \"acclimatisation\"",
            "category = \"parking-things\"",
            1,
        ),
    )
    .unwrap();
    api.user_writes(&chat, &lead(), "/reload");
    api.user_writes(&chat, &lead(), "/parking");
    let sent = api.wait_for_sent(2).await;
    assert!(
        sent[0].text.contains("parking.md") && sent[0].text.contains("kept the previous version"),
        "{}",
        sent[0].text
    );
    assert!(sent[1].text.contains("parking") || sent[1].text.contains("Parking"));

    std::fs::write(
        &parking,
        text.replacen("title = \"", "title = \"Car parking: ", 1),
    )
    .unwrap();
    // The session-type catalogue is content too.
    std::fs::write(
        content.path().join("session-types.toml"),
        "[[type]]\nid = \"sim\"\nname = \"SIM\"\nminutes = 60\nfeedback = true\n",
    )
    .unwrap();
    api.user_writes(&chat, &lead(), "/reload");
    api.user_writes(&chat, &lead(), "/parking");
    let sent = api.wait_for_sent(4).await;
    assert!(sent[2].text.contains("1 session types"), "{}", sent[2].text);
    assert!(
        sent[2].text.contains("Reloaded 29 articles"),
        "{}",
        sent[2].text
    );
    assert!(sent[3].text.contains("Car parking: "), "the edit is live");
    bot.stop().await;
}

#[tokio::test]
async fn a_question_no_article_covers_is_declined_with_where_to_ask_instead() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(
        &chat,
        &amina(),
        "what is the basic salary of a clinical fellow",
    );
    api.user_writes(&chat, &amina(), "good night bot");
    let sent = api.wait_for_sent(2).await;
    assert!(
        sent[0].text.starts_with("Sorry, I can't help with") && sent[0].text.contains("/contacts"),
        "{}",
        sent[0].text
    );
    assert!(!sent[1].text.contains("Sorry"), "{}", sent[1].text);
    bot.stop().await;
}
