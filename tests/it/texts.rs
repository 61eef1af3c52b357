//! Every fixed text the bot sends (/help for each kind of person, /privacy, each command's
//! usage and refusals, the command menus) read as Telegram reads it: HTML it accepts, and
//! sentences without stray runs of spaces.

use fellowship_bot::assistant::{KnownCommand, Listed};
use fellowship_bot::faq::KnowledgeBase;
use fellowship_bot::fellows::Role;

use crate::support::telegram_html;
use crate::support::{
    ADMIN_ID, Core, FakeBotApi, TestBot, TestChat, TestDb, TestUser, settings_for, spawn_core,
};

const LEAD_ID: i64 = 900;

/// (what was sent, the HTML) for /help, /privacy and every command, bare and with a word
/// it cannot read, as a stranger, a lead and an admin, privately and in a group.
async fn every_fixed_text(core: &Core) -> Vec<(String, String)> {
    core.store()
        .grant_role(LEAD_ID, Role::ChiefFellow, ADMIN_ID, core.now())
        .await
        .unwrap();
    let group = TestChat::group(-100_300, "Fellows 2026");
    let people = [
        TestUser::new(1001, "Amina"),
        TestUser::new(LEAD_ID, "Lead"),
        TestUser::new(ADMIN_ID, "Admin"),
    ];
    let mut texts = Vec::new();
    for person in &people {
        for chat in [person.private_chat(), group.clone()] {
            for command in KnownCommand::ALL {
                let mut typed = vec![format!("/{}", command.name())];
                // A question is not a usage line; /reload reads every article (slow, once is enough).
                if !matches!(command, KnownCommand::Ask | KnownCommand::Reload) {
                    typed.push(format!("/{} soon-ish", command.name()));
                }
                if *command == KnownCommand::Reload && (person.id != ADMIN_ID || chat.id < 0) {
                    typed.clear();
                }
                for typed in typed {
                    for sent in core.user_writes(&chat, person, &typed).await {
                        let who = &person.first_name;
                        texts.push((format!("{who}: {typed}"), sent.text().to_owned()));
                    }
                    core.user_writes(&person.private_chat(), person, "/cancel")
                        .await;
                }
            }
        }
    }
    texts.retain(|(_, html)| !html.is_empty());
    texts
}

#[tokio::test]
async fn every_help_and_usage_text_is_html_telegram_accepts() {
    let core = spawn_core().await;
    let texts = every_fixed_text(&core).await;
    assert!(texts.len() > 200, "{} texts", texts.len());
    let usage = texts
        .iter()
        .find(|(typed, _)| typed == "Lead: /cancelsession")
        .expect("a usage line for /cancelsession");
    assert!(usage.1.contains("/cancelsession 12"), "{}", usage.1);
    for (typed, html) in &texts {
        if let Err(refusal) = telegram_html::parse(html) {
            panic!("Telegram refuses the answer to {typed}: {refusal}\n{html}");
        }
    }
    // The menus are plain text: a placeholder in them would show its brackets.
    for command in KnownCommand::ALL {
        let spec = command.spec();
        let help = match spec.listed {
            Listed::Everywhere(line) | Listed::Private(line) => line,
            Listed::Hidden => "",
        };
        let menu = spec.menu.unwrap_or_default();
        assert!(
            !menu.contains(['<', '>']) && telegram_html::parse(&format!("/x {help}")).is_ok(),
            "/{}: {help} / {menu}",
            spec.name
        );
    }
}

#[tokio::test]
async fn no_help_privacy_or_usage_text_has_a_run_of_spaces_mid_sentence() {
    let core = spawn_core().await;
    let mut texts = every_fixed_text(&core).await;
    let amina = TestUser::new(1001, "Amina");
    let trusts = crate::support::test_settings("sqlite::memory:").trusts;
    let base = KnowledgeBase::load_dir(&crate::support::content_dir(), &trusts).unwrap();
    let topics = base.articles().iter().map(|a| format!("/{}", a.command));
    let fixed = ["/start", "/mydata"].map(String::from);
    for typed in fixed.into_iter().chain(topics) {
        for sent in core
            .user_writes(&amina.private_chat(), &amina, &typed)
            .await
        {
            texts.push((typed.clone(), sent.text().to_owned()));
        }
    }
    for (typed, html) in &texts {
        let line = telegram_html::run_of_spaces(html);
        assert!(line.is_none(), "after {typed}: {line:?}");
    }
}

#[tokio::test]
async fn a_lead_who_forgets_the_session_number_is_told_how_to_give_it_on_telegram() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");

    for command in ["/announce", "/attendance", "/cancelsession"] {
        api.user_writes(&lead.private_chat(), &lead, command);
    }
    let sent = api.wait_for_sent(3).await;

    for (answer, command) in sent
        .iter()
        .zip(["/announce", "/attendance", "/cancelsession"])
    {
        assert_eq!(answer.chat_id, ADMIN_ID);
        assert!(
            answer.text.starts_with("Which session?")
                && answer.text.contains(&format!("{command} 12")),
            "{}",
            answer.text
        );
    }
    assert!(
        api.calls("sendMessage").iter().all(|call| call.ok),
        "Telegram refused a message"
    );
    bot.stop().await;
}
