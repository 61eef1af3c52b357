//! What the bot says to fellows about themselves and to leads about fellows: registration and
//! the profile, roles and the audit log, a fellow's own data, and messages to the leads.

mod leads;
mod my_data;
pub(crate) mod registration;
pub(crate) mod roles;

pub use leads::Leads;
pub use my_data::MyData;
pub use registration::Registration;
pub use roles::Roles;
