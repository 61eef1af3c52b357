//! The pacer on paused time: exact spacing per chat, the overall rate over any sliding second,
//! push back after a 429, and one wake-up per waiter however many wait.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const SECOND: Duration = Duration::from_secs(1);

fn telegram() -> Arc<LocalPacer> {
    Arc::new(LocalPacer::new(SendLimits::default()))
}

/// The overall spacing under the default limits.
fn overall_spacing() -> Duration {
    (SECOND + MARGIN) / 30
}

/// Sends `count` messages to `chat` one after another (as a chat's replies go); the instants
/// they went.
fn send_in_turn(
    pacer: &Arc<LocalPacer>,
    chat: i64,
    count: usize,
) -> tokio::task::JoinHandle<Vec<Instant>> {
    let pacer = pacer.clone();
    tokio::spawn(async move {
        let mut went = Vec::with_capacity(count);
        for _ in 0..count {
            pacer.wait_turn(chat).await;
            went.push(Instant::now());
        }
        went
    })
}

async fn all(tasks: Vec<tokio::task::JoinHandle<Vec<Instant>>>) -> Vec<Vec<Instant>> {
    let mut done = Vec::with_capacity(tasks.len());
    for task in tasks {
        done.push(task.await.unwrap());
    }
    done
}

fn gaps(went: &[Instant]) -> Vec<Duration> {
    went.windows(2).map(|w| w[1] - w[0]).collect()
}

/// The most sends in any half-open window of length `window`.
fn most_in_any(window: Duration, went: &[Instant]) -> usize {
    let mut went = went.to_vec();
    went.sort();
    let (mut first, mut most) = (0, 0);
    for last in 0..went.len() {
        while went[last] - went[first] >= window {
            first += 1;
        }
        most = most.max(last - first + 1);
    }
    most
}

#[tokio::test(start_paused = true)]
async fn sends_to_one_private_chat_are_a_second_apart_and_hardly_more() {
    let pacer = telegram();
    let began = Instant::now();
    let went = send_in_turn(&pacer, 7, 6).await.unwrap();
    assert_eq!(went[0], began, "the first message goes at once");
    for gap in gaps(&went) {
        assert!(
            gap >= SECOND,
            "one message a second per private chat: {gap:?}"
        );
        assert!(gap <= SECOND + 2 * MARGIN, "and not much more: {gap:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn sends_to_one_group_are_three_seconds_apart() {
    let pacer = telegram();
    let went = send_in_turn(&pacer, -100_123, 5).await.unwrap();
    for gap in gaps(&went) {
        assert!(
            gap >= 3 * SECOND,
            "20 a minute per group, no burst: {gap:?}"
        );
        assert!(gap <= 3 * SECOND + 2 * MARGIN, "and not much more: {gap:?}");
    }
    assert!(most_in_any(60 * SECOND, &went) <= 20);
}

#[tokio::test(start_paused = true)]
async fn many_chats_never_get_more_than_thirty_in_any_second_and_lose_no_slot() {
    let pacer = telegram();
    let began = Instant::now();
    let chats: Vec<_> = (1..=200)
        .map(|chat| send_in_turn(&pacer, chat, 3))
        .collect();
    let by_chat = all(chats).await;
    for went in &by_chat {
        assert!(gaps(went).iter().all(|gap| *gap >= SECOND));
    }
    let went: Vec<Instant> = by_chat.concat();
    assert_eq!(went.len(), 600);
    assert!(most_in_any(SECOND, &went) <= 30);
    let last = went.iter().max().copied().unwrap();
    let ideal = overall_spacing() * 599;
    assert!(
        last - began <= ideal + Duration::from_millis(2),
        "600 messages take the overall rate's time and no more: {:?} (ideal {ideal:?})",
        last - began
    );
}

#[tokio::test(start_paused = true)]
async fn two_messages_to_one_chat_are_never_back_to_back_after_a_long_wait() {
    let pacer = telegram();
    let began = Instant::now();
    // A backlog of two seconds of other chats' messages, then a two-part answer.
    let others: Vec<_> = (1..=60).map(|chat| send_in_turn(&pacer, chat, 1)).collect();
    tokio::task::yield_now().await;
    let answer = send_in_turn(&pacer, 1_000, 2).await.unwrap();
    all(others).await;
    assert!(
        answer[0] - began >= overall_spacing() * 60,
        "the first part waited its turn"
    );
    assert!(
        answer[1] - answer[0] >= SECOND,
        "the second part waits a second after the first: {:?}",
        answer[1] - answer[0]
    );
}

#[tokio::test(start_paused = true)]
async fn a_long_answer_to_one_chat_does_not_hold_up_the_others() {
    let pacer = telegram();
    let began = Instant::now();
    let answer = send_in_turn(&pacer, 1_000, 5);
    tokio::time::sleep(SECOND / 2).await;
    let others: Vec<_> = (1..=60).map(|chat| send_in_turn(&pacer, chat, 1)).collect();
    let others = all(others).await.concat();
    let answer = answer.await.unwrap();
    let last = others.iter().max().copied().unwrap();
    // 60 messages plus the answer's parts that fall among them (at 1 s and 2 s).
    let bound = SECOND / 2 + overall_spacing() * 63;
    assert!(
        last - began <= bound,
        "the others use the slots the answer's parts leave free: {:?} > {bound:?}",
        last - began
    );
    assert!(gaps(&answer).iter().all(|gap| *gap >= SECOND));
    assert!(most_in_any(SECOND, &[others, answer].concat()) <= 30);
}

#[tokio::test(start_paused = true)]
async fn a_send_after_a_quiet_spell_goes_at_once() {
    let pacer = telegram();
    send_in_turn(&pacer, 1, 1).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_234)).await;
    let asked = Instant::now();
    let went = send_in_turn(&pacer, 1, 1).await.unwrap();
    assert_eq!(went[0], asked);
    let asked = Instant::now();
    let went = send_in_turn(&pacer, 2, 1).await.unwrap();
    assert!(went[0] - asked <= overall_spacing() + Duration::from_millis(1));
}

