//! Sessions in conversation: what the bot says and which buttons it offers about sessions
//! (listing, RSVPs, the leads' form, attendance, moves, reminders, EQ prompts, calendar files).
//! The rules they follow (times, RSVP, EQ due dates, the form) are in the folder above.

mod attendance;
mod calendar;
mod cancelling;
mod editing;
mod eq;
mod moves;
mod moving;
pub(crate) mod new_session;
pub(crate) mod reminders;
mod sessions;

pub use attendance::Attendance;
pub use calendar::Calendar;
pub use cancelling::SessionCancels;
pub(crate) use cancelling::{SESSION_CANCELLED, SESSION_POSTS};
pub use eq::Eq;
pub(crate) use eq::{EQ_DIGEST, EQ_DUE};
pub(crate) use moves::{MoveRefusal, NAMES_SHOWN, SESSION_MOVED};
pub use moving::SessionMoves;
pub use new_session::{NewSession, SESSION_FILE_LIMIT};
pub use reminders::Reminders;
pub(crate) use reminders::{GROUP_REMINDER, SESSION_REMINDER};
pub use sessions::Sessions;
