//! Certificates of coverage: the workflow as data, what an application or a registration
//! must hold, and the period a certificate may cover under its agreement (steps 5 and 6 of the
//! determination: HRX refuses to record a period longer than the agreement allows).

use super::agreements::{Agreement, Direction, ExtensionRule, PostingLimit, CATEGORIES};
use super::dates::period_end;
use crate::workflow::Workflow;
use crate::FieldErrors;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const WORKFLOW_TOML: &str = include_str!("../../../../data/coverage/certificate-workflow.toml");

static WORKFLOW: LazyLock<Result<Workflow, String>> =
    LazyLock::new(|| Workflow::parse(WORKFLOW_TOML));

/// The certificate workflow as shipped (`data/coverage/certificate-workflow.toml`).
pub fn workflow() -> Result<&'static Workflow, &'static str> {
    WORKFLOW.as_ref().map_err(|e| e.as_str())
}

/// The state a new certificate starts in: an outbound application is `requested`, an inbound
/// certificate `presented`.
pub fn initial_state(direction: Direction) -> &'static str {
    match direction {
        Direction::Outbound => "requested",
        Direction::Inbound => "presented",
    }
}

/// States in which a certificate counts: issued or accepted, and not yet expired or revoked
/// by a step (the dates still decide each day).
pub const EFFECTIVE_STATES: [&str; 3] = ["issued", "extended", "accepted"];

/// An application (outbound) or a registration (inbound) as a client sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CertificateInput {
    /// `outbound` or `inbound`.
    pub direction: String,
    pub person_id: i64,
    /// The employer in China; an employer user files for its own organisation and may omit it.
    #[serde(default)]
    pub employer_id: Option<i64>,
    /// The partner country (ISO 3166-1 alpha-2): where the worker is posted (outbound), or the
    /// country that issued the certificate (inbound).
    pub partner_country: String,
    pub worker_category: String,
    pub posting_start: String,
    pub posting_end: String,
    /// The period asked for (outbound) or printed on the certificate (inbound).
    pub valid_from: String,
    pub valid_to: String,
    /// Inbound: the number on the partner's certificate.
    #[serde(default)]
    pub number: Option<String>,
}

/// A checked application or registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDraft {
    pub direction: Direction,
    pub person_id: i64,
    pub employer_id: Option<i64>,
    pub partner_country: String,
    pub worker_category: String,
    pub posting_start: NaiveDate,
    pub posting_end: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub number: Option<String>,
}

fn date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    errors.take(field, crate::registry::parse_date(value))
}

impl CertificateInput {
    /// Checks the fields that need no agreement: codes, dates and their order.
    pub fn parse(&self) -> Result<CertificateDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let direction = errors.take("direction", Direction::parse(&self.direction));
        if self.person_id <= 0 {
            errors.add("person_id", "required");
        }
        let partner = self.partner_country.trim().to_uppercase();
        if partner == "CN" || crate::reference::reference().country(&partner).is_none() {
            errors.add("partner_country", "unknown_country");
        }
        if !CATEGORIES.contains(&self.worker_category.as_str()) {
            errors.add("worker_category", "unknown_value");
        }
        let posting_start = date(&mut errors, "posting_start", &self.posting_start);
        let posting_end = date(&mut errors, "posting_end", &self.posting_end);
        let valid_from = date(&mut errors, "valid_from", &self.valid_from);
        let valid_to = date(&mut errors, "valid_to", &self.valid_to);
        errors.not_before(
            "posting_end",
            "before_posting_start",
            posting_start,
            posting_end,
        );
        errors.not_before("valid_to", "before_valid_from", valid_from, valid_to);
        errors.not_before(
            "valid_from",
            "before_posting_start",
            posting_start,
            valid_from,
        );
        errors.not_before("valid_to", "after_posting_end", valid_to, posting_end);
        let number = self
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if let Some(n) = number {
            let ok = n.chars().count() <= 40
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
            if !ok {
                errors.add("number", "invalid_format");
            }
        } else if direction == Some(Direction::Inbound) {
            errors.add("number", "required");
        }
        errors.into_result()?;
        match (direction, posting_start, posting_end, valid_from, valid_to) {
            (
                Some(direction),
                Some(posting_start),
                Some(posting_end),
                Some(valid_from),
                Some(valid_to),
            ) => Ok(CertificateDraft {
                direction,
                person_id: self.person_id,
                employer_id: self.employer_id,
                partner_country: partner,
                worker_category: self.worker_category.clone(),
                posting_start,
                posting_end,
                valid_from,
                valid_to,
                number: number.map(str::to_owned),
            }),
            _ => Err(FieldErrors::single("direction", "required")),
        }
    }
}

