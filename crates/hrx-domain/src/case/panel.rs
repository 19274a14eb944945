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
                return Err(format!(
                    "panel: criterion {} needs a positive weight",
                    c.code
                ));
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

#[cfg(test)]
mod tests {
    use super::*;

    const CRITERIA: &str = include_str!("testdata/criteria-panel.toml");

    fn criteria() -> PanelRule {
        PanelRule::parse(CRITERIA).unwrap_or_else(|e| panic!("{e}"))
    }

    fn overall(combine: Combine, quorum: usize) -> PanelRule {
        PanelRule {
            reviewers: 5,
            quorum,
            combine,
            trim: 1,
            criteria: Vec::new(),
            pass_score: 60.0,
        }
    }

    fn scores(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
        pairs.iter().map(|(c, v)| ((*c).to_owned(), *v)).collect()
    }

    const NONE: &[(String, f64)] = &[];

    fn by(reviewer: &str, score: f64) -> Review<'_> {
        Review {
            reviewer,
            conflict: false,
            scores: NONE,
            overall: Some(score),
        }
    }

    fn conflicted(reviewer: &str) -> Review<'_> {
        Review {
            reviewer,
            conflict: true,
            scores: NONE,
            overall: None,
        }
    }

    #[test]
    fn a_review_scores_the_weighted_mean_of_its_criteria() {
        let rule = criteria();
        let s = scores(&[("feasibility", 5.0), ("innovation", 8.0)]);
        let r = Review {
            reviewer: "r1",
            conflict: false,
            scores: &s,
            overall: None,
        };
        // (2 × 8 + 1 × 5) / 3
        assert_eq!(rule.check_review(&r), Ok(Some(7.0)));
        let p = overall(Combine::Mean, 1);
        assert_eq!(p.check_review(&by("r1", 72.5)), Ok(Some(72.5)));
    }

    #[test]
    fn a_review_out_of_scale_or_incomplete_is_refused() {
        let rule = criteria();
        let review = |s: &[(String, f64)], overall| {
            rule.check_review(&Review {
                reviewer: "r1",
                conflict: false,
                scores: s,
                overall,
            })
        };
        let high = scores(&[("innovation", 11.0), ("feasibility", 5.0)]);
        let refusal = review(&high, None);
        assert_eq!(
            refusal,
            Err(PanelRefusal::OutOfScale {
                criterion: "innovation".into(),
                value: 11.0
            })
        );
        assert_eq!(refusal.map_err(|e| e.code()), Err("out_of_scale"));
        let nan = scores(&[("innovation", f64::NAN), ("feasibility", 5.0)]);
        assert_eq!(
            review(&nan, None).map_err(|e| e.code()),
            Err("out_of_scale")
        );
        let cases = [
            (scores(&[("innovation", 8.0)]), None, "missing_criterion"),
            (
                scores(&[("innovation", 8.0), ("budget", 5.0)]),
                None,
                "unknown_criterion",
            ),
            (
                scores(&[("innovation", 8.0), ("innovation", 5.0)]),
                None,
                "duplicate_criterion",
            ),
            (Vec::new(), None, "no_score"),
            (Vec::new(), Some(7.0), "overall_with_criteria"),
        ];
        for (s, o, code) in cases {
            assert_eq!(review(&s, o).map_err(|e| e.code()), Err(code));
        }
        let p = overall(Combine::Mean, 1);
        assert_eq!(
            p.check_review(&by("r1", 100.5)),
            Err(PanelRefusal::OutOfScale {
                criterion: "overall".into(),
                value: 100.5
            })
        );
        let s = scores(&[("innovation", 8.0)]);
        let with_criteria = Review {
            reviewer: "r1",
            conflict: false,
            scores: &s,
            overall: None,
        };
        assert_eq!(
            p.check_review(&with_criteria).map_err(|e| e.code()),
            Err("unknown_criterion")
        );
        assert_eq!(
            p.check_review(&conflicted("r1")).map_err(|e| e.code()),
            Ok(None)
        );
        let scoring_conflict = Review {
            conflict: true,
            ..by("r1", 80.0)
        };
        assert_eq!(
            p.check_review(&scoring_conflict),
            Err(PanelRefusal::ConflictWithScore)
        );
        assert_eq!(
            p.check_review(&scoring_conflict).map_err(|e| e.to_string()),
            Err("a reviewer who declares a conflict of interest gives no score".into())
        );
    }

    #[test]
    fn a_conflicted_reviewer_is_left_out_of_the_score_and_the_quorum() {
        let p = overall(Combine::Mean, 3);
        let reviews = [by("a", 80.0), by("b", 70.0), conflicted("d"), by("c", 90.0)];
        assert!(p.quorum_met(&reviews));
        assert_eq!(p.score(&reviews), Ok(Some(80.0)));
        // Had the conflicted reviewer scored 20, the score would have been 65.
        let counted = [by("a", 80.0), by("b", 70.0), by("d", 20.0), by("c", 90.0)];
        assert_eq!(p.score(&counted), Ok(Some(65.0)));
        assert_ne!(p.score(&reviews), p.score(&counted));
        // Two scoring reviewers and a conflicted one do not make a quorum of three.
        let short = [by("a", 80.0), conflicted("d"), by("c", 90.0)];
        assert!(!p.quorum_met(&short));
        assert_eq!(p.score(&short), Ok(None));
        // A reviewer counts once; a refused review refuses the score.
        let twice = [by("a", 80.0), by("a", 70.0), by("c", 90.0)];
        assert!(!p.quorum_met(&twice));
        assert_eq!(
            p.score(&twice),
            Err(PanelRefusal::DuplicateReviewer("a".into()))
        );
        let bad = [by("a", 80.0), by("b", 170.0), by("c", 90.0)];
        assert!(!p.quorum_met(&bad));
        assert_eq!(p.score(&bad).map_err(|e| e.code()), Err("out_of_scale"));
    }

    #[test]
    fn scores_combine_by_trimmed_mean_median_or_mean() {
        let t = overall(Combine::TrimmedMean, 3);
        assert_eq!(t.combine(&[90.0, 70.0]), None, "below quorum");
        assert_eq!(t.combine(&[90.0, 70.0, 80.0]), Some(80.0));
        assert_eq!(t.combine(&[100.0, 70.0, 80.0, 0.0]), Some(75.0));
        // Too few to trim: the plain mean.
        let t2 = PanelRule {
            trim: 2,
            ..t.clone()
        };
        assert_eq!(t2.combine(&[100.0, 70.0, 85.0, 0.0]), Some(63.75));
        let m = overall(Combine::Median, 3);
        assert_eq!(m.combine(&[10.0, 90.0, 70.0, 80.0]), Some(75.0));
        assert_eq!(m.combine(&[10.0, 90.0, 70.0]), Some(70.0));
        let mean = overall(Combine::Mean, 3);
        assert_eq!(mean.combine(&[100.0, 70.0, 80.0, 0.0]), Some(62.5));
        assert_eq!(mean.combine(&[70.0, 70.0, 71.0]), Some(70.33));
        assert_eq!(overall(Combine::Mean, 0).combine(&[]), None);
        // With criteria, each review's weighted score is combined.
        let rule = criteria();
        let (s1, s2, s3, s4) = (
            scores(&[("innovation", 8.0), ("feasibility", 5.0)]),
            scores(&[("innovation", 6.0), ("feasibility", 9.0)]),
            scores(&[("innovation", 10.0), ("feasibility", 10.0)]),
            scores(&[("innovation", 2.0), ("feasibility", 2.0)]),
        );
        let r = |reviewer, s| Review {
            reviewer,
            conflict: false,
            scores: s,
            overall: None,
        };
        let reviews = [r("a", &s1), r("b", &s2), r("c", &s3), r("d", &s4)];
        // 7, 7, 10 and 2: the trimmed mean drops 10 and 2.
        assert_eq!(rule.score(&reviews), Ok(Some(7.0)));
    }

    #[test]
    fn a_broken_panel_is_refused() {
        assert!(PanelRule::parse(CRITERIA).is_ok());
        for (from, to) in [
            ("quorum = 3", "quorum = 6"),
            ("quorum = 3", "quorum = 0"),
            ("weight = 2.0", "weight = 0.0"),
            ("max = 10.0", "max = -1.0"),
            ("\"feasibility\"", "\"innovation\""),
            ("\"trimmed_mean\"", "\"best\""),
            ("pass_score = 6.0", "pass_score = 6.0\npanel_size = 4"),
        ] {
            let text = CRITERIA.replacen(from, to, 1);
            assert_ne!(text, CRITERIA);
            assert!(PanelRule::parse(&text).is_err(), "{to}");
        }
        assert_eq!(Combine::parse("median"), Some(Combine::Median));
        assert_eq!(Combine::TrimmedMean.code(), "trimmed_mean");
    }

    fn c(id: i64, asked_cny: i64, score: Option<f64>) -> Candidate {
        Candidate {
            id,
            asked_cny,
            score,
        }
    }

    fn candidates() -> Vec<Candidate> {
        vec![
            c(1, 600_000, Some(90.0)),
            c(2, 500_000, Some(85.0)),
            c(3, 300_000, Some(80.0)),
            c(4, 100_000, Some(50.0)),
            c(5, 100_000, None),
        ]
    }

    fn decision(id: i64, awarded_cny: i64, reason: &'static str, rank: Option<usize>) -> Decision {
        Decision {
            id,
            funded: reason == "funded",
            awarded_cny,
            reason,
            rank,
        }
    }

    #[test]
    fn ranking_within_a_budget_is_the_returnees_decision() {
        let rule = crate::returnees::ScoringRule::current().unwrap_or_else(|e| panic!("{e}"));
        let ranked = rank(&rule.panel(), Quota::Budget(1_000_000), &candidates());
        assert_eq!(
            ranked,
            [
                decision(1, 600_000, "funded", Some(1)),
                decision(2, 0, "over_budget", Some(2)),
                decision(3, 300_000, "funded", Some(3)),
                decision(4, 0, "below_pass_score", Some(4)),
                decision(5, 0, "not_reviewed", None),
            ]
        );
        assert_eq!(
            ranked,
            crate::returnees::decide(rule, 1_000_000, &candidates())
        );
        // Ties: the smaller request first, then the earlier application.
        let tied = [
            c(7, 200_000, Some(70.0)),
            c(6, 200_000, Some(70.0)),
            c(8, 100_000, Some(70.0)),
        ];
        let order: Vec<i64> = rank(&rule.panel(), Quota::Budget(300_000), &tied)
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(order, [8, 6, 7]);
    }

    #[test]
    fn ranking_by_count_selects_the_best_that_pass() {
        let rule = overall(Combine::TrimmedMean, 3);
        assert_eq!(
            rank(&rule, Quota::Count(2), &candidates()),
            [
                decision(1, 600_000, "funded", Some(1)),
                decision(2, 500_000, "funded", Some(2)),
                decision(3, 0, "over_quota", Some(3)),
                decision(4, 0, "below_pass_score", Some(4)),
                decision(5, 0, "not_reviewed", None),
            ]
        );
        let selected = |n| {
            rank(&rule, Quota::Count(n), &candidates())
                .iter()
                .filter(|d| d.funded)
                .map(|d| d.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(selected(0), Vec::<i64>::new());
        assert_eq!(selected(10), [1, 2, 3], "only those that pass");
    }
}
