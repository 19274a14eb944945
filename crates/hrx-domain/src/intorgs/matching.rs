//! The matching of a roster candidate to a vacancy (spec international-organisations.md §6.3,
//! an HRX convention): five hard filters, then a score out of 100 from five components, each
//! filter and component with its rule, the values it read and what it gave, in both
//! languages. Pure: the store and the API feed it.

use super::grades::typical_min_years;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A degree level, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    Bachelor,
    Master,
    Doctorate,
}

impl DegreeLevel {
    pub fn code(self) -> &'static str {
        match self {
            DegreeLevel::Bachelor => "bachelor",
            DegreeLevel::Master => "master",
            DegreeLevel::Doctorate => "doctorate",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            DegreeLevel::Bachelor => "学士",
            DegreeLevel::Master => "硕士",
            DegreeLevel::Doctorate => "博士",
        }
    }

    /// A master's or a doctorate: an advanced degree.
    pub fn advanced(self) -> bool {
        self >= DegreeLevel::Master
    }
}

/// A language level, lowest first; a mother tongue is `fluent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LanguageLevel {
    Basic,
    Working,
    Fluent,
}

impl LanguageLevel {
    pub fn code(self) -> &'static str {
        match self {
            LanguageLevel::Basic => "basic",
            LanguageLevel::Working => "working",
            LanguageLevel::Fluent => "fluent",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            LanguageLevel::Basic => "基础",
            LanguageLevel::Working => "工作水平",
            LanguageLevel::Fluent => "流利",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Language {
    /// ISO 639-1 (`en`, `fr`, `zh` …).
    pub language: String,
    pub level: LanguageLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Degree {
    pub level: DegreeLevel,
    #[serde(default)]
    pub field: String,
}

/// What a vacancy asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VacancyNeeds {
    pub min_degree: Option<DegreeLevel>,
    pub degree_fields: Vec<String>,
    /// The vacancy's own minimum; the grade's typical minimum (`un-grades.csv`) when absent.
    pub min_years_experience: Option<f64>,
    /// The grade (`P-3` …), for the typical minimum of experience.
    pub grade: Option<String>,
    pub required_languages: Vec<Language>,
    pub fields_of_experience: Vec<String>,
    pub age_max: Option<i64>,
    /// The day the age limit is read on (31 December of the examination year for YPP).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub age_on: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2; any nationality when empty.
    pub eligible_nationalities: Vec<String>,
    pub degree_substitution_allowed: bool,
}

/// What a candidate brings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CandidateFacts {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birth_date: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    pub degrees: Vec<Degree>,
    pub years_relevant_experience: f64,
    pub years_international_experience: f64,
    /// Job families or ISCO-08 codes.
    pub fields: Vec<String>,
    pub languages: Vec<Language>,
}

/// One hard filter and whether the candidate passed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterResult {
    /// `F1` nationality, `F2` age, `F3` degree, `F4` languages, `F5` experience.
    pub code: &'static str,
    pub passed: bool,
    pub text: String,
    pub text_zh: String,
}

/// One component of the score and the points it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentResult {
    /// `experience`, `field`, `education`, `languages` or `international`.
    pub component: &'static str,
    pub points: f64,
    /// The most it can give.
    pub max: f64,
    pub text: String,
    pub text_zh: String,
}

/// The match of a candidate to a vacancy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchResult {
    pub eligible: bool,
    /// Out of 100, to one decimal; `null` when a filter fails.
    pub score: Option<f64>,
    pub filters: Vec<FilterResult>,
    /// Empty when a filter fails.
    pub components: Vec<ComponentResult>,
}

/// The UN's official languages.
const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

fn language_names(code: &str) -> (&str, &'static str) {
    (
        language_name(code, false).unwrap_or(code),
        language_name(code, true).unwrap_or(""),
    )
}

