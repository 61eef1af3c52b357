//! Who may do what: a person's [`Access`], and the [`Permission`] a command or button asks for.

/// Who may use a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Everyone,
    /// Chief fellows, pastoral leads, early support leads and admins.
    Lead,
    Admin,
}

/// What one person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Access {
    pub lead: bool,
    pub admin: bool,
}

impl Access {
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::Everyone => true,
            Permission::Lead => self.lead,
            Permission::Admin => self.admin,
        }
    }
}
