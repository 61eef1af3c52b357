//! Pacing shared by replicas through PostgreSQL, on the database's clock: time is cut into
//! slots of (1 s + margin) / 30, each taken by at most one send of any replica, so any second
//! holds at most 30 sends; a chat's next slot is its spacing (1 s + margin for a private chat,
//! 3 s + margin for a group, in whole slots) after its last. A send reserves its slot in one
//! statement (`Store::reserve_send_slot`), learns how long until it starts and sleeps until
//! then on its own clock, so the replicas' clocks never matter, only the database's (read
//! from the promptest answers, see [`Reading`]).
//!
//! Two things can spoil a reserved slot while its send sleeps, and then the send reserves
//! again, giving the old slot up: the host woke it late (leaving late would squeeze the window
//! against the slots after it), or Telegram's "retry after" reached another replica (recorded
//! in the database and read just before the slot: [`PEEK`]).

use std::time::Duration;

use tokio::time::Instant;

use crate::config::SendLimits;
use crate::store::{SlotReservation, Store};

/// Added to every spacing, so that the time between a send leaving and Telegram counting it may
/// vary by this much and the sends still keep inside a strictly counted window. Wider than in
/// one process (15 ms there): replicas on different hosts reach Telegram over different paths,
/// and a send may leave up to [`TOLERANCE`] late. It costs 1 % of the rate per 10 ms.
const MARGIN: Duration = Duration::from_millis(25);

/// A send that wakes this much after its slot started still leaves; later, it reserves again.
/// Kept well under [`MARGIN`], which must also cover the spread of the network's delays.
const TOLERANCE: Duration = Duration::from_millis(5);
/// A send's turn comes this long before its slot, for it to record that it is in flight (a
/// database write, slow on a busy host) and still leave at the slot's start.
const GET_READY: Duration = Duration::from_millis(50);
/// One that would leave more than this after its slot started reserves again.
const LEAVING_TOLERANCE: Duration = Duration::from_millis(10);
/// A turn whose slot started longer ago than this is a lost send's (one chat's turns are a
/// second apart, so a leaving send's own turn is always nearer).
const LOST_AFTER: Duration = Duration::from_millis(500);
/// Turns taken longer ago than this and never left (the send was lost on the way) are
/// forgotten.
const FORGET_TURNS_AFTER: Duration = Duration::from_secs(10);
/// How long before its slot a send looks whether a freeze overtook it: more than that look
/// takes, so that it does not make the send late. A send whose slot is nearer than this when
/// reserved does not look (its reservation has just seen the freeze).
const PEEK: Duration = Duration::from_millis(10);
/// After a database failure, a send tries again this much later.
const AFTER_FAILURE: Duration = Duration::from_secs(1);

/// Gives each send of every replica its turn within the one budget.
pub struct SharedPacer {
    store: Store,
    budget: Budget,
    /// The closest reading of the database's clock lately, to put slots on the local clock.
    /// The wait each reservation returns is not used as it is: the answer may be seen here
    /// well after the database worked it out (a busy runtime), and the send would then leave
    /// late without knowing it.
    clock: std::sync::Mutex<Option<Reading>>,
    /// Slots given up so far because the send woke too late for them, or a freeze overtook
    /// them (for logs and tests).
    given_up: std::sync::atomic::AtomicU64,
    /// When each chat's turns taken here started, until their sends leave ([`SharedPacer::leaving`]).
    turns: std::sync::Mutex<std::collections::HashMap<i64, Vec<Instant>>>,
}

/// The limits in slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Budget {
    /// How long one slot lasts: a second and the margin, shared by the overall limit.
    slot: Duration,
    /// How many slots apart two messages to one private chat, or to one group, must be.
    private_spacing: i64,
    group_spacing: i64,
}

impl Budget {
    fn new(limits: SendLimits) -> Self {
        let second = Duration::from_secs(1);
        let slot_us =
            micros(second + MARGIN).div_ceil(u128::from(limits.overall_per_second.max(1)));
        let slot = Duration::from_micros(u64::try_from(slot_us).unwrap_or(u64::MAX).max(1));
        let private = second / limits.chat_per_second.max(1) + MARGIN;
        let group = Duration::from_secs(60) / limits.group_per_minute.max(1) + MARGIN;
        Self {
            slot,
            private_spacing: slots_covering(private, slot),
            group_spacing: slots_covering(group, slot),
        }
    }

    /// Positive ids are private chats, negative ones groups (as Telegram numbers them).
    fn spacing_for(&self, chat_id: i64) -> i64 {
        if chat_id > 0 {
            self.private_spacing
        } else {
            self.group_spacing
        }
    }

