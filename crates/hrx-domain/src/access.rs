//! Who may do what. Every handler asks these functions about the object it touches.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Officer,
    Reviewer,
    Employer,
    Applicant,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Officer,
        Role::Reviewer,
        Role::Employer,
        Role::Applicant,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Reviewer => "reviewer",
            Role::Employer => "employer",
            Role::Applicant => "applicant",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == value.trim())
            .ok_or("unknown_value")
    }
}

/// The areas of work an officer is granted one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Registry,
    WorkPermits,
    Coverage,
    Conventions,
    Cooperation,
    Mobility,
    Experts,
    Statistics,
    Training,
    IntOrgs,
}

impl Capability {
    pub const ALL: [Capability; 10] = [
        Capability::Registry,
        Capability::WorkPermits,
        Capability::Coverage,
        Capability::Conventions,
        Capability::Cooperation,
        Capability::Mobility,
        Capability::Experts,
        Capability::Statistics,
        Capability::Training,
        Capability::IntOrgs,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Capability::Registry => "registry",
            Capability::WorkPermits => "work_permits",
            Capability::Coverage => "coverage",
            Capability::Conventions => "conventions",
            Capability::Cooperation => "cooperation",
            Capability::Mobility => "mobility",
            Capability::Experts => "experts",
            Capability::Statistics => "statistics",
            Capability::Training => "training",
            Capability::IntOrgs => "international_organisations",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == value.trim())
            .ok_or("unknown_value")
    }

    /// Parses a comma-separated list such as `registry,work_permits`.
    pub fn parse_list(value: &str) -> Result<Vec<Self>, &'static str> {
        let mut list: Vec<Self> = value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Self::parse)
            .collect::<Result<_, _>>()?;
        list.dedup();
        Ok(list)
    }
}

/// The capabilities whose work is about people: their officers read the registry's people.
pub const PERSON_CAPABILITIES: [Capability; 8] = [
    Capability::Registry,
    Capability::WorkPermits,
    Capability::Coverage,
    Capability::Mobility,
    Capability::Cooperation,
    Capability::Experts,
    Capability::Training,
    Capability::IntOrgs,
];

/// The signed-in user as access control sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub capabilities: Vec<Capability>,
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
}

/// Which records of a kind a principal may see: a store turns this into a WHERE clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Organisation(i64),
    Person(i64),
    Nothing,
}

impl Principal {
    pub fn has(&self, capability: Capability) -> bool {
        self.role == Role::Admin
            || (self.role == Role::Officer && self.capabilities.contains(&capability))
    }

    /// People: reviewers see all, and officers whose capability works with people (the
    /// registry, work permits, coverage, mobility, cooperation's delegations and contacts,
    /// experts) — an officer of statistics or of the conventions register only sees none;
    /// an employer user those linked to its organisation; an applicant only themselves.
    pub fn person_scope(&self) -> Scope {
        match self.role {
            Role::Admin | Role::Reviewer => Scope::All,
            Role::Officer if PERSON_CAPABILITIES.iter().any(|c| self.has(*c)) => Scope::All,
            Role::Officer => Scope::Nothing,
            Role::Employer => self
                .organisation_id
                .map_or(Scope::Nothing, Scope::Organisation),
            Role::Applicant => self.person_id.map_or(Scope::Nothing, Scope::Person),
        }
    }

    /// Organisations: an employer user sees its own only, an applicant none.
    pub fn organisation_scope(&self) -> Scope {
        match self.role {
            Role::Admin | Role::Reviewer | Role::Officer => Scope::All,
            Role::Employer => self
                .organisation_id
                .map_or(Scope::Nothing, Scope::Organisation),
            Role::Applicant => Scope::Nothing,
        }
    }

    /// Registry officers enter people; an employer user enters the people it employs.
    pub fn may_create_person(&self) -> bool {
        self.has(Capability::Registry) || self.role == Role::Employer
    }

    /// Editing follows creation rights, within what the principal may see.
    pub fn may_edit_person(&self, person_organisation: Option<i64>) -> bool {
        self.has(Capability::Registry)
            || (self.role == Role::Employer
                && self.organisation_id.is_some()
                && person_organisation == self.organisation_id)
    }

    /// Merging two person records into one (and undoing it) is the registry officers' work:
    /// it moves records of every capability.
    pub fn may_merge_persons(&self) -> bool {
        self.has(Capability::Registry)
    }