/// How far a posting may be covered under an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// The later of the posting start and the entry into force.
    pub clock_start: NaiveDate,
    /// The last day of the ordinary period; `None` when the posting has no time limit.
    pub allowed_end: Option<NaiveDate>,
    /// No limit is established: an officer decides (manual review).
    pub limit_unknown: bool,
    pub extension_rule: ExtensionRule,
    /// Whether extensions can be granted for this category at all.
    pub extension_allowed: bool,
    /// The last day extensions can reach, when the agreement caps them.
    pub extension_end: Option<NaiveDate>,
}

/// The posting limits of an agreement for a direction, category and posting start (spec §4,
/// steps 5 and 6, with the special rules of the `notes`: no limit for German diplomatic-mission
/// staff; Korea's locally hired short-term staff 60 months without extension).
pub fn limits(
    agreement: &Agreement,
    direction: Direction,
    category: &str,
    posting_start: NaiveDate,
) -> Limits {
    let clock_start = agreement
        .in_force
        .map_or(posting_start, |f| f.max(posting_start));
    let (limit, rule) = agreement.terms_for(direction, category);
    let extension_allowed = rule.allows_extension();
    let (allowed_end, limit_unknown) = match limit {
        PostingLimit::Months(n) => (Some(period_end(clock_start, n)), false),
        PostingLimit::Unlimited => (None, false),
        PostingLimit::NotEstablished => (None, true),
    };
    let extension_end = agreement
        .extension_max_months
        .filter(|_| extension_allowed)
        .map(|n| period_end(clock_start, n));
    Limits {
        clock_start,
        allowed_end,
        limit_unknown,
        extension_rule: rule,
        extension_allowed,
        extension_end,
    }
}

/// What the officer should know about a period that passes the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodCheck {
    pub limits: Limits,
    /// The agreement leaves the limit or the extension terms open: an officer decides.
    pub manual_review: bool,
}

/// Checks the period of a certificate (or of an extension, `extension` true) against its
/// agreement: in force on the first day, the category covered, and within the posting limit
/// or, for an extension, within what the extension rule allows.
pub fn check_period(
    agreement: &Agreement,
    draft: &CertificateDraft,
    extension: bool,
) -> Result<PeriodCheck, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !agreement.in_force_on(draft.valid_from) {
        errors.add("valid_from", "agreement_not_in_force");
    }
    if !agreement.covers(&draft.worker_category) {
        errors.add("worker_category", "category_not_covered");
    }
    let limits = limits(
        agreement,
        draft.direction,
        &draft.worker_category,
        draft.posting_start,
    );
    let mut manual_review = limits.limit_unknown;
    if let Some(until) = agreement.in_force_until {
        if draft.valid_to > until {
            errors.add("valid_to", "after_agreement_end");
        }
    }
    if extension {
        match limits.extension_rule {
            ExtensionRule::None => errors.add("valid_to", "extension_not_possible"),
            ExtensionRule::Unknown => manual_review = true,
            _ if !limits.extension_allowed => errors.add("valid_to", "extension_not_possible"),
            _ => {
                if limits.extension_end.is_some_and(|end| draft.valid_to > end) {
                    errors.add("valid_to", "exceeds_extension_limit");
                }
            }
        }
    } else if limits.allowed_end.is_some_and(|end| draft.valid_to > end) {
        errors.add("valid_to", "exceeds_posting_limit");
    }
    errors.into_result()?;
    Ok(PeriodCheck {
        limits,
        manual_review,
    })
}

/// The last day an extension may be asked for, counted back from the certificate's last day:
/// Spain needs the request at least 3 months before expiry (its `notes`); elsewhere the
/// request must come before the certificate ends.
pub fn extension_request_deadline(agreement: &Agreement, valid_to: NaiveDate) -> NaiveDate {
    if agreement.code.starts_with("CN-ES-") {
        valid_to
            .checked_sub_months(Months::new(3))
            .unwrap_or(valid_to)
    } else {
        valid_to
    }
}

/// The number given to an outbound certificate: `COC-<partner>-<year>-<serial>`.
pub fn certificate_number(partner: &str, year: i32, serial: i64) -> String {
    format!("COC-{partner}-{year}-{serial:06}")
}
