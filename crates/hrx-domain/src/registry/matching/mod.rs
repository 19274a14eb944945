//! Identity resolution: whether two person records are one human. Each comparison gives a
//! score from 0 to 1 and the reasons behind it, each with its weight; the weights and the two
//! thresholds are data (`data/matching/weights.toml`). Pure: the store finds the candidates
//! by blocking keys, this module only compares.

mod input;
mod names;

pub use input::MatchInput;
pub use names::{compare as compare_names, hanzi_readings, latin_parts, NameAgreement, NameForms};

use super::Sex;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A person as matching sees it: what any source may hold about someone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchPerson {
    pub name_native: Option<String>,
    pub name_latin: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub nationality: Option<String>,
    /// (issuing country, number), numbers in capitals.
    pub passports: Vec<(String, String)>,
    pub resident_id: Option<String>,
    /// The foreigner's work-permit number, kept for life (spec work-permits §7.5).
    pub permit_number: Option<String>,
    /// The employer or unit the person is registered with.
    pub organisation_id: Option<i64>,
}

/// A person with the forms of the name worked out once, to be compared many times.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub person: MatchPerson,
    pub names: NameForms,
}

impl Prepared {
    pub fn new(person: MatchPerson) -> Prepared {
        let names = NameForms::new(person.name_native.as_deref(), person.name_latin.as_deref());
        Prepared { person, names }
    }

    /// The blocking keys of the person besides the document numbers and the whole names
    /// (found in the registry's search terms): the birth date with the first letter of the
    /// family name in Latin letters (`b:1985-03-12:z`; each reading's for a name in hanzi).
    pub fn blocking_keys(&self) -> Vec<String> {
        keys_of(self.person.birth_date, &self.names.initials.family)
    }

    /// The keys under which this person's duplicates are looked for: the birth date, and the
    /// birth date with day and month swapped, with the first letter of every part of the name
    /// (the other record may write the parts in another order).
    pub fn probe_keys(&self) -> Vec<String> {
        let dates = [
            self.person.birth_date,
            self.person.birth_date.and_then(swap_day_month),
        ];
        let mut keys = Vec::new();
        for date in dates.into_iter().flatten() {
            for initial in &self.names.initials.all {
                keys.push(birth_key(date, *initial));
            }
        }
        keys
    }

    /// The whole name as the registry's search terms hold it (lowercased, words single-spaced):
    /// the native script, the Latin name, and its parts in the other order; for a name in
    /// hanzi alone, its pinyin in both orders. A person bearing one of these bears the name.
    pub fn name_terms(&self) -> Vec<String> {
        let p = &self.person;
        let mut terms: Vec<String> = Vec::new();
        terms.extend(p.name_native.as_deref().map(super::search_key));
        if let Some(latin) = p.name_latin.as_deref() {
            terms.push(super::search_key(latin));
            let mut words: Vec<&str> = latin.split_whitespace().collect();
            if words.len() == 2 {
                words.reverse();
                terms.push(super::search_key(&words.join(" ")));
            }
        } else if let Some(reading) = p.name_native.as_deref().map(hanzi_readings) {
            for parts in reading.iter().take(4) {
                terms.push(parts.join(" "));
                terms.push(parts.iter().rev().cloned().collect::<Vec<_>>().join(" "));
            }
        }
        terms.retain(|t| !t.is_empty());
        terms.sort();
        terms.dedup();
        terms
    }
}

/// A person's blocking keys from the names and birth date alone, without preparing the
/// names for comparison: the same keys as [`Prepared::blocking_keys`], for less work (an
/// import computes them for every new person).
pub fn blocking_keys(
    native: Option<&str>,
    latin: Option<&str>,
    birth_date: Option<NaiveDate>,
) -> Vec<String> {
    let parts = latin.map(latin_parts).unwrap_or_default();
    let (_, initials) = names::key_and_initials(native, &parts);
    keys_of(birth_date, &initials.family)
}

fn keys_of(birth_date: Option<NaiveDate>, initials: &[char]) -> Vec<String> {
    let Some(date) = birth_date else {
        return Vec::new();
    };
    initials.iter().map(|i| birth_key(date, *i)).collect()
}