    pub fn may_manage_organisations(&self) -> bool {
        self.has(Capability::Registry)
    }

    /// Bulk imports: each kind belongs to the officers of its capability (and admins).
    pub fn may_import(&self, kind: crate::imports::ImportKind) -> bool {
        use crate::imports::ImportKind;
        match kind {
            ImportKind::StudyAbroad | ImportKind::ForeignStudents => self.has(Capability::Mobility),
            ImportKind::WorkPermits => self.has(Capability::WorkPermits),
            ImportKind::CoverageCertificates => self.has(Capability::Coverage),
            ImportKind::TrainingAbroad => self.has(Capability::Training),
            ImportKind::Experts => self.has(Capability::Experts),
        }
    }

    pub fn may_manage_users(&self) -> bool {
        self.role == Role::Admin
    }

    /// The cases and documents of a capability (work-permit applications and permits,
    /// certificates of coverage): officers with the capability, reviewers and administrators
    /// see all; an employer user its organisation's; an applicant their own.
    /// `Scope::Nothing` for officers without the capability.
    pub fn case_scope(&self, capability: Capability) -> Scope {
        match self.role {
            Role::Admin | Role::Reviewer => Scope::All,
            Role::Officer if self.has(capability) => Scope::All,
            Role::Officer => Scope::Nothing,
            Role::Employer => self
                .organisation_id
                .map_or(Scope::Nothing, Scope::Organisation),
            Role::Applicant => self.person_id.map_or(Scope::Nothing, Scope::Person),
        }
    }

    /// The role a case workflow names this principal by, if it may take steps at all.
    pub fn case_workflow_role(&self, capability: Capability) -> Option<&'static str> {
        match self.role {
            Role::Employer if self.organisation_id.is_some() => Some("employer"),
            _ if self.has(capability) => Some("officer"),
            _ => None,
        }
    }

    pub fn work_permit_scope(&self) -> Scope {
        self.case_scope(Capability::WorkPermits)
    }

    pub fn work_permit_workflow_role(&self) -> Option<&'static str> {
        self.case_workflow_role(Capability::WorkPermits)
    }

    /// Audit history is for the ministry's own staff.
    pub fn may_read_history(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Officer | Role::Reviewer)
    }

    /// An employer user files people for its own organisation only: a person it files is
    /// bound to that organisation, and naming another one is refused.
    pub fn bind_to_employer(
        &self,
        input: &mut crate::registry::PersonInput,
    ) -> Result<(), crate::FieldErrors> {
        if self.role == Role::Employer {
            if input.organisation_id.is_some() && input.organisation_id != self.organisation_id {
                return Err(crate::FieldErrors::single("organisation_id", "not_allowed"));
            }
            input.organisation_id = self.organisation_id;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, capabilities: Vec<Capability>) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            role,
            capabilities,
            organisation_id: Some(7),
            person_id: Some(9),
        }
    }

    #[test]
    fn officers_act_only_with_their_capability() {
        let officer = principal(Role::Officer, vec![Capability::WorkPermits]);
        assert!(!officer.may_create_person());
        assert!(officer.has(Capability::WorkPermits));
        let registrar = principal(Role::Officer, vec![Capability::Registry]);
        assert!(registrar.may_create_person());
        assert!(registrar.may_manage_organisations());
        assert!(!registrar.may_manage_users());
    }

    #[test]
    fn employer_and_applicant_are_confined() {
        let employer = principal(Role::Employer, vec![]);
        assert_eq!(employer.person_scope(), Scope::Organisation(7));
        assert_eq!(employer.organisation_scope(), Scope::Organisation(7));
        assert!(employer.may_edit_person(Some(7)));
        assert!(!employer.may_edit_person(Some(8)));
        assert!(!employer.may_edit_person(None));
        let applicant = principal(Role::Applicant, vec![]);
        assert_eq!(applicant.person_scope(), Scope::Person(9));
        assert_eq!(applicant.organisation_scope(), Scope::Nothing);
        assert!(!applicant.may_read_history());
    }

    #[test]
    fn capability_lists_parse() {
        assert_eq!(
            Capability::parse_list("registry, work_permits,"),
            Ok(vec![Capability::Registry, Capability::WorkPermits])
        );
        assert_eq!(
            Capability::parse_list("registry,nope"),
            Err("unknown_value")
        );
    }
}
