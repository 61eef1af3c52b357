//! The buddy scheme: choosing a buddy for a new fellow (`suggestion`), the leads' and fellows'
//! conversation about pairings (`conversation`) and the two-week check-in (`checkins`).
//! The pairings themselves are stored by the store.

pub mod assignment;
pub mod checkins;
pub mod conversation;
pub mod pairing;
pub mod press;
pub mod suggestion;
pub mod targets;

pub use assignment::{Assigned, Introductions};
pub use checkins::{CHECKIN_AFTER, CheckIns};
pub use conversation::Buddies;
pub use suggestion::{BuddyCandidate, suggest_buddies};
