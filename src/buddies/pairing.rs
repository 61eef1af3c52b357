//! /buddy: finding the fellow and the buddy a lead means, by name, @username or Telegram id,
//! with a choice of buttons when a name fits several fellows. Suggesting and assigning are
//! `conversation`'s.

use super::Buddies;
use super::press::BuddyPress;
use super::targets::{Target, fellows_named, read_targets};
use crate::chat::{ChatError, Handled, Inbound, Reply};
use crate::fellows::Fellow;
use crate::message::{Button, Message, escape};

/// Buttons offered when a name fits several fellows.
const CHOICES_SHOWN: usize = 8;

/// The people a name or handle in /buddy fits: their ids and how to tell them apart.
type Fits = Vec<(i64, String)>;

impl Buddies<'_> {
    /// /buddy (who has no buddy), /buddy fellow (suggestions), /buddy fellow, buddy (assign).
    /// Leads only.
    pub(crate) async fn buddy_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let say = |text: String| Ok(vec![Reply::to(chat, Message::html(text))]);
        let targets = read_targets(args);
        let (fellow, buddy) = match targets.as_slice() {
            [] => return Ok(vec![Reply::to(chat, self.fellows_without_buddy().await?)]),
            [fellow] => (fellow, None),
            [fellow, buddy] => (fellow, Some(buddy)),
            _ => return say(USAGE.to_owned()),
        };
        let fellows = self.fellows_fitting(fellow).await?;
        if fellows.is_empty() {
            return say(format!(
                "I can't find a registered fellow called {}.\n{USAGE}",
                escape(target_text(fellow))
            ));
        }
        let Some(buddy) = buddy else {
            return match fellows.as_slice() {
                [(id, _)] => self.suggest_for(inbound, *id).await,
                _ => Ok(vec![Reply::to(chat, choose_fellow(fellow, &fellows))]),
            };
        };
        let buddies = self.fellows_fitting(buddy).await?;
        match (fellows.as_slice(), buddies.as_slice()) {
            (_, []) => say(format!("I don't know {} yet.", escape(target_text(buddy)))),
            ([(fellow, _)], [(buddy, _)]) => match self.store.fellow(*fellow).await? {
                Some(fellow) => self.assign_buddy(inbound, &fellow, *buddy).await,
                None => say("That fellow is no longer registered.".to_owned()),
            },
            ([(fellow, fellow_label)], several) => {
                let text = format!(
                    "Several people fit {}. Who should be the buddy of {}?",
                    escape(target_text(buddy)),
                    escape(fellow_label)
                );
                let press = |buddy| BuddyPress::Assign {
                    fellow: *fellow,
                    buddy,
                };
                Ok(vec![Reply::to(chat, choices(text, several, press))])
            }
            (several, [(buddy_id, buddy_label)]) => {
                let text = format!(
                    "Several fellows fit {}. Whose buddy should {} be?",
                    escape(target_text(fellow)),
                    escape(buddy_label)
                );
                let press = |fellow| BuddyPress::Assign {
                    fellow,
                    buddy: *buddy_id,
                };
                Ok(vec![Reply::to(chat, choices(text, several, press))])
            }
            _ => say(format!(
                "Both names fit several fellows. Use a fuller name, an @username or an id for one of them.\n{USAGE}"
            )),
        }
    }

    async fn suggest_for(&self, inbound: &Inbound, fellow: i64) -> Handled {
        let text = match self.store.fellow(fellow).await? {
            Some(fellow) => self.suggestions(&fellow).await?,
            None => Message::html("That fellow is no longer registered."),
        };
        Ok(vec![Reply::to(&inbound.chat, text)])
    }

    /// The registered fellows a name, @username or id fits (a handle may also be someone known
    /// who has not registered, as a buddy can be).
    async fn fellows_fitting(&self, target: &Target) -> Result<Fits, ChatError> {
        match target {
            Target::Handle(handle) => Ok(match self.find_person(handle).await? {
                Some((id, name)) => vec![(id, name)],
                None => Vec::new(),
            }),
            Target::Name(name) => {
                let fellows = self.store.fellows().await?;
                Ok(fellows_named(&fellows, name)
                    .into_iter()
                    .map(|f| (f.user_id, describe(f)))
                    .collect())
            }
        }
    }
}

const USAGE: &str = "Write the fellow first, then the buddy, with a comma between: \
                     <i>/buddy Amaka Eze, Ravi Kumar</i>. A name, an @username or a Telegram id all work.";

fn target_text(target: &Target) -> &str {
    match target {
        Target::Handle(text) | Target::Name(text) => text,
    }
}

/// "Amaka Eze (RWT, Medicine, from 5 Aug 2026)": enough to tell two Amakas apart.
fn describe(fellow: &Fellow) -> String {
    format!(
        "{} ({}, {}, from {})",
        fellow.name,
        fellow.trust,
        fellow.specialty,
        fellow.start_date.format("%-d %b %Y")
    )
}

fn choose_fellow(target: &Target, fellows: &[(i64, String)]) -> Message {
    let text = format!(
        "Several fellows fit {}. Which one?",
        escape(target_text(target))
    );
    choices(text, fellows, BuddyPress::Suggest)
}

fn choices(text: String, people: &[(i64, String)], press: impl Fn(i64) -> BuddyPress) -> Message {
    let mut text = text;
    if people.len() > CHOICES_SHOWN {
        text.push_str(&format!(
            "\nThe first {CHOICES_SHOWN} of {} are below: a fuller name narrows it.",
            people.len()
        ));
    }
    let buttons = people
        .iter()
        .take(CHOICES_SHOWN)
        .map(|(id, label)| vec![Button::press(label.clone(), press(*id))])
        .collect();
    Message::html(text).with_buttons(buttons)
}
