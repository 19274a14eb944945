//! Certificates of coverage and determinations as both the JSON API and the pages use them.

use super::{step_comment, translate_worded};
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::AppState;
use chrono::NaiveDate;
use hrx_domain::access::{Capability, Principal, Scope};
use hrx_domain::coverage::determine::{determine, Determination, DeterminationRequest, Step};
use hrx_domain::coverage::rates::RateTable;
use hrx_domain::FieldErrors;
use hrx_store::case::StepRequest;
use hrx_store::coverage::{CertificateRecord, CertificateStep};
use serde::Deserialize;
use utoipa::ToSchema;

/// The certificates a user may see: employers their own, officers with the coverage
/// capability, reviewers and administrators all; `None` for anyone else.
pub fn coverage_scope(principal: &Principal) -> Option<Scope> {
    match principal.case_scope(Capability::Coverage) {
        Scope::Nothing => None,
        scope => Some(scope),
    }
}

/// A step argument as people read it: countries, categories and branches named in the
/// language; dates, months and agreement codes as they are.
fn worded(lang: Lang, name: &str, value: &str) -> String {
    match name {
        "partner" | "nationality" | "expected" => hrx_domain::reference::reference()
            .country(value)
            .map_or(value, |c| lang.pick(&c.name_zh, &c.name_en))
            .to_owned(),
        "category" => translate(lang, &format!("cov-category-{value}"), &[]),
        "branches" | "enrol" => value
            .split(", ")
            .filter(|b| !b.is_empty())
            .map(|b| translate(lang, &format!("cov-branch-{b}"), &[]))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        _ => value.to_owned(),
    }
}

/// The reasons of a determination in a language, step by step.
pub fn reasons(steps: &[Step], lang: Lang) -> Vec<String> {
    steps
        .iter()
        .map(|s| {
            let key = format!("coverage-step-{}", s.code);
            translate_worded(lang, &key, &s.args, |k, v| worded(lang, k, v))
        })
        .collect()
}

/// Runs the engine on the agreements as stored.
pub async fn run_determination(
    state: &AppState,
    request: &DeterminationRequest,
) -> Result<Determination, ApiError> {
    let agreements = state.store.agreements().await?;
    let rates = RateTable::builtin().map_err(|e| {
        tracing::error!(error = %e, "rate table does not parse");
        ApiError::Internal
    })?;
    Ok(determine(&agreements, rates, request)?)
}

pub use super::employer_for;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateTransition {
    /// check_contributions, issue, refuse, withdraw, accept, reject, revoke, expire.
    pub action: String,
    /// Required for refuse, reject and revoke.
    #[serde(default)]
    pub comment: Option<String>,
    /// The version the step is taken from.
    pub version: i64,
    /// check_contributions: the day contributions are paid up to.
    #[serde(default)]
    pub paid_until: Option<String>,
    /// revoke: the day from which the certificate stops counting (default today).
    #[serde(default)]
    pub effective: Option<String>,
}

/// An optional date field (YYYY-MM-DD, from 1900 on); empty is none.
pub fn optional_day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .filter(|d| chrono::Datelike::year(d) >= 1900)
                .ok_or_else(|| ApiError::Validation(FieldErrors::single(field, "invalid_date")))
        })
        .transpose()
}

/// Runs a workflow step for a user.
pub async fn take_step(
    state: &AppState,
    principal: &Principal,
    id: i64,
    body: &CertificateTransition,
) -> Result<CertificateRecord, ApiError> {
    let scope = coverage_scope(principal).ok_or(ApiError::Forbidden)?;
    let role = principal
        .case_workflow_role(Capability::Coverage)
        .ok_or(ApiError::Forbidden)?;
    let step = CertificateStep {
        step: StepRequest {
            action: body.action.as_str(),
            role,
            comment: step_comment(body.comment.as_deref())?,
            expected_version: body.version,
            today: state.today(),
        },
        paid_until: optional_day("paid_until", body.paid_until.as_deref())?,
        effective: optional_day("effective", body.effective.as_deref())?,
    };
    Ok(state
        .store
        .transition_certificate(&principal.username, id, &step, scope)
        .await?)
}
