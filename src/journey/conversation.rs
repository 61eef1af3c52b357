//! What the bot says about the journey: /journey (done, next, later, as one message with a row
//! of buttons per next step) and what its buttons do. Nudges are `nudges`; /nights `nights`;
//! a buddy's view `sharing`.

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice, texts};
use crate::fellows::Fellow;
use crate::message::{Button, Message, escape};

use super::checklist::{all_settled, checklist_sections};
use super::plan::TrustStep;
use super::press::{JourneyPress, nights_button, pause_button, share_button, step_buttons};
use super::progress::{StepState, overview};
use super::sharing::JourneySharing;

/// At most this many next steps get their buttons (a row each); the rest are listed.
const NEXT_WITH_BUTTONS: usize = 5;

feature_slice!(
    /// /journey and its buttons: a fellow's checklist, marked as they go.
    Journeys
);

impl Journeys<'_> {
    /// /journey for a fellow; `/journey buddy` for a buddy; `/journey cohort` for leads.
    pub async fn journey_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let say = |text: &str| Ok(vec![Reply::to(chat, Message::html(text))]);
        if !chat.is_private() {
            if args.trim() == "cohort" {
                return say(
                    "🔒 Please send /journey cohort to me in a private chat: it names fellows.",
                );
            }
            return say("Please use /journey in a private chat with me: it is about you.");
        }
        match args.trim() {
            "" => {}
            "cohort" => {
                if !self.access(inbound.from.id).await?.lead {
                    return say(texts::leads_only());
                }
                return super::cohort::Cohorts::new(self)
                    .cohort_report(inbound)
                    .await;
            }
            "buddy" => return JourneySharing::new(self).buddy_view(inbound).await,
            _ => {
                return say(
                    "Use /journey for your checklist, /journey buddy to see the checklist a fellow you look after shares with you, or /journey cohort (leads).",
                );
            }
        }
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return say("Your arrival checklist starts once you're registered: tap /start.");
        };
        super::nudges::Nudges::new(self)
            .schedule_nudges(&fellow)
            .await?;
        Ok(vec![Reply::to(chat, self.journey_message(&fellow).await?)])
    }

    /// Whether `fellow` has not started yet (today, in London, is before their start date).
    pub(crate) fn before_arrival(&self, fellow: &Fellow) -> bool {
        self.now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
            < fellow.start_date
    }

    /// The journey as one message: done, next (with buttons), later.
    pub(crate) async fn journey_message(&self, fellow: &Fellow) -> Result<Message, ChatError> {
        let journey = self.journey();
        let steps = journey.for_trust(&fellow.trust);
        if steps.is_empty() {
            return Ok(Message::html(
                "There is no arrival checklist yet. Ask the programme team.",
            ));
        }
        let states = super::marks::step_states(&self.store, fellow.user_id).await?;
        let before = self.before_arrival(fellow);
        let view = overview(&steps, &states, before);
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let due = |step: &TrustStep<'_>| {
            crate::chat::dates::in_words(step.due.on(fellow.start_date), today)
        };
        let mut text = vec!["<b>🧭 Your arrival checklist</b>".to_owned()];
        if before {
            text.push(format!(
                "You start on {}. Until then these are the things to do before you arrive. (I count from your start date: registration does not ask for an arrival date.)",
                crate::chat::dates::in_words(fellow.start_date, today)
            ));
        }
        text.extend(checklist_sections(&view, steps.len(), due));
        if all_settled(&view) {
            text.push("\n🎉 You have settled every step. Well done!".into());
        }
        let mut rows: Vec<Vec<Button>> = view
            .next
            .iter()
            .take(NEXT_WITH_BUTTONS)
            .enumerate()
            .map(|(i, step)| step_buttons(step.id, &format!("{}. Done ✓", i + 1)))
            .collect();
        if all_settled(&view) {
            rows.push(vec![nights_button()]);
        } else {
            rows.push(vec![pause_button(), nights_button()]);
        }
        if let Some((pair, shared)) = JourneySharing::new(self).sharing_of(fellow.user_id).await? {
            if shared {
                text.push(format!(
                    "\n👀 Your buddy {} can see this list (not change it).",
                    escape(&self.display_name(pair.buddy_id).await?)
                ));
            }
            rows.push(vec![share_button(shared)]);
        }
        Ok(Message::html(text.join("\n")).with_buttons(rows))
    }

    /// `fellow`'s checklist as their buddy reads it: the same sections, no buttons.
    pub(crate) async fn shared_checklist(&self, fellow: &Fellow) -> Result<String, ChatError> {
        let heading = format!(
            "<b>🧭 {}'s arrival checklist</b>, shared with you (read-only)",
            escape(&fellow.name)
        );
        let journey = self.journey();
        let steps = journey.for_trust(&fellow.trust);
        if steps.is_empty() {
            return Ok(format!("{heading}\nThere is no arrival checklist yet."));
        }
        let states = super::marks::step_states(&self.store, fellow.user_id).await?;
        let before = self.before_arrival(fellow);
        let view = overview(&steps, &states, before);
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let mut text = vec![
            heading,
            format!(
                "{} on {}.",
                if before { "Starts" } else { "Started" },
                crate::chat::dates::in_words(fellow.start_date, today)
            ),
        ];
        text.extend(checklist_sections(&view, steps.len(), |step| {
            crate::chat::dates::in_words(step.due.on(fellow.start_date), today)
        }));
        if all_settled(&view) {
            text.push("\n🎉 Every step is settled.".into());
        }
        Ok(text.join("\n"))
    }

    /// A press on the journey's message or a nudge.
    pub async fn on_journey_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: JourneyPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return Ok(Reply::notice(chat, query_id, "Register first: tap /start."));
        };
        let journey = self.journey();
        let steps = journey.for_trust(&fellow.trust);
        let step_of = |id: &str| steps.iter().find(|s| s.id == id).copied();
        let (state, id) = match &press {
            JourneyPress::Pause => {
                return super::nights::RotaNights::new(self)
                    .pause_nudges(inbound, query_id)
                    .await;
            }
            JourneyPress::Nights => {
                return super::nights::RotaNights::new(self)
                    .start_nights_form(inbound, query_id)
                    .await;
            }
            JourneyPress::Share(share) => {
                return JourneySharing::new(self)
                    .on_share_button(inbound, query_id, message_id, *share)
                    .await;
            }
            JourneyPress::How(id) => {
                let base = self.faq.current();
                let article = step_of(id).and_then(|s| base.article(s.article));
                let Some(article) = article else {
                    return Ok(Reply::notice(
                        chat,
                        query_id,
                        "That step is no longer on the checklist. Tap /journey.",
                    ));
                };
                let mut replies = vec![Reply::answer_button(chat, query_id, None)];
                replies.push(Reply::to(
                    chat,
                    crate::faq::short_answer(article, None, None),
                ));
                return Ok(replies);
            }
            JourneyPress::Done(id) => (StepState::Done, id),
            JourneyPress::NotForMe(id) => (StepState::NotForMe, id),
        };
        let Some(step) = step_of(id) else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "That step is no longer on the checklist. Tap /journey.",
            ));
        };
        self.store
            .mark_journey_step(fellow.user_id, step.id, state, self.now())
            .await?;
        let notice = match state {
            StepState::Done => format!("✓ {}", step.title),
            StepState::NotForMe => "Noted: not for you.".to_owned(),
        };
        let notice: String = notice.chars().take(190).collect();
        let mut replies = vec![Reply::answer_button(chat, query_id, Some(notice))];
        let message = self.journey_message(&fellow).await?;
        replies.push(match message_id {
            Some(id) => Reply::edit(chat, id, message),
            None => Reply::to(chat, message),
        });
        Ok(replies)
    }
}
