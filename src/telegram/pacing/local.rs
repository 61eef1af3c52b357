//! Pacing in one process (polling), in memory, within Telegram's limits read strictly: at most
//! 30 messages in any second overall, one in any second per private chat and 20 in any minute
//! per group, with no bursts. Each send reserves its instant once and sleeps once; a 429 moves later reservations back.
//! At its instant a send checks the instants sends really left (a busy runtime wakes some late):
//! when a late one would leave the next too close behind it, the next waits the difference.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use crate::config::SendLimits;

/// Added to every spacing, so that the time between leaving and being counted by Telegram (the
/// HTTP client, the network) may vary by this much and the sends still keep inside a strictly
/// counted window.
pub(super) const MARGIN: Duration = Duration::from_millis(15);
/// The chat table is pruned of chats free again once it has this many entries (or twice as
/// many as after the last pruning), so its memory stays bounded at O(1) work per send.
const PRUNE_FROM: usize = 1024;
/// A send that finds it may leave only this little later leaves now (timers wake up to a
/// millisecond late anyway): the margin covers it, and it saves a second wake-up.
const TOLERANCE: Duration = Duration::from_millis(2);

/// Gives each send of this process its turn within the limits.
pub struct LocalPacer {
    schedule: Mutex<Schedule>,
}

struct Schedule {
    overall: Slots,
    /// When the last sends really left, at most `overall_per_second` of them, oldest first.
    left: VecDeque<Instant>,
    left_cap: usize,
    private_spacing: Duration,
    group_spacing: Duration,
    /// Each chat's turns (entries whose turn is past are pruned now and then).
    chats: HashMap<i64, ChatTurn>,
    prune_at: usize,
    /// Nothing leaves before this: Telegram's last `retry_after`.
    frozen_until: Instant,
    /// Every push back so far, added up: a waiter adds what accrued while it slept.
    pushed_back: Duration,
}

/// When a chat may next get a message, and when its last message really left.
#[derive(Clone, Copy)]
struct ChatTurn {
    free: Instant,
    left: Option<Instant>,
}