pub fn birth_key(date: NaiveDate, initial: char) -> String {
    format!("b:{date}:{initial}")
}

fn swap_day_month(date: NaiveDate) -> Option<NaiveDate> {
    (date.day() != date.month())
        .then(|| NaiveDate::from_ymd_opt(date.year(), date.day(), date.month()))
        .flatten()
}

/// What a score decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Decision {
    /// The same person: linked without a person deciding.
    Link,
    /// Probably the same person: a person decides in the duplicates queue.
    Review,
    Distinct,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Link => "link",
            Decision::Review => "review",
            Decision::Distinct => "distinct",
        }
    }
}

/// One piece of evidence: its code, its weight, and the two values compared (left is the
/// record being matched, right the candidate), so that a page can say it in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub weight: f64,
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub score: f64,
    pub decision: Decision,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub link: f64,
    pub review: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonName {
    pub bearers: u64,
}

/// The weights and thresholds of `data/matching/weights.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub thresholds: Thresholds,
    pub common_name: CommonName,
    pub weights: BTreeMap<String, f64>,
}

/// Every reason the engine can give.
pub const REASONS: [&str; 24] = [
    "resident_id_match",
    "resident_id_differs",
    "permit_number_match",
    "permit_number_differs",
    "passport_match",
    "passport_number_match",
    "passport_near_match",
    "passport_differs",
    "native_name_match",
    "pinyin_match",
    "latin_name_match",
    "name_similar",
    "name_differs",
    "common_name",
    "birth_date_match",
    "birth_date_swapped",
    "birth_date_near",
    "birth_date_differs",
    "sex_match",
    "sex_differs",
    "nationality_match",
    "nationality_differs",
    "organisation_match",
    "no_evidence",
];

impl Weights {
    pub fn parse(text: &str) -> Result<Weights, String> {
        let w: Weights = toml::from_str(text).map_err(|e| e.to_string())?;
        for code in REASONS.iter().filter(|c| **c != "no_evidence") {
            if !w.weights.contains_key(*code) {
                return Err(format!("no weight for {code}"));
            }
        }
        if let Some(unknown) = w.weights.keys().find(|k| !REASONS.contains(&k.as_str())) {
            return Err(format!("unknown reason {unknown}"));
        }
        let t = &w.thresholds;
        if !(0.0 < t.review && t.review < t.link && t.link <= 1.0) {
            return Err("thresholds: 0 < review < link <= 1".into());
        }
        Ok(w)
    }

    fn of(&self, code: &str) -> f64 {
        self.weights.get(code).copied().unwrap_or(0.0)
    }

    pub fn decide(&self, score: f64) -> Decision {
        if score >= self.thresholds.link {
            Decision::Link
        } else if score >= self.thresholds.review {
            Decision::Review
        } else {
            Decision::Distinct
        }
    }
}

const WEIGHTS_TOML: &str = include_str!("../../../../../data/matching/weights.toml");
static WEIGHTS: LazyLock<Result<Weights, String>> = LazyLock::new(|| Weights::parse(WEIGHTS_TOML));

/// The shipped weights, or why they do not parse (a test keeps them parsing).
pub fn weights() -> Result<&'static Weights, &'static str> {
    WEIGHTS.as_ref().map_err(String::as_str)
}

