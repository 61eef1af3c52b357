//! Every command the bot knows, in one table: its name, who may use it, where it answers, its
//! line in /help and in Telegram's command menu. Routing, the permission check, /help and the
//! menu all read this table, so they cannot drift apart.
//!
//! Each row must say who may use the command: a row without `who` does not match the macro, so
//! a command added without a permission does not compile.

use crate::chat::{Access, ChatError, Context, Permission};
use crate::faq::KnowledgeBase;

/// Where a command answers when it is sent in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answers {
    /// Where it was sent: it acts on the group (/setgroup, /announce), handles groups itself
    /// and says nothing there about anyone (/broadcast, /newsession), or is for everyone.
    InPlace,
    /// Always in the lead's private chat: it names people, shows ids or holds the leads'
    /// figures. In a group the lead is told it went to them privately.
    Privately,
    /// Only when sent in a private chat: its answer is a secret (a sign-in link) that must
    /// not even be sent on from a group. In a group the lead is asked to send it privately.
    OnlyInPrivate,
}

/// Where a command is listed in /help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// In every chat.
    Everywhere(&'static str),
    /// Only in a private chat (it is about the person, or for leads).
    Private(&'static str),
    /// Not listed: another name for a listed command, or the first thing a person does anyway.
    Hidden,
}

/// One command's row in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// Without the slash; lower case.
    pub name: &'static str,
    pub who: Permission,
    pub answers: Answers,
    /// Its line in /help, after "/name ": its arguments, if any, then "– what it does".
    pub listed: Listed,
    /// Its description in Telegram's command menu, if it has a place there.
    pub menu: Option<&'static str>,
}

macro_rules! commands {
    ($(
        $variant:ident {
            name: $name:literal,
            who: $who:ident,
            answers: $answers:ident,
            listed: $listed:expr,
            menu: $menu:expr $(,)?
        }
    )+) => {
        /// A command the bot knows (articles' commands come from the knowledge base instead).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum KnownCommand {
            $($variant,)+
        }

        impl KnownCommand {
            /// Every command, in the order /help lists them.
            pub const ALL: &'static [KnownCommand] = &[$(KnownCommand::$variant,)+];

            pub const fn spec(self) -> CommandSpec {
                match self {
                    $(KnownCommand::$variant => CommandSpec {
                        name: $name,
                        who: Permission::$who,
                        answers: Answers::$answers,
                        listed: $listed,
                        menu: $menu,
                    },)+
                }
            }
        }
    };
}

use Listed::{Everywhere, Hidden, Private};