/// The name of one of the UN's official languages (ISO 639-1), in English or Chinese.
pub fn language_name(code: &str, chinese: bool) -> Option<&'static str> {
    let (en, zh) = match code.trim() {
        "ar" => ("Arabic", "阿拉伯语"),
        "zh" => ("Chinese", "中文"),
        "en" => ("English", "英语"),
        "fr" => ("French", "法语"),
        "ru" => ("Russian", "俄语"),
        "es" => ("Spanish", "西班牙语"),
        _ => return None,
    };
    Some(if chinese { zh } else { en })
}

fn zh_language(code: &str) -> String {
    match language_names(code) {
        (_, "") => code.to_owned(),
        (_, zh) => zh.to_owned(),
    }
}

fn one(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whole years of age on a day.
fn age_on(birth: NaiveDate, day: NaiveDate) -> i64 {
    i64::from(crate::training::age_on(birth, day))
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// How well a candidate's field answers one of the vacancy's: 1 the same, 0.5 the same ISCO
/// sub-major group (the first two digits of two ISCO-08 codes), else 0.
fn field_credit(wanted: &str, have: &str) -> f64 {
    let (w, h) = (norm(wanted), norm(have));
    if w == h {
        return 1.0;
    }
    let isco = |s: &str| s.len() >= 2 && s.chars().all(|c| c.is_ascii_digit());
    if isco(&w) && isco(&h) && w.get(..2) == h.get(..2) {
        0.5
    } else {
        0.0
    }
}

fn language_code_ok(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase())
}

/// The input checked: codes in their forms, years not negative, a birth date where an age
/// limit needs one. Field names are those of the API body.
pub fn check(vacancy: &VacancyNeeds, candidate: &CandidateFacts) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    for (i, l) in vacancy.required_languages.iter().enumerate() {
        if !language_code_ok(&l.language) {
            e.add(
                format!("vacancy.required_languages[{i}].language"),
                "invalid_format",
            );
        }
    }
    for (i, l) in candidate.languages.iter().enumerate() {
        if !language_code_ok(&l.language) {
            e.add(
                format!("candidate.languages[{i}].language"),
                "invalid_format",
            );
        }
    }
    if vacancy
        .min_years_experience
        .is_some_and(|y| !y.is_finite() || !(0.0..=80.0).contains(&y))
    {
        e.add("vacancy.min_years_experience", "out_of_range");
    }
    for (field, y) in [
        (
            "candidate.years_relevant_experience",
            candidate.years_relevant_experience,
        ),
        (
            "candidate.years_international_experience",
            candidate.years_international_experience,
        ),
    ] {
        if !y.is_finite() || !(0.0..=80.0).contains(&y) {
            e.add(field, "out_of_range");
        }
    }
    if vacancy.age_max.is_some_and(|a| !(0..=150).contains(&a)) {
        e.add("vacancy.age_max", "out_of_range");
    }
    if vacancy.age_max.is_some() && candidate.birth_date.is_none() {
        e.add("candidate.birth_date", "required");
    }
    let nat = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase());
    if !candidate.nationality.is_empty() && !nat(&candidate.nationality) {
        e.add("candidate.nationality", "invalid_format");
    }
    if vacancy.eligible_nationalities.iter().any(|n| !nat(n)) {
        e.add("vacancy.eligible_nationalities", "invalid_format");
    }
    e.into_result()
}

fn filter(code: &'static str, passed: bool, text: String, text_zh: String) -> FilterResult {
    FilterResult {
        code,
        passed,
        text,
        text_zh,
    }
}

