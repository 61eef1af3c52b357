//! A buddy's read-only view of a fellow's checklist, only while the fellow agrees: the fellow
//! chooses in /journey ("Let my buddy see this"), their current buddy sends /journey buddy.
//! Consent is kept per buddy pair by the store, so it ends when the pair ends.

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::faq::render::{MESSAGE_LIMIT, pack_blocks};
use crate::message::Message;
use crate::store::BuddyPair;

use super::Journeys;

/// Said to anyone who may see no checklist: the same words whether they are nobody's buddy or
/// their fellow has not agreed, so it tells them nothing about anyone.
pub const NOTHING_SHARED: &str = "There is no checklist for me to show you. A fellow's arrival checklist is theirs: I show it only to their buddy, and only once they choose to share it in their own /journey.";

/// The current pair of `fellow_id` (they have a buddy now), if any.
pub fn current_pair_of(fellow_id: i64, pairs: &[BuddyPair]) -> Option<&BuddyPair> {
    pairs
        .iter()
        .find(|p| p.fellow_id == fellow_id && p.ended_at.is_none())
}

/// The fellows whose checklists `viewer` may see, in pair order: those whose current buddy is
/// `viewer` and who agreed for that pair (`shared` holds the pair ids they agreed for). Consent
/// given for an ended pair, or by someone else's fellow, shows nothing.
pub fn checklists_visible_to(viewer: i64, pairs: &[BuddyPair], shared: &[i64]) -> Vec<i64> {
    pairs
        .iter()
        .filter(|p| p.buddy_id == viewer && p.ended_at.is_none() && shared.contains(&p.id))
        .map(|p| p.fellow_id)
        .collect()
}

feature_slice!(
    /// Sharing one's checklist with one's buddy, and the buddy's view of it.
    JourneySharing
);

impl JourneySharing<'_> {
    /// `fellow_id`'s current pair, and whether they share their checklist with its buddy.
    pub(crate) async fn sharing_of(
        &self,
        fellow_id: i64,
    ) -> Result<Option<(BuddyPair, bool)>, ChatError> {
        let pairs = self.store.buddy_pairs().await?;
        let Some(pair) = current_pair_of(fellow_id, &pairs).cloned() else {
            return Ok(None);
        };
        let shared = self.store.journey_shared_since(fellow_id).await?.is_some();
        Ok(Some((pair, shared)))
    }

    /// "Let my buddy see this" (`share`) or "Stop sharing with my buddy"; the checklist's
    /// message is redrawn with the other button.
    pub(crate) async fn on_share_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        share: bool,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return Ok(Reply::notice(chat, query_id, "Register first: tap /start."));
        };
        let notice = if share {
            let shared = match self.sharing_of(fellow.user_id).await? {
                Some((pair, _)) => {
                    self.store
                        .share_journey(pair.id, fellow.user_id, self.now())
                        .await?
                }
                None => false,
            };
            if shared {
                "Shared: your buddy can now see this checklist with /journey buddy."
            } else {
                "You have no buddy at the moment, so nobody was shown anything."
            }
        } else {
            self.store.stop_sharing_journey(fellow.user_id).await?;
            "Stopped: your buddy can no longer see your checklist."
        };
        let mut replies = vec![Reply::answer_button(chat, query_id, Some(notice.into()))];
        let message = Journeys::new(self).journey_message(&fellow).await?;
        replies.push(match message_id {
            Some(id) => Reply::edit(chat, id, message),
            None => Reply::to(chat, message),
        });
        Ok(replies)
    }

    /// /journey buddy: the checklists of the fellows who share theirs with the asker, read-only;
    /// [`NOTHING_SHARED`] when there are none.
    pub(crate) async fn buddy_view(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        let viewer = inbound.from.id;
        let pairs = self.store.buddy_pairs().await?;
        let shared = self.store.journeys_shared_with(viewer).await?;
        let mut blocks = Vec::new();
        for fellow_id in checklists_visible_to(viewer, &pairs, &shared) {
            if let Some(fellow) = self.store.fellow(fellow_id).await? {
                blocks.push(Journeys::new(self).shared_checklist(&fellow).await?);
            }
        }
        if blocks.is_empty() {
            return Ok(vec![Reply::to(chat, Message::html(NOTHING_SHARED))]);
        }
        Ok(pack_blocks(&blocks, MESSAGE_LIMIT)
            .into_iter()
            .map(|part| Reply::to(chat, Message::html(part)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    const FELLOW: i64 = 1;
    const BUDDY: i64 = 2;
    const NEW_BUDDY: i64 = 3;

    fn pair(id: i64, fellow_id: i64, buddy_id: i64, ended: bool) -> BuddyPair {
        let at = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap();
        BuddyPair {
            id,
            fellow_id,
            buddy_id,
            assigned_at: at,
            ended_at: ended.then_some(at),
            checkin_answer: None,
        }
    }

    #[test]
    fn a_buddy_sees_a_fellows_checklist_only_while_the_fellow_shares_it_with_their_pair() {
        let pairs = [pair(10, FELLOW, BUDDY, false)];
        assert_eq!(checklists_visible_to(BUDDY, &pairs, &[10]), [FELLOW]);
        assert!(
            checklists_visible_to(BUDDY, &pairs, &[]).is_empty(),
            "not shared: nothing"
        );
        assert!(
            checklists_visible_to(NEW_BUDDY, &pairs, &[10]).is_empty(),
            "someone who is not the buddy: nothing"
        );
        assert!(
            checklists_visible_to(FELLOW, &pairs, &[10]).is_empty(),
            "the fellow is not their own buddy"
        );
    }

    #[test]
    fn consent_ends_with_the_pair_and_does_not_pass_to_the_next_buddy() {
        let pairs = [
            pair(10, FELLOW, BUDDY, true),
            pair(11, FELLOW, NEW_BUDDY, false),
        ];
        assert!(checklists_visible_to(BUDDY, &pairs, &[10]).is_empty());
        assert!(
            checklists_visible_to(NEW_BUDDY, &pairs, &[10]).is_empty(),
            "consent for the old pair is not consent for the new one"
        );
        assert_eq!(checklists_visible_to(NEW_BUDDY, &pairs, &[11]), [FELLOW]);
        assert_eq!(current_pair_of(FELLOW, &pairs).map(|p| p.id), Some(11));
        assert_eq!(current_pair_of(BUDDY, &pairs), None);
    }

    #[test]
    fn a_buddy_of_several_fellows_sees_only_those_who_share() {
        let pairs = [
            pair(10, FELLOW, BUDDY, false),
            pair(12, 4, BUDDY, false),
            pair(13, 5, BUDDY, false),
        ];
        assert_eq!(checklists_visible_to(BUDDY, &pairs, &[13, 10]), [FELLOW, 5]);
    }
}
