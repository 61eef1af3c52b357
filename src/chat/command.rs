//! Reading slash commands: `/name`, `/name@bot args`. Commands for other bots are not ours.

/// A slash command addressed to this bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The name, lower-cased, without the slash or the bot's name.
    pub name: String,
    /// Everything after the name, trimmed.
    pub args: &'a str,
}

/// What a text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<'a> {
    Command(Command<'a>),
    /// A command addressed to another bot (`/help@other_bot`): not ours to answer.
    ForAnotherBot,
    NotACommand,
}

/// Reads `text` as a command for the bot called `bot_username` (case-insensitive, with or without `@`).
pub fn parse_command<'a>(text: &'a str, bot_username: &str) -> Parsed<'a> {
    let Some(rest) = text.trim_start().strip_prefix('/') else {
        return Parsed::NotACommand;
    };
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(at) => (&rest[..at], rest[at..].trim()),
        None => (rest, ""),
    };
    let (name, addressee) = match head.split_once('@') {
        Some((name, bot)) => (name, Some(bot)),
        None => (head, None),
    };
    if let Some(bot) = addressee {
        let ours = bot_username.trim_start_matches('@');
        if !bot.eq_ignore_ascii_case(ours) {
            return Parsed::ForAnotherBot;
        }
    }
    let valid = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Parsed::NotACommand;
    }
    Parsed::Command(Command {
        name: name.to_ascii_lowercase(),
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(name: &str, args: &'static str) -> Parsed<'static> {
        Parsed::Command(Command {
            name: name.into(),
            args,
        })
    }

    #[test]
    fn reads_plain_and_addressed_commands() {
        assert_eq!(parse_command("/help", "FellowsBot"), command("help", ""));
        assert_eq!(
            parse_command("/help@fellowsbot", "FellowsBot"),
            command("help", "")
        );
        assert_eq!(
            parse_command("/ask@FellowsBot  where is  parking ", "FellowsBot"),
            command("ask", "where is  parking")
        );
        assert_eq!(parse_command("/Leave", "FellowsBot"), command("leave", ""));
    }

    #[test]
    fn commands_for_other_bots_and_plain_text_are_not_ours() {
        assert_eq!(
            parse_command("/help@OtherBot", "FellowsBot"),
            Parsed::ForAnotherBot
        );
        assert_eq!(
            parse_command("hello /help", "FellowsBot"),
            Parsed::NotACommand
        );
        assert_eq!(parse_command("/", "FellowsBot"), Parsed::NotACommand);
        assert_eq!(parse_command("/ünïcode", "FellowsBot"), Parsed::NotACommand);
        assert_eq!(
            parse_command("1/2 of the budget", "FellowsBot"),
            Parsed::NotACommand
        );
    }
}