/// The hard filters (step 1), given the years of experience required and the day an age is
/// read on when the vacancy names none.
fn filters(
    v: &VacancyNeeds,
    c: &CandidateFacts,
    required: f64,
    today: NaiveDate,
) -> Vec<FilterResult> {
    let mut out = Vec::new();
    // F1 nationality.
    out.push(if v.eligible_nationalities.is_empty() {
        filter(
            "F1",
            true,
            "No nationality restriction".into(),
            "无国籍限制".into(),
        )
    } else {
        let list = v.eligible_nationalities.join(", ");
        let ok = v.eligible_nationalities.contains(&c.nationality);
        let (en, zh) = if ok {
            ("is", "在")
        } else {
            ("is not", "不在")
        };
        filter(
            "F1",
            ok,
            format!(
                "Nationality {} {en} among the eligible nationalities ({list})",
                c.nationality
            ),
            format!("国籍{}{zh}可报名国籍（{list}）之列", c.nationality),
        )
    });
    // F2 age.
    out.push(match (v.age_max, c.birth_date) {
        (Some(max), Some(birth)) => {
            let day = v.age_on.unwrap_or(today);
            let age = age_on(birth, day);
            filter(
                "F2",
                age <= max,
                format!("Age {age} on {day}, at most {max}"),
                format!("{day}时年龄{age}岁，上限{max}岁"),
            )
        }
        _ => filter("F2", true, "No age limit".into(), "无年龄限制".into()),
    });
    // F3 degree.
    let highest = c.degrees.iter().map(|d| d.level).max();
    out.push(match v.min_degree {
        None => filter("F3", true, "No minimum degree".into(), "无最低学位要求".into()),
        Some(min) => {
            let have = highest.map_or("none", DegreeLevel::code);
            let have_zh = highest.map_or("无", DegreeLevel::zh);
            if highest.is_some_and(|h| h >= min) {
                filter(
                    "F3",
                    true,
                    format!("Highest degree {have}, {} required", min.code()),
                    format!("最高学位{have_zh}，要求{}", min.zh()),
                )
            } else if substituted(v, c, required) {
                filter(
                    "F3",
                    true,
                    format!(
                        "First-level degree with {:.1} years of experience ({required} required + 2) accepted for a {} by substitution",
                        c.years_relevant_experience,
                        min.code()
                    ),
                    format!(
                        "学士学位加{:.1}年经验（要求{required}年加2年），按替代规则视同{}",
                        c.years_relevant_experience,
                        min.zh()
                    ),
                )
            } else {
                filter(
                    "F3",
                    false,
                    format!("Highest degree {have}, {} required", min.code()),
                    format!("最高学位{have_zh}，要求{}", min.zh()),
                )
            }
        }
    });
    // F4 required languages.
    let level_of = |code: &str| {
        c.languages
            .iter()
            .filter(|l| norm(&l.language) == norm(code))
            .map(|l| l.level)
            .max()
    };
    let mut missing = Vec::new();
    let mut missing_zh = Vec::new();
    let mut met = Vec::new();
    let mut met_zh = Vec::new();
    for r in &v.required_languages {
        let (name, _) = language_names(&r.language);
        let zh = zh_language(&r.language);
        match level_of(&r.language) {
            Some(l) if l >= r.level => {
                met.push(format!("{name} {} ({} required)", l.code(), r.level.code()));
                met_zh.push(format!("{zh}{}（要求{}）", l.zh(), r.level.zh()));
            }
            l => {
                let have = l.map_or("none", LanguageLevel::code);
                let have_zh = l.map_or("无", LanguageLevel::zh);
                missing.push(format!("{name} {have} ({} required)", r.level.code()));
                missing_zh.push(format!("{zh}{have_zh}（要求{}）", r.level.zh()));
            }
        }
    }
    out.push(if v.required_languages.is_empty() {
        filter(
            "F4",
            true,
            "No required language".into(),
            "无语言要求".into(),
        )
    } else if missing.is_empty() {
        filter("F4", true, met.join("; "), met_zh.join("；"))
    } else {
        filter(
            "F4",
            false,
            format!("Below the required level: {}", missing.join("; ")),
            format!("未达要求：{}", missing_zh.join("；")),
        )
    });
    // F5 experience.
    out.push(filter(
        "F5",
        c.years_relevant_experience >= required,
        format!(
            "{:.1} years relevant, {required} required",
            c.years_relevant_experience
        ),
        format!(
            "相关经验{:.1}年，要求{required}年",
            c.years_relevant_experience
        ),
    ));
    out
}

