//! The RSVP rule: what pressing Going or Not going does to a session with limited places and a
//! waiting list. Pure; the store reads the session's places, asks here, and writes the answer.

/// Someone's answer for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpStatus {
    Going,
    /// Wants to go; the session is full.
    Waiting,
    NotGoing,
}

/// The button pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpChoice {
    Going,
    NotGoing,
}

/// A session's places as they stand when the press is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Places {
    /// None: no limit.
    pub capacity: Option<i64>,
    pub going: i64,
    /// Who has waited longest, if anyone is waiting.
    pub first_waiting: Option<i64>,
}

impl Places {
    /// Whether a place is free while `going` people are going.
    fn has_room(&self, going: i64) -> bool {
        self.capacity.is_none_or(|capacity| going < capacity)
    }
}

/// What to write for a press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpDecision {
    /// Nothing: the answer already stands (the same button pressed again).
    Keep(RsvpStatus),
    /// Record this answer as the person's latest, behind everyone who answered before.
    Set(RsvpStatus),
    /// Record "not going", and move this person from the front of the waiting list into the
    /// place given up.
    GiveUpPlaceTo(i64),
}

impl RsvpDecision {
    /// The person's answer once the decision is written.
    pub fn status(self) -> RsvpStatus {
        match self {
            Self::Keep(status) | Self::Set(status) => status,
            Self::GiveUpPlaceTo(_) => RsvpStatus::NotGoing,
        }
    }

    /// What the press changed, as callers report it.
    pub fn change(self) -> RsvpChange {
        RsvpChange {
            status: self.status(),
            changed: !matches!(self, Self::Keep(_)),
            promoted: match self {
                Self::GiveUpPlaceTo(next) => Some(next),
                _ => None,
            },
        }
    }
}

/// What an RSVP changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsvpChange {
    pub status: RsvpStatus,
    /// Whether anything changed (a second press of the same button changes nothing).
    pub changed: bool,
    /// Someone moved up from the waiting list into the freed place.
    pub promoted: Option<i64>,
}

/// Decides a press of `choice` by someone whose answer so far is `current`.
///
/// Going takes a place while there is room and joins the waiting list when the session is full;
/// someone already going or waiting keeps their place in the queue. Not going from someone who
/// was going frees a place for the first person waiting, unless the session is still full (its
/// capacity was lowered below the number going).
pub fn decide_rsvp(
    places: Places,
    current: Option<RsvpStatus>,
    choice: RsvpChoice,
) -> RsvpDecision {
    let wanted = match (choice, current) {
        (RsvpChoice::Going, Some(status @ (RsvpStatus::Going | RsvpStatus::Waiting))) => status,
        (RsvpChoice::Going, _) if places.has_room(places.going) => RsvpStatus::Going,
        (RsvpChoice::Going, _) => RsvpStatus::Waiting,
        (RsvpChoice::NotGoing, _) => RsvpStatus::NotGoing,
    };
    if current == Some(wanted) {
        return RsvpDecision::Keep(wanted);
    }
    let gives_up_a_place = current == Some(RsvpStatus::Going);
    match places.first_waiting {
        Some(next) if gives_up_a_place && places.has_room(places.going - 1) => {
            RsvpDecision::GiveUpPlaceTo(next)
        }
        _ => RsvpDecision::Set(wanted),
    }
}

#[cfg(test)]
mod tests {
    use super::RsvpChoice::{Going as PressGoing, NotGoing as PressNotGoing};
    use super::RsvpStatus::{Going, NotGoing, Waiting};
    use super::*;

    fn places(capacity: Option<i64>, going: i64, first_waiting: Option<i64>) -> Places {
        Places {
            capacity,
            going,
            first_waiting,
        }
    }