/// Compares two persons. `bearers` is how many persons in the registry bear the candidate's
/// name (by its key); a name borne by many says less.
pub fn compare(a: &Prepared, b: &Prepared, bearers: u64, w: &Weights) -> Outcome {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut add = |code: &'static str, left: String, right: String| {
        reasons.push(Reason {
            code,
            weight: w.of(code),
            left,
            right,
        });
    };
    let (p, q) = (&a.person, &b.person);

    if let (Some(x), Some(y)) = (&p.resident_id, &q.resident_id) {
        let code = if x == y {
            "resident_id_match"
        } else {
            "resident_id_differs"
        };
        add(code, x.clone(), y.clone());
    }
    if let (Some(x), Some(y)) = (&p.permit_number, &q.permit_number) {
        let code = if x == y {
            "permit_number_match"
        } else {
            "permit_number_differs"
        };
        add(code, x.clone(), y.clone());
    }
    if let Some((code, x, y)) = passports(&p.passports, &q.passports) {
        add(code, x, y);
    }

    let shown = |f: &Prepared| {
        super::display_name(
            f.person.name_native.as_deref(),
            f.person.name_latin.as_deref(),
        )
    };
    let name_code = match names::compare(&a.names, &b.names) {
        NameAgreement::Native => Some("native_name_match"),
        NameAgreement::Latin => Some("latin_name_match"),
        NameAgreement::Pinyin => Some("pinyin_match"),
        NameAgreement::Similar => Some("name_similar"),
        NameAgreement::Differs => Some("name_differs"),
        NameAgreement::Unknown => None,
    };
    if let Some(code) = name_code {
        let agrees = code != "name_differs";
        // The pinyin reason names the name in hanzi first: "pinyin of 张伟 equals ZHANG Wei".
        if code == "pinyin_match" && !names::pinyin_meets(&a.names, &b.names) {
            add(code, shown(b), shown(a));
        } else {
            add(code, shown(a), shown(b));
        }
        if agrees && bearers >= w.common_name.bearers {
            add("common_name", shown(b), bearers.to_string());
        }
    }

    if let (Some(x), Some(y)) = (p.birth_date, q.birth_date) {
        let code = if x == y {
            "birth_date_match"
        } else if swap_day_month(x) == Some(y) {
            "birth_date_swapped"
        } else if one_digit_apart(x, y) {
            "birth_date_near"
        } else {
            "birth_date_differs"
        };
        add(code, x.to_string(), y.to_string());
    }
    if let (Some(x), Some(y)) = (p.sex, q.sex) {
        if x != Sex::Unknown && y != Sex::Unknown {
            let code = if x == y { "sex_match" } else { "sex_differs" };
            add(code, x.code().to_owned(), y.code().to_owned());
        }
    }
    if let (Some(x), Some(y)) = (&p.nationality, &q.nationality) {
        let code = if x == y {
            "nationality_match"
        } else {
            "nationality_differs"
        };
        add(code, x.clone(), y.clone());
    }
    if let (Some(x), Some(y)) = (p.organisation_id, q.organisation_id) {
        if x == y {
            add("organisation_match", x.to_string(), y.to_string());
        }
    }
    if reasons.is_empty() {
        reasons.push(Reason {
            code: "no_evidence",
            weight: 0.0,
            left: String::new(),
            right: String::new(),
        });
    }
    let sum: f64 = reasons.iter().map(|r| r.weight).sum();
    // Rounded to thousandths so that sums of tenths decide as written (0.4 + 0.3 + 0.1 + 0.1
    // is 0.9, not 0.8999…).
    let score = ((sum.clamp(0.0, 1.0)) * 1000.0).round() / 1000.0;
    Outcome {
        score,
        decision: w.decide(score),
        reasons,
    }
}

/// The strongest passport evidence between two sets of passports.
fn passports(
    x: &[(String, String)],
    y: &[(String, String)],
) -> Option<(&'static str, String, String)> {
    let show = |d: &(String, String)| format!("{} {}", d.0, d.1);
    let mut best: Option<(u8, &'static str, String, String)> = None;
    for a in x {
        for b in y {
            let (rank, code) = if a == b {
                (4, "passport_match")
            } else if a.1 == b.1 {
                (3, "passport_number_match")
            } else if a.0 == b.0 && strsim::osa_distance(&a.1, &b.1) == 1 {
                (2, "passport_near_match")
            } else if a.0 == b.0 {
                (1, "passport_differs")
            } else {
                continue;
            };
            if best.as_ref().is_none_or(|(r, ..)| rank > *r) {
                best = Some((rank, code, show(a), show(b)));
            }
        }
    }
    best.map(|(_, code, l, r)| (code, l, r))
}

/// The two dates written `YYYY-MM-DD` differ in one character only.
fn one_digit_apart(x: NaiveDate, y: NaiveDate) -> bool {
    let (a, b) = (x.to_string(), y.to_string());
    a.len() == b.len() && a.chars().zip(b.chars()).filter(|(c, d)| c != d).count() == 1
}

#[cfg(test)]
mod tests;