commands! {
    Faq { name: "faq", who: Everyone, answers: InPlace,
        listed: Everywhere("– browse all topics"), menu: Some("Browse all topics") }
    Menu { name: "menu", who: Everyone, answers: InPlace, listed: Hidden, menu: None }
    Ask { name: "ask", who: Everyone, answers: InPlace,
        listed: Everywhere("<i>your question</i> – ask me anything about settling in"),
        menu: Some("Ask a question (in groups)") }
    Start { name: "start", who: Everyone, answers: InPlace,
        listed: Private("– register (name, trust, start date)"), menu: None }
    Profile { name: "profile", who: Everyone, answers: InPlace,
        listed: Private("– see or change your details"), menu: Some("Your details") }
    Continue { name: "continue", who: Everyone, answers: InPlace,
        listed: Private("– go back to a form you left for a question"), menu: None }
    Cancel { name: "cancel", who: Everyone, answers: InPlace,
        listed: Private("– stop a form"), menu: None }
    Upcoming { name: "upcoming", who: Everyone, answers: InPlace,
        listed: Private("– sessions coming up for you"), menu: Some("Sessions coming up for you") }
    MySessions { name: "mysessions", who: Everyone, answers: InPlace,
        listed: Private("– the sessions you are going to"), menu: Some("Sessions you are going to") }
    Calendar { name: "calendar", who: Everyone, answers: InPlace,
        listed: Private("– your sessions as a calendar file"),
        menu: Some("Your sessions as a calendar file") }
    MyBuddy { name: "mybuddy", who: Everyone, answers: InPlace,
        listed: Private("– your buddy"), menu: Some("Your buddy") }
    Feedback { name: "feedback", who: Everyone, answers: InPlace,
        listed: Private("– feedback on a session or a programme service"),
        menu: Some("Feedback on a session or service") }
    Journey { name: "journey", who: Everyone, answers: InPlace,
        listed: Private("– your arrival checklist (/journey buddy: the one a fellow you look after shares; leads: /journey cohort)"),
        menu: Some("Your arrival checklist") }
    Nights { name: "nights", who: Everyone, answers: InPlace,
        listed: Private("FROM TO – your nights: nudges and feedback requests wait until 14:00"),
        menu: None }
    MyData { name: "mydata", who: Everyone, answers: InPlace,
        listed: Private("– everything I keep about you"), menu: None }
    ForgetMe { name: "forgetme", who: Everyone, answers: InPlace,
        listed: Private("– delete it"), menu: None }
    Privacy { name: "privacy", who: Everyone, answers: InPlace,
        listed: Everywhere("– what I store about you"), menu: Some("What I store about you") }
    Help { name: "help", who: Everyone, answers: InPlace,
        listed: Everywhere("– this list"), menu: Some("What I can do") }

    Unanswered { name: "unanswered", who: Lead, answers: Privately,
        listed: Private("– questions I could not answer, to teach me"),
        menu: Some("Questions to teach me") }
    Reload { name: "reload", who: Lead, answers: Privately,
        listed: Private("– read the content folder again"), menu: None }
    Stats { name: "stats", who: Lead, answers: Privately,
        listed: Private("– the programme's figures by trust"), menu: Some("The programme's figures") }
    Roles { name: "roles", who: Lead, answers: Privately,
        listed: Private("– who holds which role"), menu: None }
    Unreachable { name: "unreachable", who: Lead, answers: Privately,
        listed: Private("– fellows I cannot message"), menu: None }
    NewSession { name: "newsession", who: Lead, answers: InPlace,
        listed: Private("– create a session (or: fellowship-bot sessions import FILE.csv)"),
        menu: Some("Create a session") }
    Announce { name: "announce", who: Lead, answers: InPlace,
        listed: Private("N – post session N with RSVP buttons"), menu: None }
    Attendance { name: "attendance", who: Lead, answers: Privately,
        listed: Private("N – who is going to session N, and who came"), menu: None }
    MoveSession { name: "movesession", who: Lead, answers: Privately,
        listed: Private("N TIME – move session N"), menu: None }
    CancelSession { name: "cancelsession", who: Lead, answers: Privately,
        listed: Private("N – cancel session N"), menu: None }
    Buddy { name: "buddy", who: Lead, answers: Privately,
        listed: Private("– pair fellows with buddies"), menu: None }
    BuddyReport { name: "buddyreport", who: Lead, answers: Privately,
        listed: Private("– how the buddy scheme is going"), menu: None }
    Broadcast { name: "broadcast", who: Lead, answers: InPlace,
        listed: Private("– an announcement to the groups, a trust, a cohort, a role or a session's people"),
        menu: Some("Send an announcement") }
    Broadcasts { name: "broadcasts", who: Lead, answers: Privately,
        listed: Private("– recent announcements and their reports"), menu: None }
    Report { name: "report", who: Lead, answers: Privately,
        listed: Private("[N | type | from to] – feedback figures, comments, chart and CSV"),
        menu: Some("Feedback reports") }
    Cycle { name: "cycle", who: Lead, answers: Privately,
        listed: Private("TYPE CHANGE, or /cycle close TYPE OUTCOME – improvement cycles"), menu: None }
    Web { name: "web", who: Lead, answers: OnlyInPrivate,
        listed: Private("– a one-time link to the leads' web console"),
        menu: Some("Open the web console") }
    Leaving { name: "leaving", who: Lead, answers: Privately,
        listed: Private("@fellow [date] – mark a fellow as leaving; offers the exit survey"),
        menu: None }

    Grant { name: "grant", who: Admin, answers: Privately,
        listed: Private("@username role – give a role"), menu: None }
    Revoke { name: "revoke", who: Admin, answers: Privately,
        listed: Private("@username role – take a role back"), menu: None }
    Audit { name: "audit", who: Admin, answers: Privately,
        listed: Private("– what leads did"), menu: None }
    SetGroup { name: "setgroup", who: Admin, answers: InPlace,
        listed: Private("[TRUST] – in a group, make it a programme group"), menu: None }
}

