//! A fellow's way through a feedback form when life gets in the way: marked as there after the
//! round opened, coming back to a half-finished form, tapping an old button, writing far too
//! much; and the words a form uses for a service rather than a session.

use super::feedback::{
    a_session_at_ten, an_hour_before_ten, fellow, nth_message_to, star, ten_o_clock,
};
use crate::support::{ADMIN_ID, Core, Replies, TestUser, register_fellow};
use chrono::Duration;
use fellowship_bot::feedback::respondent_key;
use fellowship_bot::store::FeedbackAnswers;

/// Fellows 1001 to 1005 say they're going to a session at ten; `checked_in` check in at 10:05.
async fn a_session_with(core: &Core, checked_in: &[i64]) -> i64 {
    let store = core.store();
    for user in 1001..=1006 {
        register_fellow(&store, user, "RWT").await;
    }
    let id = a_session_at_ten(&store, "sim-training", "SIM training").await;
    for user in 1001..=1005 {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"))
            .await;
    }
    core.advance_to(ten_o_clock() + Duration::minutes(5)).await;
    for &user in checked_in {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:h:{id}"))
            .await;
    }
    id
}

/// The answers `user` has saved on the form whose rating buttons `prompt` carries.
async fn answers_of(core: &Core, prompt: &crate::support::Delivered, user: i64) -> FeedbackAnswers {
    let data = prompt.button("fb:r:");
    let form: i64 = data.split(':').nth(2).unwrap().parse().unwrap();
    let store = core.store();
    let salt = store
        .feedback_form(form)
        .await
        .unwrap()
        .unwrap()
        .salt
        .unwrap();
    store
        .feedback_answers(form, &respondent_key(&salt, user))
        .await
        .unwrap()
        .expect("answers saved")
}

#[tokio::test]
async fn fellows_marked_as_there_after_the_prompt_went_out_are_asked_once_while_the_form_is_open() {
    let core = an_hour_before_ten().await;
    let id = a_session_with(&core, &[1001, 1002, 1003]).await;
    core.advance_to(ten_o_clock() + Duration::minutes(91)).await;
    for user in [1001, 1002, 1003] {
        assert!(
            nth_message_to(&core, user, 1)
                .text()
                .contains("How was SIM training")
        );
    }
    assert!(core.messages_to(1004).is_empty(), "not checked in yet");

    // 1004 said Going and came; 1005 came too. A lead marks them from the attendance sheet.
    let lead = TestUser::new(ADMIN_ID, "Lead");
    for user in [1004, 1005, 1004] {
        core.user_presses(
            &lead.private_chat(),
            &lead,
            1,
            &format!("ses:m:{id}.{user}"),
        )
        .await;
    }
    core.advance(Duration::minutes(1)).await;
    for user in [1004, 1005] {
        let asked = core.messages_to(user);
        assert_eq!(asked.len(), 1, "asked once: {asked:#?}");
        assert!(
            asked[0].text().contains("How was SIM training"),
            "{}",
            asked[0].text()
        );
    }
    assert_eq!(
        core.messages_to(1001).len(),
        1,
        "the others are not asked again"
    );

    // Once the form has closed, a late mark asks nobody.
    core.advance(Duration::days(8)).await;
    core.user_presses(&lead.private_chat(), &lead, 1, &format!("ses:m:{id}.1003"))
        .await;
    let before = core.messages_to(1006).len();
    core.user_presses(&lead.private_chat(), &lead, 1, &format!("ses:m:{id}.1006"))
        .await;
    core.advance(Duration::minutes(1)).await;
    assert_eq!(core.messages_to(1006).len(), before, "the form has closed");
}

