//! An update as it reaches the bot, by long polling or by webhook, made ready for the inbox:
//! both ways store it the same, so the inbox worker cannot tell them apart.

use teloxide::types::{AllowedUpdate, Update};

use super::inbound::chat_of;
use crate::chat::NewUpdate;

/// The update kinds the bot reads (a `chat_member` update, for one, must be asked for): what
/// getUpdates asks for and what `webhook set` subscribes to.
pub const ALLOWED_UPDATES: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

/// An update as stored: its id, its chat (for ordering) and its JSON exactly as Telegram sent
/// it (read when handled, so a version that reads more kinds can handle them later). One without
/// an id is not an update.
pub(super) fn new_update(raw: &serde_json::Value) -> Option<NewUpdate> {
    let update_id = raw["update_id"].as_i64()?;
    let body = raw.to_string();
    // Read from the text, as it will be when handled (teloxide's types do not all read from a
    // `Value`).
    let chat_id = serde_json::from_str::<Update>(&body)
        .map(|update| chat_of(&update))
        .unwrap_or(0);
    Some(NewUpdate {
        update_id,
        chat_id,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_stored_with_its_chat() {
        let raw = serde_json::json!({"update_id": 7, "message": {"message_id": 1, "date": 0,
            "chat": {"id": -100, "type": "supergroup", "title": "G"},
            "from": {"id": 5, "is_bot": false, "first_name": "A"}, "text": "hi"}});
        let stored = new_update(&raw).unwrap();
        assert_eq!((stored.update_id, stored.chat_id), (7, -100));
        let button = serde_json::json!({"update_id": 8, "callback_query": {"id": "q", "chat_instance": "c",
            "from": {"id": 5, "is_bot": false, "first_name": "A"}, "data": "x"}});
        assert_eq!(
            new_update(&button).unwrap().chat_id,
            5,
            "no chat: the person's own"
        );
        assert!(new_update(&serde_json::json!({"message": {}})).is_none());
        assert!(new_update(&serde_json::json!([1, 2])).is_none());
    }

    #[test]
    fn the_kinds_asked_for_read_as_telegram_names_them() {
        assert_eq!(
            serde_json::to_value(ALLOWED_UPDATES).unwrap(),
            serde_json::json!(["message", "callback_query", "my_chat_member"])
        );
    }
}