    #[test]
    fn a_first_answer_of_going_takes_a_place_while_there_is_room() {
        let decision = decide_rsvp(places(Some(2), 1, None), None, PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Going));
    }

    #[test]
    fn going_to_a_full_session_joins_the_waiting_list() {
        let decision = decide_rsvp(places(Some(2), 2, Some(7)), None, PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Waiting));
    }

    #[test]
    fn a_session_without_a_limit_is_never_full() {
        let decision = decide_rsvp(places(None, 10_000, None), None, PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Going));
    }

    #[test]
    fn a_session_with_no_places_puts_everyone_on_the_waiting_list() {
        let decision = decide_rsvp(places(Some(0), 0, None), None, PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Waiting));
    }

    #[test]
    fn pressing_going_twice_keeps_the_place() {
        let decision = decide_rsvp(places(Some(2), 2, None), Some(Going), PressGoing);
        assert_eq!(decision, RsvpDecision::Keep(Going));
        assert!(!decision.change().changed);
    }

    #[test]
    fn pressing_going_again_while_waiting_keeps_the_place_in_the_queue() {
        // Even with room now, the press is a repeat, not a new answer: nothing moves.
        let decision = decide_rsvp(places(Some(3), 2, Some(5)), Some(Waiting), PressGoing);
        assert_eq!(decision, RsvpDecision::Keep(Waiting));
    }

    #[test]
    fn pressing_not_going_twice_changes_nothing() {
        let decision = decide_rsvp(places(Some(2), 2, Some(5)), Some(NotGoing), PressNotGoing);
        assert_eq!(decision, RsvpDecision::Keep(NotGoing));
    }

    #[test]
    fn a_first_answer_of_not_going_is_recorded() {
        let decision = decide_rsvp(places(Some(2), 2, Some(5)), None, PressNotGoing);
        assert_eq!(decision, RsvpDecision::Set(NotGoing));
        assert_eq!(decision.change().promoted, None);
    }

    #[test]
    fn changing_mind_to_going_takes_a_free_place() {
        let decision = decide_rsvp(places(Some(2), 1, None), Some(NotGoing), PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Going));
    }

    #[test]
    fn changing_mind_to_going_when_full_joins_the_back_of_the_waiting_list() {
        let decision = decide_rsvp(places(Some(2), 2, Some(5)), Some(NotGoing), PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Waiting));
    }

    #[test]
    fn giving_up_a_place_moves_the_first_person_waiting_up() {
        let decision = decide_rsvp(places(Some(2), 2, Some(5)), Some(Going), PressNotGoing);
        assert_eq!(decision, RsvpDecision::GiveUpPlaceTo(5));
        assert_eq!(
            decision.change(),
            RsvpChange {
                status: NotGoing,
                changed: true,
                promoted: Some(5)
            }
        );
    }

    #[test]
    fn giving_up_a_place_with_nobody_waiting_just_records_not_going() {
        let decision = decide_rsvp(places(Some(2), 2, None), Some(Going), PressNotGoing);
        assert_eq!(decision, RsvpDecision::Set(NotGoing));
    }

    #[test]
    fn leaving_the_waiting_list_moves_nobody_up() {
        let decision = decide_rsvp(places(Some(2), 2, Some(5)), Some(Waiting), PressNotGoing);
        assert_eq!(decision, RsvpDecision::Set(NotGoing));
    }

    #[test]
    fn a_place_given_up_stays_empty_while_capacity_is_below_those_going() {
        // Capacity lowered from 4 to 2 with 4 going: the first two to leave bring it down to
        // the capacity, and only the third frees a place someone waiting can have.
        let leaving_with =
            |going| decide_rsvp(places(Some(2), going, Some(5)), Some(Going), PressNotGoing);
        assert_eq!(leaving_with(4), RsvpDecision::Set(NotGoing));
        assert_eq!(leaving_with(3), RsvpDecision::Set(NotGoing));
        assert_eq!(leaving_with(2), RsvpDecision::GiveUpPlaceTo(5));
    }

    #[test]
    fn going_when_capacity_is_below_those_going_joins_the_waiting_list() {
        let decision = decide_rsvp(places(Some(2), 3, None), None, PressGoing);
        assert_eq!(decision, RsvpDecision::Set(Waiting));
    }

    #[test]
    fn with_no_limit_a_place_given_up_still_goes_to_anyone_waiting() {
        // Only possible if the limit was lifted after people joined the waiting list.
        let decision = decide_rsvp(places(None, 3, Some(5)), Some(Going), PressNotGoing);
        assert_eq!(decision, RsvpDecision::GiveUpPlaceTo(5));
    }
}
