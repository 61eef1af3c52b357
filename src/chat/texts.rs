//! The bot's fixed words: welcome, help and the privacy notice.

use crate::chat::{Access, KnownCommand, Listed, Permission};

use crate::faq::KnowledgeBase;
use crate::message::escape;

pub fn welcome(first_name: &str) -> String {
    format!(
        "Welcome, {}! 👋\n\n\
         I'm the Clinical Fellowship Programme's assistant for new fellows at RWT, WHT and BCHFT. \
         I can answer questions about settling in: leave, the Blue Light Card, indemnity, phones, \
         GP registration, banking, transport and much more.\n\n\
         Just type your question, or tap /faq to browse the topics. /help lists everything I can do.",
        escape(first_name)
    )
}

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

pub fn privacy() -> &'static str {
    "<b>What I store, and why</b>\n\
     • Your Telegram id, first name and username, and whether you have started or blocked me, so I know whether I can message you.\n\
     • If you register (only with your consent): your name, trust, start date and specialty, and your buddy, \
     so I can show your trust's details, remind you of sessions and introduce your buddy. Kept while you are \
     in the programme and 12 months after.\n\
     • The questions you type to me, the topic I answered with and your 👍/👎, so the programme leads can \
     improve the answers. Leads see the questions without your name. Questions are deleted after 12 months.\n\
     • Nothing from group chats except the commands and replies sent to me.\n\
     • Your feedback after sessions. It is anonymous unless you choose to add your name: while a form is \
     open I keep only a scrambled key so you cannot answer twice; when it closes the key goes, and so do \
     the time and order of your answers, and your trust is kept only if at least 3 of those asked share it. \
     Reports never show fewer than 3 people's answers apart. An exit survey is asked of you alone, so it is \
     confidential rather than anonymous.\n\n\
     I never store or log what you write about a crisis or an emergency, or a request for clinical advice: \
     only that one happened that day, counted without your name. If you ask a pastoral lead to contact \
     you, they get your name, never your words. \
     Nothing is shared outside the programme team. /mydata shows everything I hold about you; /forgetme deletes it."
}

pub fn unknown_command() -> &'static str {
    "Sorry, I don't know that command. Tap /help to see what I can do, or just type your question."
}

pub fn unsupported_message() -> &'static str {
    "I can only read text messages. Please type your question, or tap /faq to browse the topics."
}

pub fn something_went_wrong() -> &'static str {
    "Sorry, something went wrong on my side. Please try again in a minute."
}

pub fn leads_only() -> &'static str {
    "Sorry, only programme leads can use that command."
}
