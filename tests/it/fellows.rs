//! Fellows and leads over Telegram: registration (good and bad answers, a restart half-way, a
//! button pressed twice), what each role may do, granting roles, contacts, a fellow's own data,
//! and the programme figures.

use crate::support::{ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, settings_for};
use chrono::{NaiveDate, Utc};
use fellowship_bot::chat::{KnownCommand, Permission};
use fellowship_bot::fellows::{Fellow, Role};
use fellowship_bot::store::Store;

fn amina() -> TestUser {
    TestUser::new(1001, "Amina").with_username("amina_y")
}

fn fellow(user_id: i64, name: &str, trust: &str, start: (i32, u32, u32)) -> Fellow {
    Fellow {
        user_id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
        specialty: "Acute medicine".into(),
        left_on: None,
    }
}

#[tokio::test]
async fn registration_re_asks_bad_answers_survives_a_restart_and_shows_my_trust() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let chat = amina().private_chat();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    api.user_writes(&chat, &amina(), "/start");
    let consent = api.wait_for_sent(1).await.pop().unwrap();
    assert!(consent.text.contains("Is that OK?") && consent.text.contains("/forgetme"));
    api.user_presses(&chat, &amina(), consent.message_id, "reg:consent:yes");
    api.wait_for_sent(2).await;
    api.user_writes(&chat, &amina(), "<b>Amina</b>");
    api.user_writes(&chat, &amina(), &"A".repeat(10_000));
    api.user_sends_sticker(&chat, &amina());
    let sent = api.wait_for_sent(5).await;
    assert!(
        sent[2].text.contains("without symbols like &lt; or &gt;"),
        "{}",
        sent[2].text
    );
    assert!(sent[3].text.contains("too long"));
    assert!(sent[4].text.contains("type your answer as a message"));

    api.user_presses(&chat, &amina(), sent[4].message_id, "reg:name:keep");
    let trust_question = api.wait_for_sent(6).await.pop().unwrap();
    assert!(trust_question.text.contains("Which trust"));
    // The consent button pressed again, late: nothing changes.
    api.user_presses(&chat, &amina(), consent.message_id, "reg:consent:yes");
    api.user_presses(&chat, &amina(), trust_question.message_id, "reg:trust:WHT");
    let sent = api.wait_for_sent(7).await;
    assert!(sent[6].text.contains("When do you start"));
    let answers = api.wait_for_calls("answerCallbackQuery", 3).await;
    assert!(
        answers
            .iter()
            .any(|a| a.body["text"].as_str() == Some("That step is done already."))
    );

    api.wait_until_all_confirmed().await;
    bot.stop().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    api.user_writes(&chat, &amina(), "31/02/2027");
    api.user_writes(&chat, &amina(), "14/01/2027");
    api.user_writes(&chat, &amina(), "Acute medicine");
    let sent = api.wait_for_sent(10).await;
    assert!(sent[7].text.contains("couldn't read that date"));
    assert!(sent[8].text.contains("specialty"));
    assert!(
        sent[9].text.contains("You're registered, Amina") && sent[9].text.contains("WHT"),
        "{}",
        sent[9].text
    );

    api.user_writes(&chat, &amina(), "/transport");
    let short = api.wait_for_sent(11).await.pop().unwrap();
    let more = short.buttons[0][0].1.clone();
    api.user_presses(&chat, &amina(), short.message_id, &more);
    let full = api.wait_for_calls("editMessageText", 1).await;
    let article = full[0].body["text"].as_str().unwrap();
    assert!(
        article.contains("At WHT") && !article.contains("At RWT"),
        "only my trust's section"
    );
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let saved = store.fellow(amina().id).await.unwrap().expect("registered");
    assert_eq!(
        (saved.name.as_str(), saved.trust.as_str()),
        ("Amina", "WHT")
    );
    assert_eq!(
        saved.start_date,
        NaiveDate::from_ymd_opt(2027, 1, 14).unwrap()
    );
}

