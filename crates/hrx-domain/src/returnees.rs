//! Services for returnees: the overseas credential record and the support programme for
//! returnees who start businesses — yearly calls with a budget, applications, reviews by
//! several reviewers who declare conflicts of interest, scores combined by a rule kept as
//! data (`data/returnees/support-programme.toml`), and decisions within the budget.

use crate::case::panel::{rank, Combine, PanelRule, Quota};
pub use crate::case::panel::{Candidate, Decision};
use crate::case::workflow::Workflow;
use crate::registry::{bounded_text, clean, parse_date};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const PROGRAMME_TOML: &str = include_str!("../../../data/returnees/support-programme.toml");
const CALL_WORKFLOW_TOML: &str = include_str!("../../../data/returnees/call-workflow.toml");
const APPLICATION_WORKFLOW_TOML: &str =
    include_str!("../../../data/returnees/application-workflow.toml");

static CALL_WORKFLOW: LazyLock<Result<Workflow, String>> =
    LazyLock::new(|| Workflow::parse(CALL_WORKFLOW_TOML));

/// The application workflow, with the programme's scoring rule as its review panel.
static APPLICATION_WORKFLOW: LazyLock<Result<Workflow, String>> = LazyLock::new(|| {
    let mut workflow = Workflow::parse(APPLICATION_WORKFLOW_TOML)?;
    workflow.panel = Some(ScoringRule::current()?.panel());
    Ok(workflow)
});

/// A call's workflow as shipped (`data/returnees/call-workflow.toml`).
pub fn call_workflow() -> Result<&'static Workflow, &'static str> {
    CALL_WORKFLOW.as_ref().map_err(String::as_str)
}

/// An application's workflow as shipped (`data/returnees/application-workflow.toml`), its
/// panel from `support-programme.toml`.
pub fn application_workflow() -> Result<&'static Workflow, &'static str> {
    APPLICATION_WORKFLOW.as_ref().map_err(String::as_str)
}

/// How reviewers' scores become one score, as the programme's TOML states it; the arithmetic is
/// the case kernel's review panel ([`ScoringRule::panel`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRule {
    /// `trimmed_mean`, `mean` or `median`.
    pub rule: String,
    #[serde(default)]
    pub trim: usize,
    pub min_reviews: usize,
    pub pass_score: f64,
}

impl ScoringRule {
    pub fn parse(text: &str) -> Result<ScoringRule, String> {
        let rule: ScoringRule = toml::from_str(text).map_err(|e| e.to_string())?;
        if Combine::parse(&rule.rule).is_none() {
            return Err(format!("unknown scoring rule {}", rule.rule));
        }
        if rule.min_reviews == 0 || !(0.0..=100.0).contains(&rule.pass_score) {
            return Err("min_reviews must be at least 1 and pass_score within 0..100".into());
        }
        Ok(rule)
    }

    /// The shipped rule.
    pub fn current() -> Result<&'static ScoringRule, &'static str> {
        static RULE: LazyLock<Result<ScoringRule, String>> =
            LazyLock::new(|| ScoringRule::parse(PROGRAMME_TOML));
        RULE.as_ref().map_err(String::as_str)
    }

    /// The rule as a review panel: one overall score from 0 to 100 per reviewer, and
    /// `min_reviews` reviews without a conflict both wanted and needed.
    pub fn panel(&self) -> PanelRule {
        PanelRule {
            reviewers: self.min_reviews,
            quorum: self.min_reviews,
            // An unknown rule cannot pass `parse`; a rule built by hand falls back to the mean.
            combine: Combine::parse(&self.rule).unwrap_or(Combine::Mean),
            trim: self.trim,
            criteria: Vec::new(),
            pass_score: self.pass_score,
        }
    }

    /// The combined score, once there are enough scores.
    pub fn combine(&self, scores: &[f64]) -> Option<f64> {
        self.panel().combine(scores)
    }
}

/// Funds applications in order of score (ties: the smaller request, then the earlier
/// application) while the budget lasts: one that does not fit in what is left is skipped
/// and the next is tried. Never spends more than the budget.
pub fn decide(rule: &ScoringRule, budget_cny: i64, candidates: &[Candidate]) -> Vec<Decision> {
    rank(&rule.panel(), Quota::Budget(budget_cny), candidates)
}

/// Verification states of an overseas credential.
pub const VERIFICATION: [&str; 3] = ["pending", "verified", "not_verified"];

/// A returnee's overseas credential, as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialInput {
    pub institution: String,
    pub country: String,
    pub degree: String,
    #[serde(default)]
    pub field: Option<String>,
    pub awarded_on: String,
    #[serde(default)]
    pub verification_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Credential {
    pub institution: String,
    pub country: String,
    pub degree: String,
    pub field: Option<String>,
    pub awarded_on: NaiveDate,
    pub verification_status: String,
}