    /// Whether a freeze lasting until `frozen_until_us` (database clock) covers the start of
    /// `slot`: its send must not go then.
    fn frozen_at(&self, slot: i64, frozen_until_us: i64) -> bool {
        let starts_us = i128::from(slot) * micros(self.slot) as i128;
        i128::from(frozen_until_us) > starts_us
    }
}

fn micros(duration: Duration) -> u128 {
    duration.as_micros()
}

/// The fewest whole slots lasting at least `spacing`.
fn slots_covering(spacing: Duration, slot: Duration) -> i64 {
    i64::try_from(micros(spacing).div_ceil(micros(slot).max(1))).unwrap_or(i64::MAX)
}

/// A reading of the database's clock: it read `db_us` (Unix microseconds) no later than the
/// local instant `local` (when its answer was seen here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    local: Instant,
    db_us: i64,
}

/// How fast this process's clock may run against the database's, at most (in parts per
/// million): an old reading is trusted less by this much.
const DRIFT_PPM: i64 = 100;

impl Reading {
    /// The reading a reservation gives: the database worked out the wait at slot start minus
    /// the wait, and its answer was seen here at `answered`.
    fn of(reservation: SlotReservation, slot: Duration, answered: Instant) -> Self {
        let slot_us = i64::try_from(slot.as_micros()).unwrap_or(i64::MAX);
        Self {
            local: answered,
            db_us: reservation.slot.saturating_mul(slot_us) - reservation.wait_us,
        }
    }

    /// What this reading says the database's clock reads at least at `later`, allowing for
    /// drift.
    fn at_least_at(&self, later: Instant) -> i64 {
        let elapsed = i64::try_from(later.saturating_duration_since(self.local).as_micros())
            .unwrap_or(i64::MAX / 2);
        self.db_us + elapsed - elapsed * DRIFT_PPM / 1_000_000
    }

    /// The better of two readings: the one that says the database's clock is further on at
    /// the newer one's instant. An answer that was slow to be seen here (a busy host, a slow
    /// network) gives a reading behind the clock; the fastest answer lately is the closest.
    fn better(self, newer: Self) -> Self {
        if newer.db_us >= self.at_least_at(newer.local) {
            newer
        } else {
            self
        }
    }

    /// The local instant at which the database's clock reads `db_us`, by this reading: never
    /// before it really does (the reading is behind the clock, if anything).
    fn local_instant(&self, db_us: i64) -> Instant {
        let ahead = Duration::from_micros((db_us - self.db_us).unsigned_abs());
        if db_us >= self.db_us {
            self.local + ahead
        } else {
            self.local.checked_sub(ahead).unwrap_or(self.local)
        }
    }
}

/// The turn of a send leaving at `now`, taken out of its chat's `starts`: the earliest one not
/// lost (started less than [`LOST_AFTER`] ago). Lost ones are forgotten; later ones belong to
/// sends still getting ready.
fn take_turn(starts: &mut Vec<Instant>, now: Instant) -> Option<Instant> {
    starts.retain(|s| now.saturating_duration_since(*s) < LOST_AFTER);
    let start = starts.iter().copied().min()?;
    starts.retain(|s| *s != start);
    Some(start)
}

/// Whether a send waking at `now` for a slot starting at `start` is too late to leave.
fn too_late(start: Instant, now: Instant) -> bool {
    now > start + TOLERANCE
}

