//! The UN Secretariat's desirable range of a Member State (spec international-organisations.md
//! §2.1, §6.1) and its status (§2.2, §6.2), with every step of the computation shown.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// The weights of the three factors (shares of the base figure); they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub membership: f64,
    pub population: f64,
    pub contribution: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            membership: 0.40,
            population: 0.05,
            contribution: 0.55,
        }
    }
}

/// What a range is computed from: a period's parameters and a State's factors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RangeInput {
    /// The number of posts the calculation assumes (B).
    pub base_figure: f64,
    /// The number of Member States (N).
    pub member_states: i64,
    /// The State's share of the Member States' population, as a fraction.
    pub population_share: f64,
    /// The State's rate in the regular-budget scale of assessments, as a fraction.
    pub assessment_rate: f64,
    /// The State's nationals in posts subject to geographical distribution; the status is
    /// given only with it.
    #[serde(default)]
    pub staff: Option<i64>,
    /// 0.40 / 0.05 / 0.55 unless given.
    #[serde(default)]
    pub weights: Option<Weights>,
    /// 0.15 unless given.
    #[serde(default)]
    pub flex_pct: Option<f64>,
    /// 4.8 posts unless given.
    #[serde(default)]
    pub min_flex: Option<f64>,
    /// 14 posts unless given.
    #[serde(default)]
    pub min_upper: Option<f64>,
    /// HRX's "near the lower limit" threshold in posts: 5 unless given.
    #[serde(default)]
    pub near_threshold: Option<i64>,
}

/// One step of the computation: its name, the formula with the values put in, the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub step: &'static str,
    pub formula: String,
    pub value: f64,
}

/// A computed range, its status and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RangeResult {
    pub midpoint: f64,
    pub lower: f64,
    pub upper: f64,
    /// The limits as a report prints them: rounded half up to whole posts.
    pub display_lower: i64,
    pub display_upper: i64,
    /// `un-represented`, `under-represented`, `within range` or `over-represented`, tested
    /// against the displayed limits; only when the staff count is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// HRX's own flag, not a UN status: `near_lower_limit` when within range and at most the
    /// threshold above the lower limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hrx_flag: Option<&'static str>,
    pub steps: Vec<Step>,
}

/// Half up, to whole posts (HRX convention, §2.2).
pub fn round_half_up(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

/// To 2 decimals, for display and the API.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The status of a State with `staff` nationals against displayed limits (§2.2).
pub fn status(staff: i64, display_lower: i64, display_upper: i64) -> &'static str {
    if staff == 0 {
        "un-represented"
    } else if staff < display_lower {
        "under-represented"
    } else if staff <= display_upper {
        "within range"
    } else {
        "over-represented"
    }
}

impl RangeInput {
    /// Every input in its range, each refusal naming its field.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        let finite = |x: f64| x.is_finite();
        if !finite(self.base_figure) || self.base_figure <= 0.0 || self.base_figure > 1.0e7 {
            e.add("base_figure", "out_of_range");
        }
        if !(1..=1000).contains(&self.member_states) {
            e.add("member_states", "out_of_range");
        }
        for (field, x) in [
            ("population_share", self.population_share),
            ("assessment_rate", self.assessment_rate),
        ] {
            if !finite(x) || !(0.0..=1.0).contains(&x) {
                e.add(field, "out_of_range");
            }
        }
        if self.staff.is_some_and(|s| !(0..=1_000_000).contains(&s)) {
            e.add("staff", "out_of_range");
        }
        if let Some(w) = self.weights {
            let parts = [w.membership, w.population, w.contribution];
            if parts
                .iter()
                .any(|x| !finite(*x) || !(0.0..=1.0).contains(x))
                || (parts.iter().sum::<f64>() - 1.0).abs() > 1e-9
            {
                e.add("weights", "must_sum_to_one");
            }
        }
        if self
            .flex_pct
            .is_some_and(|x| !finite(x) || !(0.0..=1.0).contains(&x))
        {
            e.add("flex_pct", "out_of_range");
        }
        for (field, x) in [("min_flex", self.min_flex), ("min_upper", self.min_upper)] {
            if x.is_some_and(|x| !finite(x) || !(0.0..=1.0e6).contains(&x)) {
                e.add(field, "out_of_range");
            }
        }
        if self
            .near_threshold
            .is_some_and(|t| !(0..=1000).contains(&t))
        {
            e.add("near_threshold", "out_of_range");
        }
        e.into_result()
    }

    /// The range (§6.1) and, with a staff count, the status (§6.2).
    pub fn compute(&self) -> Result<RangeResult, FieldErrors> {
        self.check()?;
        let w = self.weights.unwrap_or_default();
        let b = self.base_figure;
        let n = self.member_states as f64;
        let flex_pct = self.flex_pct.unwrap_or(0.15);
        let min_flex = self.min_flex.unwrap_or(4.8);
        let min_upper = self.min_upper.unwrap_or(14.0);
        let membership = w.membership * b / n;
        let population = w.population * b * self.population_share;
        let contribution = w.contribution * b * self.assessment_rate;
        let midpoint = membership + population + contribution;
        let flex = (flex_pct * midpoint).max(min_flex);
        let lower = midpoint - flex;
        let upper = (midpoint + flex).max(min_upper);
        let (display_lower, display_upper) = (round_half_up(lower), round_half_up(upper));
        let steps = vec![
            Step {
                step: "membership",
                formula: format!("{} × {b} / {n}", w.membership),
                value: r2(membership),
            },
            Step {
                step: "population",
                formula: format!("{} × {b} × {}", w.population, self.population_share),
                value: r2(population),
            },
            Step {
                step: "contribution",
                formula: format!("{} × {b} × {}", w.contribution, self.assessment_rate),
                value: r2(contribution),
            },
            Step {
                step: "midpoint",
                formula: format!(
                    "{:.2} + {:.2} + {:.2}",
                    membership, population, contribution
                ),
                value: r2(midpoint),
            },
            Step {
                step: "flex",
                formula: format!("max({flex_pct} × {midpoint:.2}, {min_flex})"),
                value: r2(flex),
            },
            Step {
                step: "lower",
                formula: format!("{midpoint:.2} − {flex:.2}"),
                value: r2(lower),
            },
            Step {
                step: "upper",
                formula: format!("max({midpoint:.2} + {flex:.2}, {min_upper})"),
                value: r2(upper),
            },
        ];
        let status = self.staff.map(|s| status(s, display_lower, display_upper));
        let near = self.near_threshold.unwrap_or(5);
        let hrx_flag = match (status, self.staff) {
            (Some("within range"), Some(s)) if s - display_lower <= near => {
                Some("near_lower_limit")
            }
            _ => None,
        };
        Ok(RangeResult {
            midpoint: r2(midpoint),
            lower: r2(lower),
            upper: r2(upper),
            display_lower,
            display_upper,
            status,
            hrx_flag,
            steps,
        })
    }
}