impl Credential {
    pub fn parse(input: &CredentialInput, today: NaiveDate) -> Result<Credential, FieldErrors> {
        let mut errors = FieldErrors::new();
        let institution = errors.take("institution", bounded_text(input.institution.trim(), 200));
        let country = input.country.trim().to_uppercase();
        if crate::reference::reference().country(&country).is_none() || country == "CN" {
            errors.add("country", "unknown_value");
        }
        let degree = input.degree.trim().to_owned();
        if !crate::reference::reference()
            .education_levels
            .iter()
            .any(|l| l.code == degree)
        {
            errors.add("degree", "unknown_value");
        }
        let awarded_on = errors.take("awarded_on", parse_date(&input.awarded_on));
        if awarded_on.is_some_and(|d| d > today) {
            errors.add("awarded_on", "in_future");
        }
        let status = input
            .verification_status
            .clone()
            .unwrap_or_else(|| "pending".into());
        if !VERIFICATION.contains(&status.as_str()) {
            errors.add("verification_status", "unknown_value");
        }
        let field = clean(&input.field).and_then(|f| errors.take("field", bounded_text(&f, 200)));
        match (institution, awarded_on) {
            (Some(institution), Some(awarded_on)) if errors.is_empty() => Ok(Credential {
                institution,
                country,
                degree,
                field,
                awarded_on,
                verification_status: status,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn rule() -> ScoringRule {
        ScoringRule::current().unwrap().clone()
    }

    #[test]
    fn calls_and_applications_are_cases_whose_panel_is_the_programme_rule() {
        let call = call_workflow().unwrap();
        assert_eq!(call.initial, "open");
        assert!(call.transitions.iter().all(|t| t.irreversible));
        let application = application_workflow().unwrap();
        assert_eq!(application.panel, Some(rule().panel()));
        // Outcomes are set by the call's decision only: no user role may take them.
        assert!(application.transitions.iter().all(|t| t.roles.is_empty()));
    }

    #[test]
    fn the_trimmed_mean_drops_the_highest_and_lowest_score() {
        let r = rule();
        assert_eq!(r.combine(&[90.0, 70.0]), None, "too few reviews");
        assert_eq!(r.combine(&[90.0, 70.0, 80.0]), Some(80.0));
        assert_eq!(r.combine(&[100.0, 70.0, 80.0, 0.0]), Some(75.0));
        let median = ScoringRule {
            rule: "median".into(),
            ..r.clone()
        };
        assert_eq!(median.combine(&[10.0, 90.0, 70.0, 80.0]), Some(75.0));
        assert!(ScoringRule::parse("rule = \"best\"\nmin_reviews = 1\npass_score = 1.0").is_err());
    }

    #[test]
    fn decisions_follow_the_ranking_and_never_exceed_the_budget() {
        let r = rule();
        let c = |id, asked, score| Candidate {
            id,
            asked_cny: asked,
            score,
        };
        let d = decide(
            &r,
            1_000_000,
            &[
                c(1, 600_000, Some(90.0)),
                c(2, 500_000, Some(85.0)),
                c(3, 300_000, Some(80.0)),
                c(4, 100_000, Some(50.0)),
                c(5, 100_000, None),
            ],
        );
        let funded: Vec<i64> = d.iter().filter(|x| x.funded).map(|x| x.id).collect();
        assert_eq!(funded, vec![1, 3]);
        assert_eq!(d.iter().map(|x| x.awarded_cny).sum::<i64>(), 900_000);
        assert_eq!(d.iter().find(|x| x.id == 2).unwrap().reason, "over_budget");
        assert_eq!(
            d.iter().find(|x| x.id == 4).unwrap().reason,
            "below_pass_score"
        );
        assert_eq!(d.iter().find(|x| x.id == 5).unwrap().reason, "not_reviewed");
    }

    #[test]
    fn credentials_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let ok = CredentialInput {
            institution: "University of Manchester".into(),
            country: "gb".into(),
            degree: "7".into(),
            field: Some("Physics".into()),
            awarded_on: "2008-07-01".into(),
            verification_status: None,
        };
        let c = Credential::parse(&ok, today).unwrap();
        assert_eq!(
            (c.country.as_str(), c.verification_status.as_str()),
            ("GB", "pending")
        );
        let bad = CredentialInput {
            country: "CN".into(),
            awarded_on: "2030-01-01".into(),
            verification_status: Some("maybe".into()),
            degree: "99".into(),
            ..ok
        };
        let e = Credential::parse(&bad, today).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["country", "degree", "awarded_on", "verification_status"]
        );
    }
}