#[tokio::test]
async fn not_now_keeps_nothing_and_cancel_leaves_the_form() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let chat = amina().private_chat();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    api.user_writes(&chat, &amina(), "/start");
    let consent = api.wait_for_sent(1).await.pop().unwrap();
    api.user_presses(&chat, &amina(), consent.message_id, "reg:consent:no");
    api.user_writes(&chat, &amina(), "/start");
    let again = api.wait_for_sent(3).await.pop().unwrap();
    api.user_presses(&chat, &amina(), again.message_id, "reg:consent:yes");
    api.wait_for_sent(4).await;
    api.user_writes(&chat, &amina(), "/cancel");
    api.user_writes(&chat, &amina(), "how do I get a blue light card");
    let sent = api.wait_for_sent(6).await;
    bot.stop().await;

    assert!(sent[1].text.contains("haven't kept anything"));
    assert!(sent[4].text.contains("Stopped"));
    assert!(
        sent[5].text.contains("Blue Light Card"),
        "after /cancel, text is a question again"
    );
    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(store.fellow(amina().id).await.unwrap(), None);
}

#[tokio::test]
async fn every_restricted_command_is_checked_against_every_role() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    // (person, roles they hold, may use lead commands, may use admin commands)
    let personas: Vec<(TestUser, Vec<Role>, bool, bool)> = vec![
        (TestUser::new(2001, "Fellow"), vec![], false, false),
        (
            TestUser::new(2002, "Buddy"),
            vec![Role::Buddy],
            false,
            false,
        ),
        (
            TestUser::new(2003, "Early"),
            vec![Role::EarlySupportLead],
            true,
            false,
        ),
        (
            TestUser::new(2004, "Pastoral"),
            vec![Role::PastoralLead],
            true,
            false,
        ),
        (
            TestUser::new(2005, "Chief"),
            vec![Role::ChiefFellow],
            true,
            false,
        ),
        (TestUser::new(2006, "Admin"), vec![Role::Admin], true, true),
        (
            TestUser::new(ADMIN_ID, "Configured admin"),
            vec![],
            true,
            true,
        ),
    ];
    for (user, roles, _, _) in &personas {
        for role in roles {
            store
                .grant_role(user.id, *role, ADMIN_ID, Utc::now())
                .await
                .unwrap();
        }
    }
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    for (user, _, _, _) in &personas {
        for command in KnownCommand::restricted() {
            api.user_writes(&user.private_chat(), user, &format!("/{}", command.name()));
        }
    }
    // One a second per private chat, and there are more commands than the default wait's
    // 20 seconds.
    let restricted: Vec<KnownCommand> = KnownCommand::restricted().collect();
    let expected = personas.len() * restricted.len();
    let arrived = api
        .wait_until(std::time::Duration::from_secs(90), |calls| {
            calls
                .iter()
                .filter(|c| c.ok && c.method.eq_ignore_ascii_case("sendMessage"))
                .count()
                >= expected
        })
        .await;
    assert!(arrived, "one answer to each of {expected} commands");
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let sent = api.sent();
    for (user, _, lead, admin) in &personas {
        let replies: Vec<&String> = sent
            .iter()
            .filter(|m| m.chat_id == user.id)
            .map(|m| &m.text)
            .collect();
        assert_eq!(
            replies.len(),
            restricted.len(),
            "{}: one answer per command",
            user.first_name
        );
        for (command, reply) in restricted.iter().zip(replies) {
            let allowed = match command.who() {
                Permission::Admin => *admin,
                Permission::Lead => *lead,
                Permission::Everyone => true,
            };
            let refused = reply.starts_with("Sorry, only");
            assert_eq!(
                !refused,
                allowed,
                "{} /{}: {reply}",
                user.first_name,
                command.name()
            );
        }
    }
}

