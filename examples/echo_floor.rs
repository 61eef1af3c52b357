//! The floor the load benchmark (`cargo bench --bench load`) measures the bot against: a bare
//! teloxide bot on long polling that answers every message with one fixed text. It stores
//! nothing and does not pace its sends. Reads TELOXIDE_TOKEN and TELOXIDE_API_URL.
#![forbid(unsafe_code)]

use teloxide::prelude::*;

#[tokio::main]
async fn main() {
    let bot = Bot::from_env();
    teloxide::repl(bot, |bot: Bot, message: Message| async move {
        bot.send_message(message.chat.id, "Thanks, noted.").await?;
        Ok(())
    })
    .await;
}
