//! Review panels as data: how many reviewers a case wants, how many scoring reviews it needs
//! before a decision (the quorum), the criteria each reviewer scores with their weights and
//! scales, how the reviewers' scores become one score, and the pass score. A reviewer who
//! declares a conflict of interest gives no score and does not count towards the quorum.
//!
//! [`rank`] turns combined scores into decisions: by score within a budget (the returnees'
//! support programme) or the best `n` that pass.

use serde::{Deserialize, Serialize};

/// The scale of an overall score when a panel scores without criteria.
pub const OVERALL_SCALE: (f64, f64) = (0.0, 100.0);

/// One thing reviewers score, with its weight in the review's score and its scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub weight: f64,
    pub min: f64,
    pub max: f64,
}

/// How the reviewers' scores become one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    Mean,
    /// Drops `trim` scores from each end when more than `2 * trim` remain, otherwise the mean.
    TrimmedMean,
    Median,
}

impl Combine {
    pub fn code(self) -> &'static str {
        match self {
            Combine::Mean => "mean",
            Combine::TrimmedMean => "trimmed_mean",
            Combine::Median => "median",
        }
    }

    pub fn parse(code: &str) -> Option<Combine> {
        match code {
            "mean" => Some(Combine::Mean),
            "trimmed_mean" => Some(Combine::TrimmedMean),
            "median" => Some(Combine::Median),
            _ => None,
        }
    }
}

/// A review panel's rule, as a workflow's `[panel]` table declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelRule {
    /// The panel size wanted.
    pub reviewers: usize,
    /// Scoring reviews (without a declared conflict) needed before a decision.
    pub quorum: usize,
    pub combine: Combine,
    #[serde(default)]
    pub trim: usize,
    /// The criteria each reviewer scores; empty means one overall score on [`OVERALL_SCALE`].
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// The lowest combined score that passes.
    pub pass_score: f64,
}

/// One reviewer's review of a case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Review<'a> {
    pub reviewer: &'a str,
    /// A declared conflict of interest: the review carries no score.
    pub conflict: bool,
    /// Criterion code → score, when the panel scores criteria.
    pub scores: &'a [(String, f64)],
    /// The one score, when the panel has no criteria.
    pub overall: Option<f64>,
}

/// Why a review or a set of reviews is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PanelRefusal {
    #[error("the panel has no criterion {0:?}")]
    UnknownCriterion(String),
    #[error("criterion {0:?} has no score")]
    MissingCriterion(String),
    #[error("criterion {0:?} is scored twice")]
    DuplicateCriterion(String),
    #[error("{value} is outside the scale of {criterion:?}")]
    OutOfScale { criterion: String, value: f64 },
    #[error("a reviewer who declares a conflict of interest gives no score")]
    ConflictWithScore,
    #[error("the review has no score")]
    NoScore,
    #[error("this panel scores criteria, not one overall score")]
    OverallWithCriteria,
    #[error("reviewer {0:?} has reviewed the case twice")]
    DuplicateReviewer(String),
}