#[tokio::test]
async fn an_admin_grants_a_role_and_fellows_see_the_lead_under_contacts() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    store
        .save_fellow(
            &fellow(amina().id, "Dr Amina Yusuf", "RWT", (2025, 9, 1)),
            Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let admin = TestUser::new(ADMIN_ID, "Admin");
    let ben = TestUser::new(1002, "Ben");

    api.user_writes(&amina().private_chat(), &amina(), "/help");
    api.wait_for_sent(1).await;
    api.user_writes(
        &admin.private_chat(),
        &admin,
        "/grant @Amina_Y pastoral lead",
    );
    let sent = api.wait_for_sent(3).await;
    let to_admin = sent.iter().find(|m| m.chat_id == ADMIN_ID).unwrap();
    let to_amina = sent.iter().rev().find(|m| m.chat_id == amina().id).unwrap();
    assert!(
        to_admin
            .text
            .contains("Dr Amina Yusuf is now: Pastoral lead"),
        "{}",
        to_admin.text
    );
    assert!(to_amina.text.contains("You are now a <b>Pastoral lead</b>"));

    api.user_writes(&ben.private_chat(), &ben, "/contacts");
    api.wait_until(std::time::Duration::from_secs(20), |calls| {
        calls.iter().any(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("People to contact"))
        })
    })
    .await;
    let contacts = api
        .sent()
        .into_iter()
        .find(|m| m.text.contains("People to contact"))
        .unwrap();
    assert_eq!(contacts.chat_id, ben.id);
    assert!(
        contacts.text.contains("Pastoral lead") && contacts.text.contains("@amina_y"),
        "{}",
        contacts.text
    );
    let count = api.sent().len();

    api.user_writes(&admin.private_chat(), &admin, "/audit");
    let audit = api.wait_for_sent(count + 1).await.pop().unwrap();
    assert!(
        audit.text.contains("grant") && audit.text.contains("pastoral-lead"),
        "{}",
        audit.text
    );

    api.user_writes(&admin.private_chat(), &admin, "/grant @nobody_here buddy");
    let unknown = api.wait_for_sent(count + 2).await.pop().unwrap();
    assert!(unknown.text.contains("don't know @nobody_here yet"));
    bot.stop().await;
}

#[tokio::test]
async fn a_fellow_sees_all_their_data_and_can_delete_it() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    store
        .save_fellow(
            &fellow(amina().id, "Dr Amina Yusuf", "BCHFT", (2026, 10, 1)),
            Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "where do I park my car");
    api.user_writes(&chat, &amina(), "/mydata");
    let sent = api.wait_for_sent(2).await;
    let documents = api.wait_for_calls("sendDocument", 1).await;
    assert!(sent[1].text.contains("Dr Amina Yusuf") && sent[1].text.contains("BCHFT"));
    let file = documents[0].body.as_str().unwrap_or_default();
    assert!(
        file.contains("my-data.json")
            && file.contains("where do I park my car")
            && file.contains("\"trust\": \"BCHFT\"")
    );

    api.user_writes(&chat, &amina(), "/forgetme");
    let confirm = api.wait_for_sent(3).await.pop().unwrap();
    api.user_presses(&chat, &amina(), confirm.message_id, "forget:yes");
    let done = api
        .wait_for_calls("editMessageText", 1)
        .await
        .pop()
        .unwrap();
    assert!(
        done.body["text"]
            .as_str()
            .unwrap()
            .contains("deleted everything")
    );
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(store.fellow(amina().id).await.unwrap(), None);
    assert!(
        store
            .questions_asked_by(amina().id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn stats_count_fellows_in_post_buddies_and_early_support_leads_per_trust() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let now = Utc::now();
    store
        .save_fellow(&fellow(3001, "A", "RWT", (2025, 6, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3002, "B", "RWT", (2025, 8, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3003, "C", "WHT", (2025, 9, 1)), now)
        .await
        .unwrap();
    store
        .save_fellow(&fellow(3004, "D", "BCHFT", (2026, 9, 1)), now)
        .await
        .unwrap();
    store
        .grant_role(3002, Role::Buddy, ADMIN_ID, now)
        .await
        .unwrap();
    store
        .grant_role(3003, Role::EarlySupportLead, ADMIN_ID, now)
        .await
        .unwrap();
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let admin = TestUser::new(ADMIN_ID, "Admin");

    api.user_writes(
        &admin.private_chat(),
        &admin,
        "/stats 2025-05-01 2026-04-30",
    );
    let stats = api.wait_for_sent(1).await.pop().unwrap();
    bot.stop().await;

    let row = |label: &str| -> Vec<String> {
        let line = stats
            .text
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} row: {}", stats.text));
        line[label.len()..]
            .trim_end_matches("</pre>")
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row("Fellows in post"),
        vec!["2", "1", "0"],
        "D started after the period"
    );
    assert_eq!(row("Buddies"), vec!["1", "0", "0"]);
    assert_eq!(row("Early support leads"), vec!["0", "1", "0"]);
}