impl KnownCommand {
    /// The command called `name` (lower case, no slash), if the bot knows it.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.spec().name == name)
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn who(self) -> Permission {
        self.spec().who
    }

    pub fn answers(self) -> Answers {
        self.spec().answers
    }

    /// The commands only some people may use.
    pub fn restricted() -> impl Iterator<Item = KnownCommand> {
        Self::ALL
            .iter()
            .copied()
            .filter(|c| c.who() != Permission::Everyone)
    }
}

/// Telegram keeps at most this many commands in a menu.
const MENU_LIMIT: usize = 100;

/// The command menu for someone with `access`: the commands they may use that have a menu
/// line, then the topics' commands; (name, description) pairs.
pub fn menu(access: Access, base: &KnowledgeBase) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = KnownCommand::ALL
        .iter()
        .filter(|command| access.allows(command.who()))
        .filter_map(|command| {
            let description = command.spec().menu?;
            Some((command.name().to_owned(), description.to_owned()))
        })
        .collect();
    for article in base.articles() {
        // A command may appear only once in the menu.
        if entries.iter().any(|(name, _)| *name == article.command) {
            continue;
        }
        let title: String = article.title.chars().take(256).collect();
        entries.push((article.command.clone(), title));
    }
    entries.truncate(MENU_LIMIT);
    entries
}

/// The command menus to register: everyone's (`None`), then each lead's and admin's own,
/// shown only in their private chat with the bot.
pub async fn command_menus(
    ctx: &Context,
) -> Result<Vec<(Option<i64>, Vec<(String, String)>)>, ChatError> {
    let base = ctx.faq.current();
    let mut menus = vec![(None, menu(Access::default(), &base))];
    let mut leads: Vec<i64> = ctx.settings.admins.clone();
    for holder in ctx.store.role_holders().await? {
        if holder.role.is_lead() || holder.role == crate::fellows::Role::Admin {
            leads.push(holder.user_id);
        }
    }
    leads.sort_unstable();
    leads.dedup();
    for lead in leads {
        let access = ctx.access(lead).await?;
        menus.push((Some(lead), menu(access, &base)));
    }
    Ok(menus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_valid_telegram_commands_and_read_back() {
        for command in KnownCommand::ALL {
            let name = command.name();
            assert!(
                (1..=32).contains(&name.len())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
            assert_eq!(KnownCommand::named(name), Some(*command));
        }
        assert_eq!(KnownCommand::named("nonsense"), None);
    }

    #[test]
    fn menu_lines_fit_telegram_and_lead_commands_answer_privately_unless_they_act_in_place() {
        for command in KnownCommand::ALL {
            if let Some(menu) = command.spec().menu {
                assert!((1..=256).contains(&menu.chars().count()), "{menu}");
            }
        }
        // Commands for everyone answer where they were asked.
        assert!(
            KnownCommand::ALL
                .iter()
                .filter(|c| c.who() == Permission::Everyone)
                .all(|c| c.answers() == Answers::InPlace)
        );
        // Those that name people or show ids are restricted and answer privately.
        for private in [
            KnownCommand::Audit,
            KnownCommand::Roles,
            KnownCommand::Stats,
            KnownCommand::Unreachable,
            KnownCommand::BuddyReport,
        ] {
            assert_eq!(private.answers(), Answers::Privately, "{private:?}");
            assert_ne!(private.who(), Permission::Everyone, "{private:?}");
        }
    }
}
