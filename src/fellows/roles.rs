//! The roles people hold beyond being a fellow, and what each lets them do.

/// A role in the programme. Being a fellow is not a role: it is being registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Buddy,
    EarlySupportLead,
    PastoralLead,
    ChiefFellow,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::ChiefFellow,
        Self::PastoralLead,
        Self::EarlySupportLead,
        Self::Buddy,
        Self::Admin,
    ];

    /// The name stored in the database and typed in commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buddy => "buddy",
            Self::EarlySupportLead => "early-support-lead",
            Self::PastoralLead => "pastoral-lead",
            Self::ChiefFellow => "chief-fellow",
            Self::Admin => "admin",
        }
    }

    /// Reads a role as people type it: "esl", "early support lead", "chief", "pastoral"...
    pub fn parse(raw: &str) -> Option<Self> {
        let key: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "buddy" | "buddies" => Some(Self::Buddy),
            "earlysupportlead" | "esl" | "earlysupport" => Some(Self::EarlySupportLead),
            "pastorallead" | "pastoral" => Some(Self::PastoralLead),
            "chieffellow" | "chief" | "chiefclinicalfellow" | "ccf" | "chiefcf" => {
                Some(Self::ChiefFellow)
            }
            "admin" | "administrator" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Buddy => "Buddy",
            Self::EarlySupportLead => "Early support lead",
            Self::PastoralLead => "Pastoral lead",
            Self::ChiefFellow => "Chief clinical fellow",
            Self::Admin => "Programme admin",
        }
    }

    /// One line on what to contact someone in this role about.
    pub fn helps_with(self) -> &'static str {
        match self {
            Self::Buddy => "everyday questions from a fellow who has been through it",
            Self::EarlySupportLead => "your first weeks, and anything your buddy can't sort out",
            Self::PastoralLead => "wellbeing, feeling isolated, family and personal worries",
            Self::ChiefFellow => {
                "the programme, rotas, training and anything that needs escalating"
            }
            Self::Admin => "the programme's records and this bot",
        }
    }

    /// Leads may use the leads' commands; buddies may not.
    pub fn is_lead(self) -> bool {
        !matches!(self, Self::Buddy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_as_people_type_them_and_round_trip() {
        assert_eq!(Role::parse("ESL"), Some(Role::EarlySupportLead));
        assert_eq!(
            Role::parse("early support lead"),
            Some(Role::EarlySupportLead)
        );
        assert_eq!(Role::parse("Chief-Fellow"), Some(Role::ChiefFellow));
        assert_eq!(Role::parse("wizard"), None);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
