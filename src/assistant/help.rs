//! /help, built from the command table: what this person may use, where they are.

use super::{KnownCommand, Listed};
use crate::chat::{Access, Permission};
use crate::faq::KnowledgeBase;
use crate::message::escape;

/// The help text: the commands this person may use here, from the command table, then one
/// line per knowledge-base topic.
pub fn help(base: &KnowledgeBase, access: Access, in_group: bool) -> String {
    let mut text = String::from("<b>How I can help</b>\n");
    if in_group {
        text.push_str("• reply to one of my messages to ask a follow-up\n");
    } else {
        text.push_str("• Type any question, for example <i>how do I register with a GP?</i>\n");
    }
    text.push_str(&command_lines(Permission::Everyone, in_group));
    text.push_str("• /contacts – who to contact for what\n\n<b>Topics</b>\n");
    let topics: Vec<String> = base
        .articles()
        .iter()
        .map(|a| format!("/{} – {}", a.command, escape(&a.title)))
        .collect();
    text.push_str(&topics.join("\n"));
    if access.lead && !in_group {
        text.push_str("\n\n<b>For leads</b>\n");
        text.push_str(&command_lines(Permission::Lead, false));
        text.push_str(
            "\nSent in a group, most of these answer you in private; the group only sees that they did.",
        );
    }
    if access.admin && !in_group {
        text.push_str("\n\n<b>For admins</b>\n");
        text.push_str(command_lines(Permission::Admin, false).trim_end());
    }
    text
}

/// One line per command for `who`, as listed where the help is asked for.
fn command_lines(who: Permission, in_group: bool) -> String {
    KnownCommand::ALL
        .iter()
        .filter(|command| command.who() == who)
        .filter_map(|command| {
            let line = match command.spec().listed {
                Listed::Everywhere(line) => line,
                Listed::Private(line) if !in_group => line,
                _ => return None,
            };
            Some(format!("• /{} {line}\n", command.name()))
        })
        .collect()
}