/// A first-level degree standing for an advanced one: the vacancy allows it, an advanced
/// degree is the minimum asked (not a doctorate), and the candidate has two years more than
/// required.
fn substituted(v: &VacancyNeeds, c: &CandidateFacts, required: f64) -> bool {
    v.degree_substitution_allowed
        && v.min_degree == Some(DegreeLevel::Master)
        && c.degrees.iter().any(|d| d.level == DegreeLevel::Bachelor)
        && c.years_relevant_experience >= required + 2.0
}

fn component(
    component: &'static str,
    points: f64,
    max: f64,
    text: String,
    text_zh: String,
) -> (f64, ComponentResult) {
    let c = ComponentResult {
        component,
        points: one(points),
        max,
        text,
        text_zh,
    };
    (points, c)
}

/// The score's components (step 2), each with its unrounded points.
fn components(v: &VacancyNeeds, c: &CandidateFacts, required: f64) -> Vec<(f64, ComponentResult)> {
    let years = c.years_relevant_experience;
    let (experience, formula) = if required > 0.0 {
        (
            30.0 * (years / (2.0 * required)).min(1.0),
            format!("30 × min(1, {years:.1}/{})", 2.0 * required),
        )
    } else {
        (
            30.0 * (years / 2.0).min(1.0),
            format!("30 × min(1, {years:.1}/2)"),
        )
    };
    let mut out = vec![component(
        "experience",
        experience,
        30.0,
        format!("Experience: {years:.1} years relevant, {required} required → {formula} = {experience:.1}"),
        format!("经验：相关经验{years:.1}年，要求{required}年 → {formula} = {experience:.1}"),
    )];
    // Field match.
    let (field_points, matched) = if v.fields_of_experience.is_empty() {
        (25.0, Vec::new())
    } else {
        let mut sum = 0.0;
        let mut matched = Vec::new();
        for w in &v.fields_of_experience {
            let best = c
                .fields
                .iter()
                .map(|h| field_credit(w, h))
                .fold(0.0, f64::max);
            if best > 0.0 {
                matched.push(format!("{w} ({best})"));
            }
            sum += best;
        }
        (25.0 * sum / v.fields_of_experience.len() as f64, matched)
    };
    out.push(if v.fields_of_experience.is_empty() {
        component(
            "field",
            field_points,
            25.0,
            "Fields: the vacancy lists none → 25".into(),
            "领域：职位未列领域 → 25".into(),
        )
    } else {
        let n = v.fields_of_experience.len();
        let list = if matched.is_empty() {
            "none".to_owned()
        } else {
            matched.join(", ")
        };
        let list_zh = if matched.is_empty() {
            "无".to_owned()
        } else {
            matched.join("、")
        };
        component(
            "field",
            field_points,
            25.0,
            format!("Fields: {list} of the {n} listed matched → {field_points:.1}"),
            format!("领域：所列{n}个领域中匹配{list_zh} → {field_points:.1}"),
        )
    });
    // Education.
    let listed = |d: &Degree| {
        v.degree_fields.is_empty() || v.degree_fields.iter().any(|f| norm(f) == norm(&d.field))
    };
    let advanced: Vec<&Degree> = c.degrees.iter().filter(|d| d.level.advanced()).collect();
    out.push(if let Some(d) = advanced.iter().find(|d| listed(d)) {
        component(
            "education",
            15.0,
            15.0,
            format!(
                "Advanced degree ({}) in {}, a listed field → 15",
                d.level.code(),
                d.field
            ),
            format!("{}学位，{}为所列专业 → 15", d.level.zh(), d.field),
        )
    } else if let Some(d) = advanced.first() {
        component(
            "education",
            8.0,
            15.0,
            format!(
                "Advanced degree ({}) in {}, another field → 8",
                d.level.code(),
                d.field
            ),
            format!("{}学位，{}不在所列专业内 → 8", d.level.zh(), d.field),
        )
    } else if substituted(v, c, required) {
        component(
            "education",
            5.0,
            15.0,
            "First-level degree accepted by substitution → 5".into(),
            "学士学位按替代规则认可 → 5".into(),
        )
    } else {
        component(
            "education",
            0.0,
            15.0,
            "No advanced degree → 0".into(),
            "无硕士及以上学位 → 0".into(),
        )
    });
    // Languages.
    let level = |code: &str| {
        c.languages
            .iter()
            .filter(|l| norm(&l.language) == code)
            .map(|l| l.level)
            .max()
    };
    let main = ["en", "fr"]
        .into_iter()
        .find(|code| level(code) == Some(LanguageLevel::Fluent));
    let mut points = 0.0;
    let mut parts = Vec::new();
    let mut parts_zh = Vec::new();
    if let Some(code) = main {
        points += 10.0;
        parts.push(format!("{} fluent 10", language_names(code).0));
        parts_zh.push(format!("{}流利 10", zh_language(code)));
    }
    let mut others = 0.0;
    for code in UN_LANGUAGES {
        if Some(code) == main {
            continue;
        }
        if let Some(l) = level(code).filter(|l| *l >= LanguageLevel::Working) {
            if others < 10.0 {
                others += 5.0;
                parts.push(format!("{} {} +5", language_names(code).0, l.code()));
                parts_zh.push(format!("{}{} +5", zh_language(code), l.zh()));
            }
        }
    }
    points += others;
    let sum = if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    };
    let sum_zh = if parts_zh.is_empty() {
        "无".to_owned()
    } else {
        parts_zh.join("，")
    };
    out.push(component(
        "languages",
        points,
        20.0,
        format!("Languages: {sum} → {points}"),
        format!("语言：{sum_zh} → {points}"),
    ));
    // International experience.
    let intl = c.years_international_experience;
    let (points, rule, rule_zh) = if intl >= 2.0 {
        (
            10.0,
            format!("{intl:.1} years ≥ 2 → 10"),
            format!("{intl:.1}年 ≥ 2年 → 10"),
        )
    } else {
        let p = 5.0 * intl;
        (
            p,
            format!("5 × {intl:.1} years = {p:.1}"),
            format!("5 × {intl:.1}年 = {p:.1}"),
        )
    };
    out.push(component(
        "international",
        points,
        10.0,
        format!("International experience: {rule}"),
        format!("国际经验：{rule_zh}"),
    ));
    out
}

/// The years of experience a vacancy requires: its own minimum, else its grade's typical
/// minimum, else none.
pub fn years_required(v: &VacancyNeeds) -> f64 {
    v.min_years_experience
        .or_else(|| v.grade.as_deref().and_then(typical_min_years))
        .unwrap_or(0.0)
}

/// The match (§6.3): filters, then the score when every filter passes. `today` is the day an
/// age is read on when the vacancy names none.
pub fn match_candidate(
    vacancy: &VacancyNeeds,
    candidate: &CandidateFacts,
    today: NaiveDate,
) -> Result<MatchResult, FieldErrors> {
    check(vacancy, candidate)?;
    let required = years_required(vacancy);
    let filters = filters(vacancy, candidate, required, today);
    let eligible = filters.iter().all(|f| f.passed);
    let scored = if eligible {
        components(vacancy, candidate, required)
    } else {
        Vec::new()
    };
    // The sum of the unrounded points, rounded once.
    let score = eligible.then(|| one(scored.iter().map(|(raw, _)| raw).sum()));
    let components = scored.into_iter().map(|(_, c)| c).collect();
    Ok(MatchResult {
        eligible,
        score,
        filters,
        components,
    })
}
