//! The bot's fixed words: welcome, the privacy notice and the short answers every feature shares.

use crate::message::escape;

/// A count with its noun: "1 session", "3 sessions".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

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

pub fn privacy() -> &'static str {
    "<b>What I store, and why</b>\n\
     • Your Telegram id, first name and username, and whether you have started or blocked me, so I know whether I can message you.\n\
     • If you register (only with your consent): your name, trust, start date and specialty, and your buddy, \
     so I can show your trust's details, remind you of sessions and introduce your buddy. Kept while you are \
     in the programme and 12 months after.\n\
     • The questions you type to me, the topic I answered with and your 👍/👎, so the programme leads can \
     improve the answers. Leads see the questions without your name. Questions are deleted after 12 months.\n\
     • Your arrival checklist: the steps you marked done or not for you, when I nudged you, a pause \
     of nudges and the days you told me you are on nights, so I nudge you at a good time. Leads see each \
     start month's progress, and the names of fellows stuck on a step for more than two weeks.\n\
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