impl PanelRefusal {
    /// A stable snake_case code for pages, the API and the audit.
    pub fn code(&self) -> &'static str {
        match self {
            PanelRefusal::UnknownCriterion(_) => "unknown_criterion",
            PanelRefusal::MissingCriterion(_) => "missing_criterion",
            PanelRefusal::DuplicateCriterion(_) => "duplicate_criterion",
            PanelRefusal::OutOfScale { .. } => "out_of_scale",
            PanelRefusal::ConflictWithScore => "conflict_with_score",
            PanelRefusal::NoScore => "no_score",
            PanelRefusal::OverallWithCriteria => "overall_with_criteria",
            PanelRefusal::DuplicateReviewer(_) => "duplicate_reviewer",
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl PanelRule {
    pub fn parse(toml_text: &str) -> Result<PanelRule, String> {
        let rule: PanelRule = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        rule.check()?;
        Ok(rule)
    }

    /// A panel of at least one reviewer whose quorum it can reach, a finite pass score,
    /// criteria with distinct codes, positive weights and proper scales.
    pub fn check(&self) -> Result<(), String> {
        if self.quorum == 0 || self.reviewers < self.quorum {
            return Err(format!(
                "panel: quorum {} must be at least 1 and at most the {} reviewers",
                self.quorum, self.reviewers
            ));
        }
        if !self.pass_score.is_finite() {
            return Err("panel: pass_score must be a number".into());
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if c.code.trim().is_empty() {
                return Err("panel: a criterion has no code".into());
            }
            if self.criteria[..i].iter().any(|o| o.code == c.code) {
                return Err(format!("panel: criterion {} is declared twice", c.code));
            }
            if !(c.weight.is_finite() && c.weight > 0.0) {
                return Err(format!("panel: criterion {} needs a positive weight", c.code));
            }
            if !(c.min.is_finite() && c.max.is_finite() && c.min < c.max) {
                return Err(format!("panel: criterion {} needs min < max", c.code));
            }
        }
        Ok(())
    }

    /// Checks one review and answers its score: `None` for a review with a declared conflict
    /// (which must carry no score), otherwise the weighted score Σ weight·score / Σ weight over
    /// the criteria, or the overall score when the panel has no criteria.
    pub fn check_review(&self, r: &Review<'_>) -> Result<Option<f64>, PanelRefusal> {
        if r.conflict {
            if r.scores.is_empty() && r.overall.is_none() {
                return Ok(None);
            }
            return Err(PanelRefusal::ConflictWithScore);
        }
        if self.criteria.is_empty() {
            if let Some((code, _)) = r.scores.first() {
                return Err(PanelRefusal::UnknownCriterion(code.clone()));
            }
            let value = r.overall.ok_or(PanelRefusal::NoScore)?;
            let (min, max) = OVERALL_SCALE;
            if !(min..=max).contains(&value) {
                return Err(PanelRefusal::OutOfScale {
                    criterion: "overall".into(),
                    value,
                });
            }
            return Ok(Some(value));
        }
        if r.overall.is_some() {
            return Err(PanelRefusal::OverallWithCriteria);
        }
        if r.scores.is_empty() {
            return Err(PanelRefusal::NoScore);
        }
        for (i, (code, value)) in r.scores.iter().enumerate() {
            let c = self
                .criteria
                .iter()
                .find(|c| &c.code == code)
                .ok_or_else(|| PanelRefusal::UnknownCriterion(code.clone()))?;
            if r.scores[..i].iter().any(|(other, _)| other == code) {
                return Err(PanelRefusal::DuplicateCriterion(code.clone()));
            }
            if !(c.min..=c.max).contains(value) {
                return Err(PanelRefusal::OutOfScale {
                    criterion: code.clone(),
                    value: *value,
                });
            }
        }
        let (mut sum, mut weights) = (0.0, 0.0);
        for c in &self.criteria {
            let value = r
                .scores
                .iter()
                .find(|(code, _)| code == &c.code)
                .map(|(_, v)| *v)
                .ok_or_else(|| PanelRefusal::MissingCriterion(c.code.clone()))?;
            sum += c.weight * value;
            weights += c.weight;
        }
        Ok(Some(sum / weights))
    }

    /// The scores of the reviews that count: every review checked, one per reviewer, and the
    /// reviewers with a declared conflict left out.
    fn scores(&self, reviews: &[Review<'_>]) -> Result<Vec<f64>, PanelRefusal> {
        let mut scores = Vec::with_capacity(reviews.len());
        for (i, r) in reviews.iter().enumerate() {
            if reviews[..i].iter().any(|o| o.reviewer == r.reviewer) {
                return Err(PanelRefusal::DuplicateReviewer(r.reviewer.to_owned()));
            }
            if let Some(score) = self.check_review(r)? {
                scores.push(score);
            }
        }
        Ok(scores)
    }

    /// Whether enough reviewers without a conflict have scored the case for a decision.
    /// Reviews that would be refused do not count, and a reviewer counts once.
    pub fn quorum_met(&self, reviews: &[Review<'_>]) -> bool {
        let scoring = reviews
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                !reviews[..*i].iter().any(|o| o.reviewer == r.reviewer)
                    && matches!(self.check_review(r), Ok(Some(_)))
            })
            .count();
        scoring >= self.quorum.max(1)
    }

    /// The combined score, once there are at least `quorum` scores, rounded to 2 decimals.
    pub fn combine(&self, scores: &[f64]) -> Option<f64> {
        if scores.is_empty() || scores.len() < self.quorum {
            return None;
        }
        let mut s = scores.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        let kept: &[f64] = match self.combine {
            Combine::TrimmedMean if n > 2 * self.trim => &s[self.trim..n - self.trim],
            Combine::Median => {
                let mid = if n % 2 == 1 {
                    s[n / 2]
                } else {
                    (s[n / 2 - 1] + s[n / 2]) / 2.0
                };
                return Some(round2(mid));
            }
            _ => &s,
        };
        Some(round2(kept.iter().sum::<f64>() / kept.len() as f64))
    }

    /// The case's combined score from its reviews (reviewers with a declared conflict
    /// excluded); `None` while the quorum is not met.
    pub fn score(&self, reviews: &[Review<'_>]) -> Result<Option<f64>, PanelRefusal> {
        Ok(self.combine(&self.scores(reviews)?))
    }
}

/// One application as the decision sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub asked_cny: i64,
    /// The combined score; `None` while reviews are missing.
    pub score: Option<f64>,
}

/// The outcome for one application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub id: i64,
    pub funded: bool,
    pub awarded_cny: i64,
    /// `funded`, `below_pass_score`, `over_budget`, `over_quota` or `not_reviewed`.
    pub reason: &'static str,
    pub rank: Option<usize>,
}

/// What a ranking may hand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    /// Fund requests while the budget lasts.
    Budget(i64),
    /// Select the best `n` that pass (each is awarded what it asked).
    Count(usize),
}

