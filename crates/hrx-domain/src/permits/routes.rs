//! The category an applicant reaches by every route (spec §2 and §5): direct routes to A, the
//! routes to B with the general B conditions, the C routes, and the conditions every
//! applicant must meet. Routes that rest on documents count as claimed; the reviewer confirms.

pub use super::claims::RouteClaims;
use super::points::{Assessment, AssessmentInput};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

const LOCAL_WAGES_CSV: &str = include_str!("../../../../data/work-permits/local-wages.csv");

#[derive(Deserialize)]
struct WageRow {
    locality: String,
    year: i32,
    average_annual_cny: i64,
    minimum_monthly_cny: Option<i64>,
    source: String,
}

/// The wages shipped in `data/work-permits/local-wages.csv`; administrators add and correct
/// the rest in HRX.
pub fn shipped_local_wages() -> Vec<LocalWage> {
    csv::Reader::from_reader(LOCAL_WAGES_CSV.as_bytes())
        .deserialize::<WageRow>()
        .filter_map(Result::ok)
        .map(|r| LocalWage {
            locality: r.locality,
            year: r.year,
            average_annual_fen: r.average_annual_cny * 100,
            minimum_monthly_fen: r.minimum_monthly_cny.map(|m| m * 100),
            source: r.source,
        })
        .collect()
}

/// A locality's published wages for one year (RMB fen, exact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalWage {
    /// GB/T 2260 code of a province or city.
    pub locality: String,
    pub year: i32,
    pub average_annual_fen: i64,
    pub minimum_monthly_fen: Option<i64>,
    pub source: String,
}

impl LocalWage {
    /// Wages as an administrator enters them, in yuan: a 6-digit GB/T 2260 locality, a year
    /// from 1990, positive amounts, and the source they were published in.
    pub fn parse(
        locality: &str,
        year: i32,
        average_annual_cny: f64,
        minimum_monthly_cny: Option<f64>,
        source: &str,
    ) -> Result<LocalWage, crate::FieldErrors> {
        let mut errors = crate::FieldErrors::new();
        let locality = locality.trim();
        if locality.len() != 6 || !locality.chars().all(|c| c.is_ascii_digit()) {
            errors.add("locality", "format");
        }
        if !(1990..=2100).contains(&year) {
            errors.add("year", "out_of_range");
        }
        let mut fen = |field: &str, value: f64| -> i64 {
            if !value.is_finite() || value <= 0.0 || value > 1e10 {
                errors.add(field, "out_of_range");
                return 0;
            }
            (value * 100.0).round() as i64
        };
        let average = fen("average_annual_cny", average_annual_cny);
        let minimum = minimum_monthly_cny.map(|m| fen("minimum_monthly_cny", m));
        let source = source.trim();
        if source.is_empty() {
            errors.add("source", "required");
        } else if source.chars().count() > 500 || source.chars().any(char::is_control) {
            errors.add("source", "too_long");
        }
        errors.into_result()?;
        Ok(LocalWage {
            locality: locality.to_owned(),
            year,
            average_annual_fen: average,
            minimum_monthly_fen: minimum,
            source: source.to_owned(),
        })
    }
}

pub const A_ROUTES: [&str; 7] = [
    "a_talent_plan",
    "a_international_achievement",
    "a_market_encouraged",
    "a_salary_6x",
    "a_innovation_entrepreneur",
    "a_young_talent",
    "a_points",
];
pub const B_ROUTES: [&str; 6] = [
    "b_profession",
    "b_vocational_skill",
    "b_language_teacher",
    "b_salary_4x",
    "b_special_personnel",
    "b_points",
];
pub const C_ROUTES: [&str; 8] = [
    "c_existing_rules",
    "c_short_term",
    "c_intern",
    "c_student_graduate",
    "c_domestic_helper",
    "c_special_field",
    "c_seasonal",
    "c_quota_other",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteResult {
    pub route: &'static str,
    pub met: bool,
    /// Translation key of the reason, with its arguments.
    pub reason_key: &'static str,
    pub reason_args: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryDecision {
    pub category: Option<&'static str>,
    pub routes: Vec<RouteResult>,
    /// Conditions not met: the general B conditions and the conditions for everyone.
    pub unmet_conditions: Vec<String>,
}

fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
    }
}