impl LocalPacer {
    pub fn new(limits: SendLimits) -> Self {
        let second = Duration::from_secs(1);
        let now = Instant::now();
        Self {
            schedule: Mutex::new(Schedule {
                overall: Slots::new((second + MARGIN) / limits.overall_per_second.max(1), now),
                left: VecDeque::with_capacity(limits.overall_per_second.max(1) as usize),
                left_cap: limits.overall_per_second.max(1) as usize,
                private_spacing: second / limits.chat_per_second.max(1) + MARGIN,
                group_spacing: Duration::from_secs(60) / limits.group_per_minute.max(1) + MARGIN,
                chats: HashMap::new(),
                prune_at: PRUNE_FROM,
                frozen_until: now,
                pushed_back: Duration::ZERO,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Schedule> {
        // The schedule is consistent between statements, so a panic elsewhere leaves it usable.
        self.schedule.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a message to `chat_id` may go: reserves the earliest instant the overall and
    /// the chat's limits allow together, then sleeps until then (again only after a 429, or
    /// when sends before it left late).
    pub async fn wait_turn(&self, chat_id: i64) {
        let (mut at, mut pushed) = self.reserve(chat_id);
        loop {
            if at > Instant::now() {
                tokio::time::sleep_until(at).await;
            }
            let mut schedule = self.lock();
            if schedule.pushed_back != pushed {
                at += schedule.pushed_back - pushed;
                pushed = schedule.pushed_back;
                continue;
            }
            let now = Instant::now();
            match schedule.leave(chat_id, now) {
                None => return,
                Some(later) => at = later,
            }
        }
    }

    /// The instant a message to `chat_id` may go, recorded as taken, and the push back so far.
    fn reserve(&self, chat_id: i64) -> (Instant, Duration) {
        let mut schedule = self.lock();
        let now = Instant::now();
        schedule.prune(now);
        let chat_free = schedule.chats.get(&chat_id).map_or(now, |turn| turn.free);
        let earliest = now.max(schedule.frozen_until).max(chat_free);
        let at = schedule.overall.take_first_free(earliest, now);
        let spacing = schedule.spacing_for(chat_id);
        let turn = schedule.chats.entry(chat_id).or_insert(ChatTurn {
            free: at,
            left: None,
        });
        turn.free = at + spacing;
        (at, schedule.pushed_back)
    }

    /// The message to `chat_id` whose turn came last leaves only now (work was done between its
    /// turn and its sending): the record of when it left moves to now, so the sends after it
    /// keep their distance from when it really went.
    pub fn leaving_now(&self, chat_id: i64) {
        let mut schedule = self.lock();
        let now = Instant::now();
        let spacing = schedule.spacing_for(chat_id);
        let Some(turn) = schedule.chats.get_mut(&chat_id) else {
            return;
        };
        let Some(stamped) = turn.left.replace(now) else {
            return;
        };
        turn.free = turn.free.max(now + spacing);
        if let Some(at) = schedule.left.iter().rposition(|left| *left == stamped) {
            schedule.left.remove(at);
            schedule.left.push_back(now);
        }
    }

    /// Telegram said "too many requests": nothing goes out for `wait`, and every reservation not
    /// yet reached moves back by as much, keeping its spacing. Several 429s for sends that were
    /// on their way together push back once.
    pub fn freeze(&self, wait: Duration) {
        let mut schedule = self.lock();
        let now = Instant::now();
        let until = now + wait;
        if until <= schedule.frozen_until {
            return;
        }
        let shift = (until - schedule.frozen_until).min(wait);
        schedule.frozen_until = until;
        schedule.pushed_back += shift;
        schedule.overall.origin += shift;
        for turn in schedule.chats.values_mut() {
            if turn.free > now {
                turn.free += shift;
            }
        }
    }
}

impl Schedule {
    /// How far apart two messages to `chat_id` must leave: a second for a private chat, three
    /// for a group (20 a minute), each with the margin.
    fn spacing_for(&self, chat_id: i64) -> Duration {
        if chat_id > 0 {
            self.private_spacing
        } else {
            self.group_spacing
        }
    }

    /// Records that a message to `chat_id` leaves now, or, when the sends that really left
    /// before it do not allow that yet, the instant they do.
    fn leave(&mut self, chat_id: i64, now: Instant) -> Option<Instant> {
        let spacing = self.spacing_for(chat_id);
        let mut allowed = now;
        if self.left.len() >= self.left_cap
            && let Some(oldest) = self.left.front()
        {
            allowed = allowed.max(*oldest + self.overall.spacing * self.left_cap as u32);
        }
        if let Some(last) = self.chats.get(&chat_id).and_then(|turn| turn.left) {
            allowed = allowed.max(last + spacing);
        }
        if allowed > now + TOLERANCE {
            return Some(allowed);
        }
        if self.left.len() >= self.left_cap {
            self.left.pop_front();
        }
        self.left.push_back(now);
        let turn = self.chats.entry(chat_id).or_insert(ChatTurn {
            free: now,
            left: None,
        });
        turn.free = turn.free.max(now + spacing);
        turn.left = Some(now);
        None
    }

    fn prune(&mut self, now: Instant) {
        if self.chats.len() >= self.prune_at {
            self.chats.retain(|_, turn| turn.free > now);
            self.prune_at = (self.chats.len() * 2).max(PRUNE_FROM);
        }
    }
}

/// The overall timeline: instants `spacing` apart from `origin`, each taken by at most one send,
/// so any two sends are at least `spacing` apart. A send held back by its chat takes a later
/// slot without holding up the free ones before it. Finding the first free slot is a
/// union-find with path compression over the slots from now on (amortised near O(1)).
struct Slots {
    origin: Instant,
    spacing: Duration,
    /// The slot `next[0]` describes; earlier ones are past.
    base: u64,
    /// For each slot from `base`: itself when free, else a later slot to look at. Slots past
    /// the end are free.
    next: VecDeque<u64>,
    /// The latest slot taken since the timeline was last started afresh.
    last_taken: Option<u64>,
}

impl Slots {
    fn new(spacing: Duration, origin: Instant) -> Self {
        Self {
            origin,
            spacing: spacing.max(Duration::from_nanos(1)),
            base: 0,
            next: VecDeque::new(),
            last_taken: None,
        }
    }

    fn instant(&self, slot: u64) -> Instant {
        let nanos = u64::try_from(self.spacing.as_nanos()).unwrap_or(u64::MAX);
        self.origin + Duration::from_nanos(nanos.saturating_mul(slot))
    }

    /// The slot `instant` falls in (rounded down) or the first one at or after it (rounded up).
    fn slot(&self, instant: Instant, round_up: bool) -> u64 {
        let since = instant.saturating_duration_since(self.origin).as_nanos();
        let spacing = self.spacing.as_nanos();
        let slot = if round_up {
            since.div_ceil(spacing)
        } else {
            since / spacing
        };
        u64::try_from(slot).unwrap_or(u64::MAX)
    }

    /// Takes the first free slot at or after `earliest` and returns its instant.
    fn take_first_free(&mut self, earliest: Instant, now: Instant) -> Instant {
        self.forget_past(now, earliest);
        let slot = self.first_free(self.slot(earliest, true).max(self.base));
        self.set_next(slot, slot + 1);
        self.last_taken = Some(self.last_taken.map_or(slot, |last| last.max(slot)));
        self.instant(slot)
    }

    /// Drops the slots before now. When nothing is taken ahead, the timeline starts afresh a
    /// spacing after the last send (or now) with a slot on `earliest` exactly: a send after a
    /// quiet spell goes at once, and a chat's next message goes as soon as its chat allows.
    fn forget_past(&mut self, now: Instant, earliest: Instant) {
        let last = self.last_taken.map(|slot| self.instant(slot));
        if last.is_none_or(|last| last <= now) {
            let lower = last.map_or(now, |last| (last + self.spacing).max(now));
            let ahead = earliest.saturating_duration_since(lower).as_nanos();
            let offset = ahead % self.spacing.as_nanos();
            self.origin = lower + Duration::from_nanos(u64::try_from(offset).unwrap_or(0));
            self.base = 0;
            self.next.clear();
            self.last_taken = None;
            return;
        }
        let current = self.slot(now, false);
        while self.base < current && self.next.pop_front().is_some() {
            self.base += 1;
        }
        self.base = self.base.max(current);
    }

    fn next_of(&self, slot: u64) -> u64 {
        slot.checked_sub(self.base)
            .and_then(|k| usize::try_from(k).ok())
            .and_then(|k| self.next.get(k).copied())
            .unwrap_or(slot)
    }

    fn set_next(&mut self, slot: u64, next: u64) {
        let Some(k) = slot
            .checked_sub(self.base)
            .and_then(|k| usize::try_from(k).ok())
        else {
            return;
        };
        while self.next.len() <= k {
            let free = self.base + self.next.len() as u64;
            self.next.push_back(free);
        }
        self.next[k] = next;
    }

    /// The first free slot at or after `from` (which is at or after `base`).
    fn first_free(&mut self, from: u64) -> u64 {
        let mut free = from;
        loop {
            let next = self.next_of(free);
            if next == free {
                break;
            }
            free = next;
        }
        let mut slot = from;
        while slot != free {
            let next = self.next_of(slot);
            self.set_next(slot, free);
            slot = next;
        }
        free
    }
}

#[cfg(test)]
mod tests;