#[tokio::test(start_paused = true)]
async fn a_429_moves_every_later_reservation_back_and_keeps_the_spacing() {
    let pacer = telegram();
    let began = Instant::now();
    let chats: Vec<_> = (1..=10).map(|chat| send_in_turn(&pacer, chat, 1)).collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    pacer.freeze(Duration::from_secs(5));
    // A second 429 for a send that was on its way at the same time does not push back again.
    tokio::time::sleep(Duration::from_millis(1)).await;
    pacer.freeze(Duration::from_secs(5));
    let late = send_in_turn(&pacer, 11, 1);
    let went: Vec<Instant> = all(chats).await.concat();
    let late = late.await.unwrap()[0];
    let spacing = overall_spacing();
    for (k, at) in went.iter().enumerate() {
        let planned = began + spacing * u32::try_from(k).unwrap();
        let since = *at - began;
        if planned - began < Duration::from_millis(50) {
            assert!(since < Duration::from_millis(50), "sent before the 429");
        } else {
            let moved = *at - planned;
            assert!(
                moved >= Duration::from_millis(5_001) && moved <= Duration::from_millis(5_003),
                "moved back by the wait (and the second 429's extra millisecond): {moved:?}"
            );
        }
    }
    assert!(
        late >= began + Duration::from_millis(5_051),
        "nothing new before the wait is over"
    );
    assert!(
        late > *went.iter().max().unwrap(),
        "and after those already waiting"
    );
    let mut after: Vec<Instant> = went.into_iter().filter(|at| *at - began > SECOND).collect();
    after.push(late);
    after.sort();
    assert!(
        gaps(&after)
            .iter()
            .all(|gap| *gap + Duration::from_millis(1) >= spacing)
    );
}

#[tokio::test(start_paused = true)]
async fn a_thousand_waiters_for_a_thousand_chats_each_wake_once() {
    let pacer = telegram();
    let polls = Arc::new(AtomicUsize::new(0));
    let began = Instant::now();
    let waiters: Vec<_> = (1..=1_000)
        .map(|chat| {
            let (pacer, polls) = (pacer.clone(), polls.clone());
            tokio::spawn(async move {
                let mut turn = Box::pin(pacer.wait_turn(chat));
                std::future::poll_fn(|cx| {
                    polls.fetch_add(1, Ordering::Relaxed);
                    turn.as_mut().poll(cx)
                })
                .await;
                vec![Instant::now()]
            })
        })
        .collect();
    let went = all(waiters).await.concat();
    // One poll to reserve and start sleeping, one when the instant comes (the first goes at
    // once): no waiter is woken for another's turn.
    assert_eq!(polls.load(Ordering::Relaxed), 1_999);
    assert!(most_in_any(SECOND, &went) <= 30);
    let last = went.iter().max().copied().unwrap();
    assert!(last - began <= overall_spacing() * 999 + Duration::from_millis(1));
}

#[tokio::test(start_paused = true)]
async fn the_chat_table_stays_bounded() {
    let pacer = Arc::new(LocalPacer::new(SendLimits {
        overall_per_second: 1_000,
        ..SendLimits::default()
    }));
    for chat in 1..=20_000 {
        pacer.wait_turn(chat).await;
    }
    let schedule = pacer.lock();
    assert!(
        schedule.chats.len() <= 4 * PRUNE_FROM,
        "{}",
        schedule.chats.len()
    );
    assert!(
        schedule.overall.next.len() <= 2,
        "the timeline holds only what is ahead"
    );
}

#[tokio::test(start_paused = true)]
async fn a_send_that_left_late_holds_back_the_one_thirty_sends_after_it() {
    let pacer = telegram();
    let start = Instant::now();
    let late = Duration::from_millis(20);
    let mut schedule = pacer.lock();
    assert_eq!(schedule.leave(1, start + late), None);
    for chat in 2..=30 {
        let on_time = start + overall_spacing() * (chat as u32 - 1);
        assert_eq!(schedule.leave(chat, on_time.max(start + late)), None);
    }
    let thirty_first = start + overall_spacing() * 30;
    let allowed = schedule
        .leave(31, thirty_first)
        .expect("held back behind the late one");
    assert!(allowed >= start + late + SECOND, "{:?}", allowed - start);
    assert_eq!(schedule.leave(31, allowed), None);
}

#[tokio::test(start_paused = true)]
async fn a_chat_whose_last_message_left_late_waits_a_full_second_after_it() {
    let pacer = telegram();
    let start = Instant::now();
    let mut schedule = pacer.lock();
    assert_eq!(schedule.leave(7, start + Duration::from_millis(300)), None);
    let allowed = schedule
        .leave(7, start + SECOND)
        .expect("a second after the late one");
    assert!(allowed >= start + Duration::from_millis(1300));
}

#[tokio::test(start_paused = true)]
async fn a_send_that_leaves_later_than_its_turn_is_counted_from_when_it_left() {
    let pacer = telegram();
    pacer.wait_turn(3).await;
    let turn = Instant::now();
    tokio::time::advance(Duration::from_millis(40)).await;
    pacer.leaving_now(3);
    let mut schedule = pacer.lock();
    let allowed = schedule
        .leave(3, turn + SECOND + MARGIN)
        .expect("a second after it really left, not after its turn");
    assert!(allowed >= turn + Duration::from_millis(40) + SECOND);
    assert_eq!(schedule.left.len(), 1, "one departure, moved, not two");
}