fn result(
    route: &'static str,
    met: bool,
    key: &'static str,
    args: &[(&str, String)],
) -> RouteResult {
    RouteResult {
        route,
        met,
        reason_key: key,
        reason_args: args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

/// Every route, whether it is met and why; then the category: A if any A route is met, B if a
/// B route is met and the general B conditions hold (or are waived), C if a C route is
/// claimed, none otherwise. A failed condition for everyone leaves no category.
pub fn decide(
    input: &AssessmentInput,
    claims: &RouteClaims,
    assessment: &Assessment,
    previous_year_wage: Option<&LocalWage>,
) -> CategoryDecision {
    let claimed = |route: &str| claims.claimed.iter().any(|c| c == route);
    let salary_fen = (input.annual_salary_cny * 100.0).round() as i64;
    let mut routes = Vec::new();
    let salary_route = |route: &'static str, k: i64| match previous_year_wage {
        Some(w) => {
            let threshold = w.average_annual_fen * k;
            let met = salary_fen >= threshold;
            result(
                route,
                met,
                if met {
                    "route-salary-met"
                } else {
                    "route-salary-short"
                },
                &[
                    ("k", k.to_string()),
                    ("threshold", yuan(threshold)),
                    ("year", w.year.to_string()),
                    ("locality", w.locality.clone()),
                ],
            )
        }
        None => result(
            route,
            false,
            "route-salary-no-wage",
            &[("k", k.to_string())],
        ),
    };
    // A points route: met at `threshold` points or more.
    let points_route = |route: &'static str, threshold: i64| {
        result(
            route,
            assessment.total >= threshold,
            "route-points",
            &[
                ("total", assessment.total.to_string()),
                ("threshold", threshold.to_string()),
            ],
        )
    };
    for route in A_ROUTES {
        routes.push(match route {
            "a_salary_6x" => salary_route(route, 6),
            "a_points" => points_route(route, 85),
            _ if claimed(route) => result(route, true, "route-claimed", &[]),
            _ => result(route, false, "route-not-claimed", &[]),
        });
    }
    let degree = matches!(
        input.education.as_str(),
        "bachelor" | "master" | "doctorate"
    );
    let years = input.related_experience_years.floor() as i64;
    for route in B_ROUTES {
        routes.push(match route {
            "b_salary_4x" => salary_route(route, 4),
            "b_points" => points_route(route, 60),
            "b_profession" if claimed(route) && !(degree && years >= 2) => {
                result(route, false, "route-profession-short", &[])
            }
            "b_language_teacher" if claimed(route) && !degree => {
                result(route, false, "route-teacher-no-degree", &[])
            }
            _ if claimed(route) => result(route, true, "route-claimed", &[]),
            _ => result(route, false, "route-not-claimed", &[]),
        });
    }
    for route in C_ROUTES {
        routes.push(if claimed(route) {
            result(route, true, "route-claimed", &[])
        } else {
            result(route, false, "route-not-claimed", &[])
        });
    }

    // The general B conditions (§6); a vocational-skill route stands in for the degree.
    let mut b_unmet = Vec::new();
    if assessment.age > 60 {
        b_unmet.push("b_age_over_60".to_owned());
    }
    if !degree && !claimed("b_vocational_skill") {
        b_unmet.push("b_degree_below_bachelor".to_owned());
    }
    if years < 2 {
        b_unmet.push("b_experience_under_2_years".to_owned());
    }
    // Conditions for everyone.
    let mut hard = Vec::new();
    let assessed = NaiveDate::parse_from_str(&input.assessment_date, "%Y-%m-%d").ok();
    if let (Some(expiry), Some(on)) = (claims.passport_expiry.as_deref(), assessed) {
        match NaiveDate::parse_from_str(expiry, "%Y-%m-%d") {
            Ok(expiry)
                if on
                    .checked_add_months(Months::new(6))
                    .is_some_and(|limit| expiry < limit) =>
            {
                hard.push("passport_valid_under_6_months".to_owned())
            }
            Ok(_) => {}
            Err(_) => hard.push("passport_expiry_invalid".to_owned()),
        }
    }
    if let Some(minimum) = previous_year_wage.and_then(|w| w.minimum_monthly_fen) {
        if salary_fen < minimum * 12 {
            hard.push("salary_below_minimum_wage".to_owned());
        }
    }
    let met = |prefix: &str| routes.iter().any(|r| r.met && r.route.starts_with(prefix));
    let b_ok = b_unmet.is_empty() || claims.b_conditions_waived;
    let category = if !hard.is_empty() {
        None
    } else if met("a_") {
        Some("A")
    } else if met("b_") && b_ok {
        Some("B")
    } else if met("c_") {
        Some("C")
    } else {
        None
    };
    let mut unmet_conditions = hard;
    if !claims.b_conditions_waived {
        unmet_conditions.extend(b_unmet);
    }
    CategoryDecision {
        category,
        routes,
        unmet_conditions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permits::points::{assess, PointsTable, WorkLocationInput};

    fn profile(monthly_salary: f64, education: &str, years: f64, birth: &str) -> AssessmentInput {
        AssessmentInput {
            assessment_date: "2023-12-01".into(),
            birth_date: birth.into(),
            annual_salary_cny: monthly_salary * 12.0,
            education: education.into(),
            related_experience_years: years,
            months_in_china_per_year: 12.0,
            chinese: Default::default(),
            work_location: WorkLocationInput {
                province: "440000".into(),
                designated_area: false,
                city: None,
            },
            distinctions: Default::default(),
            local_bonus: 0,
            routes: Default::default(),
        }
    }

    fn guangzhou() -> LocalWage {
        LocalWage {
            locality: "440100".into(),
            year: 2022,
            average_annual_fen: 10_449 * 12 * 100,
            minimum_monthly_fen: Some(230_000),
            source: "test".into(),
        }
    }

    fn decision(
        input: &AssessmentInput,
        claims: &RouteClaims,
        wage: Option<&LocalWage>,
    ) -> CategoryDecision {
        let table = PointsTable::current().unwrap_or_else(|e| panic!("{e}"));
        let a = assess(input, table).unwrap_or_else(|e| panic!("{e:?}"));
        decide(input, claims, &a, wage)
    }

    fn met(d: &CategoryDecision, route: &str) -> bool {
        d.routes.iter().any(|r| r.route == route && r.met)
    }

    #[test]
    fn published_salary_multiple_examples_p6_and_p7() {
        let p6 = decision(
            &profile(65_000.0, "bachelor", 3.0, "1985-01-01"),
            &RouteClaims::default(),
            Some(&guangzhou()),
        );
        assert!(met(&p6, "a_salary_6x"));
        assert_eq!(p6.category, Some("A"));
        let p7 = decision(
            &profile(43_000.0, "bachelor", 3.0, "1985-01-01"),
            &RouteClaims::default(),
            Some(&guangzhou()),
        );
        assert!(!met(&p7, "a_salary_6x") && met(&p7, "b_salary_4x"));
        assert_eq!(p7.category, Some("B"));
        // Exactly on the threshold counts ("≥"), one fen below does not.
        let at = decision(
            &profile(41_796.0, "bachelor", 3.0, "1985-01-01"),
            &RouteClaims::default(),
            Some(&guangzhou()),
        );
        assert!(met(&at, "b_salary_4x"));
        let mut below = profile(41_796.0, "bachelor", 3.0, "1985-01-01");
        below.annual_salary_cny -= 0.01;
        assert!(!met(
            &decision(&below, &RouteClaims::default(), Some(&guangzhou())),
            "b_salary_4x"
        ));
    }

    #[test]
    fn changzhou_thresholds_p8() {
        let w = LocalWage {
            locality: "320400".into(),
            year: 2022,
            average_annual_fen: 12_348_500,
            minimum_monthly_fen: None,
            source: "t".into(),
        };
        let mut p = profile(0.0, "bachelor", 3.0, "1985-01-01");
        p.annual_salary_cny = 740_910.0;
        let d = decision(&p, &RouteClaims::default(), Some(&w));
        assert!(met(&d, "a_salary_6x"));
        p.annual_salary_cny = 493_940.0;
        let d = decision(&p, &RouteClaims::default(), Some(&w));
        assert!(!met(&d, "a_salary_6x") && met(&d, "b_salary_4x"));
    }

    #[test]
    fn b_needs_its_general_conditions_unless_waived() {
        let old = profile(43_000.0, "bachelor", 3.0, "1960-01-01");
        let d = decision(&old, &RouteClaims::default(), Some(&guangzhou()));
        assert_eq!(
            (d.category, d.unmet_conditions.clone()),
            (None, vec!["b_age_over_60".to_owned()])
        );
        let waived = RouteClaims {
            b_conditions_waived: true,
            ..Default::default()
        };
        assert_eq!(
            decision(&old, &waived, Some(&guangzhou())).category,
            Some("B")
        );
        let skilled = RouteClaims {
            claimed: vec!["b_vocational_skill".into()],
            ..Default::default()
        };
        let d = decision(
            &profile(43_000.0, "senior_worker", 3.0, "1985-01-01"),
            &skilled,
            Some(&guangzhou()),
        );
        assert_eq!(
            d.category,
            Some("B"),
            "the skill certificate stands in for the degree"
        );
    }

    #[test]
    fn c_only_by_a_c_route_and_never_past_a_hard_stop() {
        let low = profile(2_000.0, "none", 0.0, "2000-01-01");
        assert_eq!(
            decision(&low, &RouteClaims::default(), None).category,
            None,
            "under 60 points is not C by itself"
        );
        let short = RouteClaims {
            claimed: vec!["c_short_term".into()],
            ..Default::default()
        };
        assert_eq!(decision(&low, &short, None).category, Some("C"));
        let d = decision(&low, &short, Some(&guangzhou()));
        assert_eq!(
            (
                d.category,
                d.unmet_conditions
                    .contains(&"salary_below_minimum_wage".to_owned())
            ),
            (None, true)
        );
        let passport = RouteClaims {
            passport_expiry: Some("2024-05-31".into()),
            ..short.clone()
        };
        let d = decision(&low, &passport, None);
        assert_eq!(
            (d.category, d.unmet_conditions.clone()),
            (
                None,
                vec![
                    "passport_valid_under_6_months".to_owned(),
                    "b_degree_below_bachelor".to_owned(),
                    "b_experience_under_2_years".to_owned()
                ]
            )
        );
        let ok = RouteClaims {
            passport_expiry: Some("2024-06-01".into()),
            ..short
        };
        assert_eq!(decision(&low, &ok, None).category, Some("C"));
    }

    #[test]
    fn the_shipped_wages_parse() {
        let wages = shipped_local_wages();
        assert_eq!(wages.len(), LOCAL_WAGES_CSV.lines().count() - 1);
        assert!(wages
            .iter()
            .any(|w| w.locality == "440100" && w.average_annual_fen == 12_538_800));
    }

    #[test]
    fn direct_a_routes_and_points() {
        let plan = RouteClaims {
            claimed: vec!["a_talent_plan".into()],
            ..Default::default()
        };
        assert_eq!(
            decision(&profile(3_000.0, "none", 0.0, "1950-01-01"), &plan, None).category,
            Some("A")
        );
        let no_wage = decision(
            &profile(65_000.0, "bachelor", 3.0, "1985-01-01"),
            &RouteClaims::default(),
            None,
        );
        assert!(no_wage
            .routes
            .iter()
            .any(|r| r.route == "a_salary_6x" && r.reason_key == "route-salary-no-wage"));
    }
}