/// Ranks the scored candidates (score, then the smaller request, then the earlier id) and
/// decides each in that order: below the pass score it fails; with [`Quota::Budget`] one that
/// does not fit in what is left is skipped and the next is tried, never spending more than the
/// budget; with [`Quota::Count`] the first `n` that pass are selected. Candidates without a
/// score come last, unranked, as `not_reviewed`.
pub fn rank(rule: &PanelRule, quota: Quota, candidates: &[Candidate]) -> Vec<Decision> {
    let mut ranked: Vec<(&Candidate, f64)> = candidates
        .iter()
        .filter_map(|c| c.score.map(|s| (c, s)))
        .collect();
    ranked.sort_by(|(a, sa), (b, sb)| {
        sb.total_cmp(sa)
            .then(a.asked_cny.cmp(&b.asked_cny))
            .then(a.id.cmp(&b.id))
    });
    // What is left to hand out: money under a budget, places under a count.
    let mut left = match quota {
        Quota::Budget(budget) => budget,
        Quota::Count(n) => i64::try_from(n).unwrap_or(i64::MAX),
    };
    let mut out = Vec::with_capacity(candidates.len());
    for (i, (c, score)) in ranked.iter().enumerate() {
        let (funded, reason) = if *score < rule.pass_score {
            (false, "below_pass_score")
        } else {
            match quota {
                Quota::Budget(_) if c.asked_cny > left => (false, "over_budget"),
                Quota::Budget(_) => {
                    left -= c.asked_cny;
                    (true, "funded")
                }
                Quota::Count(_) if left <= 0 => (false, "over_quota"),
                Quota::Count(_) => {
                    left -= 1;
                    (true, "funded")
                }
            }
        };
        out.push(Decision {
            id: c.id,
            funded,
            awarded_cny: if funded { c.asked_cny } else { 0 },
            reason,
            rank: Some(i + 1),
        });
    }
    for c in candidates.iter().filter(|c| c.score.is_none()) {
        out.push(Decision {
            id: c.id,
            funded: false,
            awarded_cny: 0,
            reason: "not_reviewed",
            rank: None,
        });
    }
    out
}