impl SharedPacer {
    pub fn new(store: Store, limits: SendLimits) -> Self {
        Self {
            store,
            budget: Budget::new(limits),
            clock: std::sync::Mutex::new(None),
            given_up: std::sync::atomic::AtomicU64::new(0),
            turns: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Waits until a message to `chat_id` is nearly due: [`GET_READY`] before its slot, for the
    /// sender to record it in flight (a database write) before [`SharedPacer::leaving`] lets it
    /// go at the slot's start. The turn is remembered for that.
    pub async fn wait_turn(&self, chat_id: i64) {
        let start = self.reserve_and_sleep(chat_id, GET_READY).await;
        let mut turns = self.turns.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        turns.retain(|_, starts| {
            starts.retain(|s| now.saturating_duration_since(*s) < FORGET_TURNS_AFTER);
            !starts.is_empty()
        });
        turns.entry(chat_id).or_default().push(start);
    }

    /// A message to `chat_id` whose turn came is about to leave (recorded in flight): it waits
    /// for its slot's start. If getting ready took so long that it would leave more than
    /// [`LEAVING_TOLERANCE`] after its slot started, it gives the slot up and waits for a new
    /// one (the other replicas' sends in the slots after it would otherwise be squeezed against
    /// it). Until then the message stays recorded in flight: a crash in that wait counts it
    /// unconfirmed, never sent twice; the wait is [`GET_READY`] at most but for that.
    pub async fn leaving(&self, chat_id: i64) {
        let now = Instant::now();
        let start = {
            let mut turns = self.turns.lock().unwrap_or_else(|p| p.into_inner());
            let Some(starts) = turns.get_mut(&chat_id) else {
                return;
            };
            let Some(start) = take_turn(starts, now) else {
                return;
            };
            if starts.is_empty() {
                turns.remove(&chat_id);
            }
            start
        };
        tokio::time::sleep_until(start).await;
        if Instant::now() > start + LEAVING_TOLERANCE {
            self.count_given_up();
            self.reserve_and_sleep(chat_id, Duration::ZERO).await;
        }
    }

    /// Reserves a slot for a message to `chat_id`, sleeps until `early` before it starts, and
    /// reserves again if it woke late or a freeze overtook it; when the slot it keeps starts. A database
    /// failure is logged and tried again shortly (the send waits; it never goes unpaced).
    async fn reserve_and_sleep(&self, chat_id: i64, early: Duration) -> Instant {
        let spacing = self.budget.spacing_for(chat_id);
        let mut given_up = None;
        loop {
            let reservation = match self
                .store
                .reserve_send_slot(chat_id, self.budget.slot, spacing, given_up)
                .await
            {
                Ok(reservation) => reservation,
                Err(error) => {
                    tracing::error!(%error, "could not reserve a turn to send; trying again");
                    tokio::time::sleep(AFTER_FAILURE).await;
                    continue;
                }
            };
            let start = self.local_start(reservation, Instant::now());
            let wake_at = start.checked_sub(early).unwrap_or(start);
            given_up = Some(reservation.slot);
            if let Some(look_at) = wake_at.checked_sub(PEEK)
                && look_at > Instant::now()
            {
                tokio::time::sleep_until(look_at).await;
                // A look that has not answered by the wake-up is not waited for: a freeze is
                // rare and missing one costs one more 429, while waiting would lose the slot.
                let look = self.store.sends_frozen_until_us();
                match tokio::time::timeout_at(wake_at, look).await {
                    Ok(Ok(until)) if self.budget.frozen_at(reservation.slot, until) => {
                        self.count_given_up();
                        continue;
                    }
                    Ok(Ok(_)) | Err(_) => {}
                    Ok(Err(error)) => tracing::warn!(%error, "could not check for a send freeze"),
                }
            }
            tokio::time::sleep_until(wake_at).await;
            if !too_late(start, Instant::now()) {
                return start;
            }
            self.count_given_up();
        }
    }

    fn count_given_up(&self) {
        self.given_up
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many reserved slots were given up so far: woken too late for, or overtaken by a
    /// freeze. Each is a slot of the shared budget lost.
    pub fn slots_given_up(&self) -> u64 {
        self.given_up.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// When the reserved slot starts on this process's clock, by the closest reading of the
    /// database's clock so far (this reservation's included).
    fn local_start(&self, reservation: SlotReservation, answered: Instant) -> Instant {
        let reading = Reading::of(reservation, self.budget.slot, answered);
        let mut clock = self.clock.lock().unwrap_or_else(|p| p.into_inner());
        let best = clock.map_or(reading, |known| known.better(reading));
        *clock = Some(best);
        let slot_us = i64::try_from(self.budget.slot.as_micros()).unwrap_or(i64::MAX);
        best.local_instant(reservation.slot.saturating_mul(slot_us))
    }

    /// Records Telegram's "retry after" for every replica. Several 429s for sends that were on
    /// their way together freeze once (the latest end wins).
    pub async fn freeze(&self, wait: Duration) {
        if let Err(error) = self.store.freeze_sends(wait).await {
            tracing::error!(%error, "could not record Telegram's request to wait");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn telegram() -> Budget {
        Budget::new(SendLimits::default())
    }

    #[test]
    fn thirty_slots_last_a_second_and_the_margin() {
        let budget = telegram();
        assert_eq!(
            budget.slot,
            Duration::from_micros(34_167),
            "1.025 s / 30, rounded up"
        );
        assert!(budget.slot * 30 >= Duration::from_secs(1) + MARGIN);
        // So any second, wherever it starts, holds at most 30 slot starts.
        let most_in_a_second = 1_000_000_u64.div_ceil(34_167);
        assert_eq!(most_in_a_second, 30);
    }

    #[test]
    fn chat_spacings_are_whole_slots_at_least_as_long_as_the_limits() {
        let budget = telegram();
        assert_eq!(budget.private_spacing, 30);
        assert!(budget.slot * 30 >= Duration::from_millis(1_025));
        assert_eq!(budget.group_spacing, 89, "3.025 s needs 88.5 slots: 89");
        assert!(budget.slot * 89 >= Duration::from_millis(3_025));
        assert_eq!(budget.spacing_for(42), 30, "a private chat");
        assert_eq!(budget.spacing_for(-100_042), 89, "a group");
    }

    #[test]
    fn other_limits_scale_the_slots() {
        let budget = Budget::new(SendLimits {
            overall_per_second: 1_000,
            chat_per_second: 2,
            group_per_minute: 60,
        });
        assert_eq!(budget.slot, Duration::from_micros(1_025));
        assert_eq!(
            budget.private_spacing, 513,
            "525 ms in 1.025 ms slots, rounded up"
        );
        assert_eq!(budget.group_spacing, 1_000);
    }

    #[test]
    fn a_freeze_covers_the_slots_starting_before_it_ends() {
        let budget = telegram();
        let slot = 1_000;
        let starts_us = 34_167_000;
        assert!(budget.frozen_at(slot, starts_us + 1));
        assert!(
            !budget.frozen_at(slot, starts_us),
            "it ends as the slot starts"
        );
        assert!(!budget.frozen_at(slot, 0), "never frozen");
    }

    #[test]
    fn a_reservation_reads_the_databases_clock() {
        let answered = Instant::now();
        let slot = Duration::from_micros(10);
        let reading = Reading::of(
            SlotReservation {
                slot: 1_000,
                wait_us: 400,
            },
            slot,
            answered,
        );
        assert_eq!(
            reading.db_us, 9_600,
            "slot 1000 starts at 10,000 us, 400 us on"
        );
        assert_eq!(
            reading.local_instant(10_000),
            answered + Duration::from_micros(400)
        );
        assert_eq!(
            reading.local_instant(9_000) + Duration::from_micros(600),
            answered
        );
    }

    #[test]
    fn the_answer_seen_soonest_after_the_database_gave_it_sets_the_clock() {
        let t0 = Instant::now();
        let prompt = Reading {
            local: t0,
            db_us: 1_000_000,
        };
        // Seen 30 ms after the database answered (a busy runtime): 20 ms on, it reads 1.02 s
        // by the first reading, but this one says only 0.99 s.
        let slow = Reading {
            local: t0 + Duration::from_millis(20),
            db_us: 990_000,
        };
        assert_eq!(prompt.better(slow), prompt);
        // The slow one alone would put a slot starting at 1.1 s 30 ms late.
        assert_eq!(
            slow.local_instant(1_100_000),
            t0 + Duration::from_millis(130)
        );
        assert_eq!(
            prompt.local_instant(1_100_000),
            t0 + Duration::from_millis(100)
        );
        // A reading more prompt still replaces it.
        let prompter = Reading {
            local: t0 + Duration::from_millis(20),
            db_us: 1_020_500,
        };
        assert_eq!(prompt.better(prompter), prompter);
    }

    #[test]
    fn an_old_reading_gives_way_as_the_clocks_may_drift() {
        let t0 = Instant::now();
        let old = Reading {
            local: t0,
            db_us: 0,
        };
        let minute = t0 + Duration::from_secs(60);
        // 60 s later it vouches for 60 s less 100 ppm (6 ms): a reading 5 ms behind wins.
        assert_eq!(old.at_least_at(minute), 59_994_000);
        let fresh = Reading {
            local: minute,
            db_us: 59_995_000,
        };
        assert_eq!(old.better(fresh), fresh);
    }

    #[test]
    fn a_leaving_send_takes_the_earliest_turn_not_lost() {
        let now = Instant::now();
        let ms = Duration::from_millis;
        let lost = now.checked_sub(ms(3_000)).unwrap();
        let mine = now + ms(40);
        let next = now + ms(1_065);
        let mut starts = vec![next, lost, mine];
        assert_eq!(take_turn(&mut starts, now), Some(mine));
        assert_eq!(starts, vec![next], "the lost turn is forgotten");
        let late = now.checked_sub(ms(120)).unwrap();
        let mut starts = vec![late];
        assert_eq!(
            take_turn(&mut starts, now),
            Some(late),
            "a late one is still its own"
        );
        assert_eq!(take_turn(&mut starts, now), None);
    }

    #[test]
    fn waking_a_little_late_still_goes_but_later_reserves_again() {
        let start = Instant::now();
        assert!(!too_late(start, start));
        assert!(!too_late(start, start + TOLERANCE));
        assert!(too_late(
            start,
            start + TOLERANCE + Duration::from_micros(1)
        ));
    }
}
