//! The points assessment: a pure function of the applicant's profile and the points table,
//! which is data (`data/work-permits/points-2017.toml`) with its source note.

use crate::reference::reference;
use crate::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const POINTS_2017: &str = include_str!("../../../../data/work-permits/points-2017.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Band<T> {
    pub min: T,
    pub points: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EducationPoints {
    pub doctorate: i64,
    pub senior_technician: i64,
    pub master: i64,
    pub technician: i64,
    pub bachelor: i64,
    pub senior_worker: i64,
    pub none: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExperiencePoints {
    pub min_years: i64,
    pub points_at_min: i64,
    pub points_per_year: i64,
    pub max: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChinesePoints {
    pub former_chinese_national: i64,
    pub chinese_taught_degree: i64,
    pub hsk_by_level: Vec<i64>,
    pub max: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LocationPoints {
    pub regions: Vec<String>,
    pub points: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AgePoints {
    pub min_age: i64,
    pub bands: Vec<Band<i64>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FlatPoints {
    pub points: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BonusLimit {
    pub max: i64,
}

/// The education codes the table scores, highest first.
pub const EDUCATION_CODES: [&str; 7] = [
    "doctorate",
    "senior_technician",
    "master",
    "technician",
    "bachelor",
    "senior_worker",
    "none",
];

/// One version of the points table.
#[derive(Debug, Clone, Deserialize)]
pub struct PointsTable {
    pub version: String,
    pub effective_from: NaiveDate,
    pub source: String,
    pub max_total: i64,
    pub a_threshold: i64,
    pub b_threshold: i64,
    pub salary: Vec<Band<i64>>,
    pub education: EducationPoints,
    pub experience: ExperiencePoints,
    pub months: Vec<Band<f64>>,
    pub chinese: ChinesePoints,
    pub location: LocationPoints,
    pub age: AgePoints,
    pub distinctions: FlatPoints,
    pub local_bonus: BonusLimit,
}

static TABLE_2017: LazyLock<Result<PointsTable, String>> =
    LazyLock::new(|| toml::from_str(POINTS_2017).map_err(|e| e.to_string()));

impl PointsTable {
    /// The table in force since 1 April 2017. A table that does not parse is a build defect,
    /// which the tests catch.
    pub fn current() -> Result<&'static PointsTable, &'static str> {
        TABLE_2017.as_ref().map_err(|e| e.as_str())
    }
}

/// The points of the first band (sorted from the highest minimum down) whose minimum is reached.
fn band_points<T: PartialOrd + Copy>(bands: &[Band<T>], value: T) -> (i64, Option<T>) {
    bands
        .iter()
        .find(|b| value >= b.min)
        .map(|b| (b.points, Some(b.min)))
        .unwrap_or((0, None))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChineseInput {
    #[serde(default)]
    pub hsk_level: Option<i64>,
    #[serde(default)]
    pub chinese_taught_degree: bool,
    #[serde(default)]
    pub former_chinese_national: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkLocationInput {
    pub province: String,
    /// GB/T 2260 code of the city, where its published wages differ from the province's.
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub designated_area: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DistinctionsInput {
    #[serde(default)]
    pub high_level_foreign_university: bool,
    #[serde(default)]
    pub fortune_global_500: bool,
    #[serde(default)]
    pub patents: bool,
    #[serde(default)]
    pub five_consecutive_years_in_china: bool,
}

/// An applicant profile as the assessment endpoint receives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub assessment_date: String,
    pub birth_date: String,
    pub annual_salary_cny: f64,
    pub education: String,
    pub related_experience_years: f64,
    pub months_in_china_per_year: f64,
    #[serde(default)]
    pub chinese: ChineseInput,
    pub work_location: WorkLocationInput,
    #[serde(default)]
    pub distinctions: DistinctionsInput,
    #[serde(default)]
    pub local_bonus: i64,
    /// Routes claimed beyond the points, for the category by every route.
    #[serde(default)]
    pub routes: super::claims::RouteClaims,
}

/// One factor's score and the band or rule that produced it. The rule is a translation key
/// with its arguments, so that each language words it (see `rule-*` in the web locales);
/// argument values are numbers or codes (`province`, `region`, `item`, `education`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Factor {
    pub factor: &'static str,
    pub points: i64,
    pub max: i64,
    pub rule_key: &'static str,
    pub rule_args: Vec<(String, String)>,
}

fn factor(
    name: &'static str,
    points: i64,
    max: i64,
    rule_key: &'static str,
    args: &[(&str, String)],
) -> Factor {
    Factor {
        factor: name,
        points,
        max,
        rule_key,
        rule_args: args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

/// The result: total, points category (`A`, `B` or none), each factor, and the general
/// conditions the profile does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub total: i64,
    pub points_category: Option<&'static str>,
    pub age: i64,
    pub factors: Vec<Factor>,
    /// Conditions of the general B rules (age, degree, experience) that are not met.
    pub unmet_conditions: Vec<String>,
    pub table_version: String,
    pub table_source: String,
}

/// Completed years between two dates; someone born on 29 February gains a year on 1 March in
/// common years (HRX convention).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year() - birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

fn parse_date(field: &str, value: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    errors.take(field, crate::registry::parse_date(value))
}

/// Scores a profile. Every out-of-range input is named; an applicant under 18 is not eligible
/// and gets no score.
pub fn assess(input: &AssessmentInput, table: &PointsTable) -> Result<Assessment, FieldErrors> {
    let mut errors = FieldErrors::new();
    let on = parse_date("assessment_date", &input.assessment_date, &mut errors);
    let birth = parse_date("birth_date", &input.birth_date, &mut errors);
    errors.not_before("birth_date", "after_assessment_date", birth, on);
    if !input.annual_salary_cny.is_finite()
        || input.annual_salary_cny < 0.0
        || input.annual_salary_cny > 1e12
    {
        errors.add("annual_salary_cny", "out_of_range");
    }
    let education = match input.education.as_str() {
        "doctorate" => Some(table.education.doctorate),
        "senior_technician" => Some(table.education.senior_technician),
        "master" => Some(table.education.master),
        "technician" => Some(table.education.technician),
        "bachelor" => Some(table.education.bachelor),
        "senior_worker" => Some(table.education.senior_worker),
        "none" => Some(table.education.none),
        _ => {
            errors.add("education", "unknown_value");
            None
        }
    };
    let experience = input.related_experience_years;
    if !experience.is_finite() || !(0.0..=80.0).contains(&experience) {
        errors.add("related_experience_years", "out_of_range");
    }
    let months = input.months_in_china_per_year;
    if !months.is_finite() || !(0.0..=12.0).contains(&months) {
        errors.add("months_in_china_per_year", "out_of_range");
    }
    let hsk = input.chinese.hsk_level.unwrap_or(0);
    let max_hsk = i64::try_from(table.chinese.hsk_by_level.len()).unwrap_or(1) - 1;
    if !(0..=max_hsk).contains(&hsk) {
        errors.add("chinese.hsk_level", "out_of_range");
    }
    let province = reference().province(&input.work_location.province);
    if province.is_none() {
        errors.add("work_location.province", "unknown_province");
    }
    if !(0..=table.local_bonus.max).contains(&input.local_bonus) {
        errors.add("local_bonus", "out_of_range");
    }
    let (Some(on), Some(birth), Some(education_points), Some(province)) =
        (on, birth, education, province)
    else {
        return Err(errors);
    };
    let age = age_on(birth, on);
    if errors.is_empty() && age < table.age.min_age {
        errors.add("birth_date", "under_18");
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut factors = Vec::new();
    // Salary: compared in whole fen so that no threshold is ever rounded.
    let salary_fen = (input.annual_salary_cny * 100.0).round() as i64;
    let salary_bands: Vec<Band<i64>> = table
        .salary
        .iter()
        .map(|b| Band {
            min: b.min * 100,
            points: b.points,
        })
        .collect();
    let (points, min) = band_points(&salary_bands, salary_fen);
    let salary_max = table.salary.first().map_or(0, |b| b.points);
    factors.push(match min {
        Some(min) => factor(
            "salary",
            points,
            salary_max,
            "rule-salary-band",
            &[("min", (min / 100).to_string())],
        ),
        None => factor("salary", points, salary_max, "rule-salary-below", &[]),
    });
    factors.push(factor(
        "education",
        education_points,
        table.education.doctorate,
        "rule-education",
        &[("education", input.education.clone())],
    ));
    let years = experience.floor() as i64;
    let e = &table.experience;
    let experience_points = if years < e.min_years {
        0
    } else {
        (e.points_at_min + (years - e.min_years) * e.points_per_year).min(e.max)
    };
    factors.push(factor(
        "experience",
        experience_points,
        e.max,
        "rule-experience",
        &[
            ("years", years.to_string()),
            ("min_years", e.min_years.to_string()),
            ("at_min", e.points_at_min.to_string()),
            ("per_year", e.points_per_year.to_string()),
            ("max", e.max.to_string()),
        ],
    ));
    let (points, min) = band_points(&table.months, months);
    factors.push(factor(
        "months_in_china",
        points,
        table.months.first().map_or(0, |b| b.points),
        "rule-months",
        &[
            ("months", months.to_string()),
            ("min", min.unwrap_or(0.0).to_string()),
        ],
    ));
    let c = &table.chinese;
    let mut items = vec![(
        c.hsk_by_level.get(hsk as usize).copied().unwrap_or(0),
        format!("hsk_{hsk}"),
    )];
    if input.chinese.chinese_taught_degree {
        items.push((c.chinese_taught_degree, "chinese_taught_degree".into()));
    }
    if input.chinese.former_chinese_national {
        items.push((c.former_chinese_national, "former_chinese_national".into()));
    }
    let best = items
        .iter()
        .max_by_key(|(p, _)| *p)
        .cloned()
        .unwrap_or((0, String::new()));
    factors.push(factor(
        "chinese",
        best.0.min(c.max),
        c.max,
        "rule-chinese",
        &[("item", best.1)],
    ));
    let scoring_region = table.location.regions.contains(&province.region);
    let location_points = if scoring_region || input.work_location.designated_area {
        table.location.points
    } else {
        0
    };
    let location_key = if scoring_region {
        "rule-location-region"
    } else if input.work_location.designated_area {
        "rule-location-special"
    } else {
        "rule-location-none"
    };
    factors.push(factor(
        "location",
        location_points,
        table.location.points,
        location_key,
        &[
            ("province", province.code.clone()),
            ("region", province.region.clone()),
        ],
    ));
    let (age_points, age_min) = band_points(&table.age.bands, age);
    factors.push(factor(
        "age",
        age_points,
        table.age.bands.iter().map(|b| b.points).max().unwrap_or(0),
        "rule-age",
        &[
            ("age", age.to_string()),
            ("min", age_min.unwrap_or(0).to_string()),
        ],
    ));
    let d = &input.distinctions;
    let any = d.high_level_foreign_university
        || d.fortune_global_500
        || d.patents
        || d.five_consecutive_years_in_china;
    factors.push(factor(
        "distinctions",
        if any { table.distinctions.points } else { 0 },
        table.distinctions.points,
        "rule-distinctions",
        &[],
    ));
    factors.push(factor(
        "local_bonus",
        input.local_bonus,
        table.local_bonus.max,
        "rule-local-bonus",
        &[],
    ));

    let total: i64 = factors.iter().map(|f| f.points).sum();
    let points_category = if total >= table.a_threshold {
        Some("A")
    } else if total >= table.b_threshold {
        Some("B")
    } else {
        None
    };
    let mut unmet_conditions = Vec::new();
    if age > 60 {
        unmet_conditions.push("b_age_over_60".to_owned());
    }
    if !matches!(
        input.education.as_str(),
        "bachelor" | "master" | "doctorate"
    ) {
        unmet_conditions.push("b_degree_below_bachelor".to_owned());
    }
    if years < 2 {
        unmet_conditions.push("b_experience_under_2_years".to_owned());
    }
    Ok(Assessment {
        total,
        points_category,
        age,
        factors,
        unmet_conditions,
        table_version: table.version.clone(),
        table_source: table.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static PointsTable {
        PointsTable::current().unwrap_or_else(|e| panic!("points table: {e}"))
    }

    /// A profile with every factor given; `age` is reached on the assessment date 2026-03-01.
    #[allow(clippy::too_many_arguments)]
    fn profile(
        salary: f64,
        education: &str,
        experience: f64,
        months: f64,
        hsk: i64,
        province: &str,
        age: i64,
    ) -> AssessmentInput {
        AssessmentInput {
            assessment_date: "2026-03-01".into(),
            birth_date: format!("{}-03-01", 2026 - age),
            annual_salary_cny: salary,
            education: education.into(),
            related_experience_years: experience,
            months_in_china_per_year: months,
            chinese: ChineseInput {
                hsk_level: Some(hsk),
                ..Default::default()
            },
            work_location: WorkLocationInput {
                province: province.into(),
                designated_area: false,
                city: None,
            },
            distinctions: DistinctionsInput::default(),
            local_bonus: 0,
            routes: Default::default(),
        }
    }

    fn scores(input: &AssessmentInput) -> (Vec<i64>, i64, Option<&'static str>) {
        let a = assess(input, table()).unwrap_or_else(|e| panic!("{e:?}"));
        (
            a.factors.iter().map(|f| f.points).collect(),
            a.total,
            a.points_category,
        )
    }

    fn factor(input: &AssessmentInput, name: &str) -> i64 {
        let a = assess(input, table()).unwrap_or_else(|e| panic!("{e:?}"));
        a.factors
            .iter()
            .find(|f| f.factor == name)
            .map(|f| f.points)
            .unwrap_or(-1)
    }

    #[test]
    fn the_table_parses_and_its_maxima_add_up_to_120() {
        let t = table();
        assert_eq!(
            t.effective_from,
            NaiveDate::from_ymd_opt(2017, 4, 1).unwrap_or_default()
        );
        let a = assess(
            &profile(500_000.0, "doctorate", 30.0, 12.0, 6, "510000", 30),
            t,
        );
        let max: i64 = a
            .map(|a| a.factors.iter().map(|f| f.max).sum())
            .unwrap_or(0);
        assert_eq!(max, t.max_total);
    }

    #[test]
    fn published_example_p1() {
        let p1 = profile(300_000.0, "bachelor", 19.0, 12.0, 0, "310000", 42);
        assert_eq!(
            scores(&p1),
            (vec![14, 10, 20, 15, 0, 0, 15, 0, 0], 74, Some("B"))
        );
    }

    #[test]
    fn published_example_p9_experience() {
        for (years, points) in [(16.0, 19), (17.0, 20), (18.0, 20)] {
            assert_eq!(
                factor(
                    &profile(0.0, "none", years, 0.0, 0, "310000", 40),
                    "experience"
                ),
                points
            );
        }
    }

    #[test]
    fn derived_examples_d1_to_d4() {
        let d1 = profile(300_000.0, "master", 4.0, 12.0, 4, "310000", 30);
        assert_eq!(
            scores(&d1),
            (vec![14, 15, 7, 15, 4, 0, 15, 0, 0], 70, Some("B"))
        );
        let mut d2 = profile(500_000.0, "doctorate", 8.0, 12.0, 5, "510000", 35);
        d2.distinctions.fortune_global_500 = true;
        assert_eq!(
            scores(&d2),
            (vec![20, 20, 11, 15, 5, 10, 15, 5, 0], 101, Some("A"))
        );
        let d3 = profile(120_000.0, "bachelor", 1.0, 12.0, 0, "310000", 24);
        assert_eq!(scores(&d3), (vec![8, 10, 0, 15, 0, 0, 10, 0, 0], 43, None));
        let unmet = assess(&d3, table())
            .map(|a| a.unmet_conditions)
            .unwrap_or_default();
        assert_eq!(unmet, vec!["b_experience_under_2_years"]);
        let d4 = profile(200_000.0, "bachelor", 30.0, 12.0, 0, "310000", 62);
        assert_eq!(scores(&d4), (vec![11, 10, 20, 15, 0, 0, 0, 0, 0], 56, None));
        let unmet = assess(&d4, table())
            .map(|a| a.unmet_conditions)
            .unwrap_or_default();
        assert_eq!(unmet, vec!["b_age_over_60"]);
    }

    #[test]
    fn boundaries_of_every_band() {
        let base = |age| profile(0.0, "none", 0.0, 0.0, 0, "310000", age);
        for (age, points) in [
            (18, 10),
            (25, 10),
            (26, 15),
            (45, 15),
            (46, 10),
            (55, 10),
            (56, 5),
            (60, 5),
            (61, 0),
        ] {
            assert_eq!(factor(&base(age), "age"), points, "age {age}");
        }
        let salary = |s| profile(s, "none", 0.0, 0.0, 0, "310000", 30);
        for (s, points) in [
            (49_999.0, 0),
            (50_000.0, 5),
            (69_999.0, 5),
            (70_000.0, 8),
            (149_999.0, 8),
            (150_000.0, 11),
            (249_999.0, 11),
            (250_000.0, 14),
            (349_999.0, 14),
            (350_000.0, 17),
            (449_999.0, 17),
            (450_000.0, 20),
            (449_999.99, 17),
        ] {
            assert_eq!(factor(&salary(s), "salary"), points, "salary {s}");
        }
        let months = |m| profile(0.0, "none", 0.0, m, 0, "310000", 30);
        for (m, points) in [
            (2.99, 0),
            (3.0, 5),
            (5.99, 5),
            (6.0, 10),
            (8.9, 10),
            (9.0, 15),
            (12.0, 15),
        ] {
            assert_eq!(factor(&months(m), "months_in_china"), points, "months {m}");
        }
        let experience = |y| profile(0.0, "none", y, 0.0, 0, "310000", 30);
        for (y, points) in [(1.99, 0), (2.0, 5), (2.99, 5), (3.0, 6)] {
            assert_eq!(
                factor(&experience(y), "experience"),
                points,
                "experience {y}"
            );
        }
    }

    #[test]
    fn chinese_and_distinctions_take_the_highest_item_once() {
        let mut p = profile(0.0, "none", 0.0, 0.0, 4, "310000", 30);
        p.chinese.chinese_taught_degree = true;
        assert_eq!(factor(&p, "chinese"), 5);
        p.chinese = ChineseInput {
            hsk_level: Some(6),
            chinese_taught_degree: false,
            former_chinese_national: true,
        };
        assert_eq!(factor(&p, "chinese"), 5);
        p.distinctions.fortune_global_500 = true;
        p.distinctions.patents = true;
        assert_eq!(factor(&p, "distinctions"), 5);
    }

    #[test]
    fn totals_at_the_thresholds() {
        // 84 and 85; 59 and 60: built from the D1 profile (70) with the local bonus and HSK.
        let mut p = profile(300_000.0, "master", 4.0, 12.0, 4, "310000", 30);
        p.local_bonus = 10;
        assert_eq!(scores(&p).1, 80);
        p.work_location.designated_area = true; // +10 → 90
        p.local_bonus = 5; // 85
        assert_eq!((scores(&p).1, scores(&p).2), (85, Some("A")));
        p.local_bonus = 4;
        assert_eq!((scores(&p).1, scores(&p).2), (84, Some("B")));
        let mut q = profile(300_000.0, "master", 4.0, 12.0, 4, "310000", 30);
        q.chinese.hsk_level = Some(0); // 66
        q.related_experience_years = 0.0; // 59
        assert_eq!((scores(&q).1, scores(&q).2), (59, None));
        q.chinese.hsk_level = Some(1);
        assert_eq!((scores(&q).1, scores(&q).2), (60, Some("B")));
    }

    #[test]
    fn out_of_range_inputs_are_named() {
        let mut p = profile(-1.0, "phd", 0.0, 13.0, 7, "999999", 30);
        p.local_bonus = 11;
        let errors = assess(&p, table()).err().unwrap_or_default();
        for field in [
            "annual_salary_cny",
            "education",
            "months_in_china_per_year",
            "chinese.hsk_level",
            "work_location.province",
            "local_bonus",
        ] {
            assert!(errors.code_for(field).is_some(), "{field}: {errors:?}");
        }
        let mut young = profile(0.0, "none", 0.0, 0.0, 0, "310000", 17);
        assert_eq!(
            assess(&young, table())
                .err()
                .and_then(|e| e.code_for("birth_date")),
            Some("under_18")
        );
        young.birth_date = "2027-01-01".into();
        assert_eq!(
            assess(&young, table())
                .err()
                .and_then(|e| e.code_for("birth_date")),
            Some("after_assessment_date")
        );
    }

    #[test]
    fn leap_day_birthdays_count_from_1_march_in_common_years() {
        let born = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap_or_default();
        let day = |m, d| NaiveDate::from_ymd_opt(2018, m, d).unwrap_or_default();
        assert_eq!(age_on(born, day(2, 28)), 17);
        assert_eq!(age_on(born, day(3, 1)), 18);
    }
}