#[tokio::test]
async fn coming_back_to_a_half_finished_form_carries_on_and_an_old_star_changes_nothing() {
    let core = an_hour_before_ten().await;
    a_session_with(&core, &[1001]).await;
    core.advance_to(ten_o_clock() + Duration::minutes(91)).await;
    let prompt = nth_message_to(&core, 1001, 1);
    let amina = fellow(1001);
    let chat = amina.private_chat();
    core.user_presses(&chat, &amina, prompt.message_id, &star(&prompt, 2))
        .await;
    core.user_writes(&chat, &amina, "A deteriorating patient")
        .await;

    let list = core.user_writes(&chat, &amina, "/feedback").await;
    let list = list.message();
    let back = core
        .user_presses(&chat, &amina, list.message_id, &list.button("fb:start:"))
        .await;
    let back = back.message().text();
    assert!(
        back.contains("Carrying on where you left off")
            && back.contains("You rated it 2/5")
            && back.contains("Behaviour"),
        "{back}"
    );

    let old = core
        .user_presses(&chat, &amina, prompt.message_id, &star(&prompt, 1))
        .await;
    assert!(
        old.notice()
            .unwrap()
            .contains("That button is from an earlier step"),
        "{old:#?}"
    );
    assert!(
        old.message().text().contains("Behaviour"),
        "and where they are"
    );
    let again = core
        .user_presses(&chat, &amina, prompt.message_id, &star(&prompt, 2))
        .await;
    assert!(again.notice().unwrap().contains("earlier step"));
    let next = core.user_writes(&chat, &amina, "Clear debrief").await;
    assert!(next.message().text().contains("Impact"), "{next:#?}");
    let saved = answers_of(&core, &prompt, 1001).await;
    assert_eq!(saved.rating, Some(2), "the old star saved nothing");
    assert_eq!(saved.behaviour.as_deref(), Some("Clear debrief"));
}

#[tokio::test]
async fn a_very_long_answer_is_kept_as_a_draft_to_confirm_and_goes_when_the_form_closes() {
    let core = an_hour_before_ten().await;
    a_session_with(&core, &[1001]).await;
    core.advance_to(ten_o_clock() + Duration::minutes(91)).await;
    let prompt = nth_message_to(&core, 1001, 1);
    let amina = fellow(1001);
    let chat = amina.private_chat();
    core.user_presses(&chat, &amina, prompt.message_id, &star(&prompt, 4))
        .await;

    let long = format!("{}THE END OF IT", "The scenario felt real. ".repeat(210));
    assert!(long.chars().count() > 5_000);
    let kept = core.user_writes(&chat, &amina, &long).await;
    let kept = kept.message();
    assert!(
        kept.text().contains("kept the first 1,500") && !kept.text().contains("THE END OF IT"),
        "{}",
        kept.text()
    );
    core.restart().await;
    let next = core
        .user_presses(&chat, &amina, kept.message_id, &kept.button("fb:draft:"))
        .await;
    assert!(next.message().text().contains("Behaviour"), "{next:#?}");
    let again = core
        .user_presses(&chat, &amina, kept.message_id, &kept.button("fb:draft:"))
        .await;
    assert!(again.messages().is_empty(), "saved once: {again:#?}");
    let saved = answers_of(&core, &prompt, 1001).await;
    let situation = saved.situation.expect("the draft was saved");
    assert_eq!(situation.chars().count(), 1_500);
    assert!(long.starts_with(&situation));

    // A second long answer, never confirmed: closing the form deletes the draft with it.
    core.user_writes(&chat, &amina, &long).await;
    let store = core.store();
    assert!(
        store
            .load_conversation(chat.id, 1001)
            .await
            .unwrap()
            .is_some()
    );
    core.advance(Duration::days(8)).await;
    assert!(
        store
            .load_conversation(chat.id, 1001)
            .await
            .unwrap()
            .is_none(),
        "the draft went with the form"
    );
}

#[tokio::test]
async fn feedback_on_the_assistant_asks_about_it_in_its_own_words() {
    let core = an_hour_before_ten().await;
    register_fellow(&core.store(), 1001, "RWT").await;
    let amina = fellow(1001);
    let chat = amina.private_chat();
    let list = core.user_writes(&chat, &amina, "/feedback").await;
    let list = list.message();
    assert!(
        list.buttons()
            .iter()
            .flatten()
            .any(|(label, _)| label == "Chatting with me"),
        "{list:#?}"
    );
    let form = core
        .user_presses(&chat, &amina, list.message_id, "fb:svc:bot")
        .await;
    let form = form.message();
    assert!(
        form.text().contains("How have you found chatting with me?")
            && !form.text().contains("This bot"),
        "{}",
        form.text()
    );
    core.user_presses(&chat, &amina, form.message_id, &star(form, 4))
        .await;
    core.user_writes(&chat, &amina, "Asking about my GP").await;
    let behaviour = nth_message_to(&core, 1001, 4);
    assert!(
        !behaviour.text().contains("facilitators") && behaviour.text().contains("What worked"),
        "{}",
        behaviour.text()
    );
    let listed = core.user_writes(&chat, &amina, "/feedback").await;
    let labels: Vec<String> = listed
        .message()
        .buttons()
        .into_iter()
        .flatten()
        .map(|(label, _)| label)
        .collect();
    assert!(
        labels.iter().any(|l| l == "✍️ The fellowship assistant"),
        "no date like (2026-11-01) on a service: {labels:?}"
    );
}
