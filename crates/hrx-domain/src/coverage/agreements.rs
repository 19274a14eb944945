//! China's bilateral social-security agreements as data (`data/coverage/agreements.csv`, spec
//! `social-security-agreements.md` §2 and §3): one row per agreement, checked on load.

use crate::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const AGREEMENTS_CSV: &str = include_str!("../../../../data/coverage/agreements.csv");

/// The five branches of Chinese employee social insurance (spec §1). The same codes name the
/// partner's branches.
pub const CHINESE_BRANCHES: [&str; 5] = [
    "pension",
    "medical",
    "work_injury",
    "unemployment",
    "maternity",
];

/// Branches no agreement can exempt (spec §1; the Korea 2012 protocol's medical exemption is a
/// rule of the determination, not of the data).
pub const NEVER_EXEMPT: [&str; 3] = ["medical", "work_injury", "maternity"];

/// The worker categories of spec §3, which are also `worker_category` in the
/// coverage-certificates import.
pub const CATEGORIES: [&str; 12] = [
    "posted_worker",
    "self_employed",
    "local_short_term",
    "seafarer",
    "aircrew",
    "international_transport",
    "diplomatic_consular",
    "civil_servant",
    "family_member",
    "subsidiary_staff",
    "no_employer_in_china",
    "exception_by_agreement",
];

/// One agreement as text, exactly the CSV columns (empty string = empty field); also what an
/// administrator edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementRow {
    /// `CN-` + partner ISO 3166-1 alpha-2 + `-` + year signed.
    pub code: String,
    pub partner_iso2: String,
    pub partner_name: String,
    /// Date signed (ISO 8601).
    pub signed: String,
    /// Date of entry into force; empty = not in force.
    pub in_force: String,
    /// Chinese branches exempted, `;`-separated.
    pub chinese_branches_exempt: String,
    /// The partner's branches exempted for a worker insured in China, `;`-separated.
    pub partner_branches_exempt: String,
    /// Limit for a posting from China: months, `unlimited`, or empty (not established).
    pub max_posting_months: String,
    /// `none`, `by_agreement`, `exceptional_by_agreement`, `special_agreement` or `unknown`.
    pub extension_rule: String,
    /// Longest total period extensions can reach, in months from the clock start; may be empty.
    pub extension_max_months: String,
    /// Worker categories covered, `;`-separated.
    pub categories: String,
    pub notes: String,
    /// Limit for a posting to China: same form as `max_posting_months`.
    pub max_posting_months_to_china: String,
    /// Last day the agreement applies; empty = still in force.
    pub in_force_until: String,
    /// Who issues the certificates on each side (from `data/coverage/bodies.csv`).
    #[serde(default)]
    pub issuing_body: String,
    /// The liaison bodies on each side.
    #[serde(default)]
    pub liaison_bodies: String,
    /// Where the agreement's terms come from.
    #[serde(default)]
    pub source: String,
}

/// How long a posting may last under an agreement in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingLimit {
    Months(u32),
    Unlimited,
    /// Not established: every determination goes to manual review.
    NotEstablished,
}

impl PostingLimit {
    fn parse(text: &str) -> Result<Self, &'static str> {
        match text.trim() {
            "" => Ok(Self::NotEstablished),
            "unlimited" => Ok(Self::Unlimited),
            t => match t.parse::<u32>() {
                Ok(0) => Err("out_of_range"),
                Ok(n) if n > 1200 => Err("out_of_range"),
                Ok(n) => Ok(Self::Months(n)),
                Err(_) => Err("not_a_number"),
            },
        }
    }

    fn text(self) -> String {
        match self {
            Self::Months(n) => n.to_string(),
            Self::Unlimited => "unlimited".to_owned(),
            Self::NotEstablished => String::new(),
        }
    }

    /// The months, when the limit is a number of months.
    pub fn months(self) -> Option<u32> {
        match self {
            Self::Months(n) => Some(n),
            _ => None,
        }
    }
}

/// How a posting can go beyond its limit (the `extension_rule` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionRule {
    None,
    ByAgreement,
    ExceptionalByAgreement,
    SpecialAgreement,
    Unknown,
}

impl ExtensionRule {
    pub const ALL: [ExtensionRule; 5] = [
        Self::None,
        Self::ByAgreement,
        Self::ExceptionalByAgreement,
        Self::SpecialAgreement,
        Self::Unknown,
    ];

    /// The CSV code.
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ByAgreement => "by_agreement",
            Self::ExceptionalByAgreement => "exceptional_by_agreement",
            Self::SpecialAgreement => "special_agreement",
            Self::Unknown => "unknown",
        }
    }

    /// Parses a CSV code: `required` when empty, `unknown_value` otherwise.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Err("required");
        }
        Self::ALL
            .into_iter()
            .find(|r| r.code() == text)
            .ok_or("unknown_value")
    }

    /// Whether the rule lets the authorities extend a posting at all.
    pub fn allows_extension(self) -> bool {
        matches!(
            self,
            Self::ByAgreement | Self::ExceptionalByAgreement | Self::SpecialAgreement
        )
    }
}

/// The direction of a posting, seen from China.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Posted from the partner country to China: exempt from Chinese branches.
    Inbound,
    /// Insured in China and posted to the partner country: exempt from the partner's branches.
    Outbound,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }

    /// Parses `inbound` or `outbound`: `required` when empty, `unknown_value` otherwise.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        match text.trim() {
            "inbound" => Ok(Self::Inbound),
            "outbound" => Ok(Self::Outbound),
            "" => Err("required"),
            _ => Err("unknown_value"),
        }
    }
}

/// One agreement, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    pub code: String,
    /// Partner country, ISO 3166-1 alpha-2.
    pub partner: String,
    pub partner_name: String,
    pub signed: NaiveDate,
    /// `None`: not in force, no exemption can be granted under it.
    pub in_force: Option<NaiveDate>,
    /// Last day it applies (set only for a replaced agreement).
    pub in_force_until: Option<NaiveDate>,
    pub chinese_branches_exempt: Vec<String>,
    pub partner_branches_exempt: Vec<String>,
    /// Limit for postings from China to the partner (`max_posting_months`).
    pub limit_from_china: PostingLimit,
    /// Limit for postings from the partner to China (`max_posting_months_to_china`).
    pub limit_to_china: PostingLimit,
    pub extension_rule: ExtensionRule,
    pub extension_max_months: Option<u32>,
    pub categories: Vec<String>,
    pub notes: String,
    pub issuing_body: String,
    pub liaison_bodies: String,
    pub source: String,
}

fn optional_date(errors: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        None
    } else {
        errors.take(field, crate::registry::parse_date(text))
    }
}

/// A `;`-separated list whose items must come from `vocabulary`, none repeated.
fn list(text: &str, vocabulary: &[&str]) -> Result<Vec<String>, &'static str> {
    let items: Vec<String> = text
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_owned)
        .collect();
    if items.is_empty() {
        return Err("required");
    }
    for (i, item) in items.iter().enumerate() {
        if !vocabulary.contains(&item.as_str()) {
            return Err("unknown_value");
        }
        if items[..i].contains(item) {
            return Err("duplicate_value");
        }
    }
    Ok(items)
}

fn branches(text: &str) -> Result<Vec<String>, &'static str> {
    let items = list(text, &CHINESE_BRANCHES)?;
    if items.iter().any(|b| NEVER_EXEMPT.contains(&b.as_str())) {
        return Err("never_exempt");
    }
    Ok(items)
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

impl Agreement {
    /// Checks one row. Every bad field is named by its CSV column, with one code each:
    /// `required`, `invalid_date`, `before_1900`, `unknown_country` (not an ISO alpha-2 code,
    /// or `CN`), `unknown_value` (a branch, category or extension rule outside the
    /// vocabulary), `duplicate_value`, `never_exempt` (medical, work injury or maternity listed
    /// as exempt), `not_a_number`, `out_of_range` (a limit of 0 or over 1200 months, or an
    /// extension cap below the posting limit), `code_mismatch` (the code is not
    /// `CN-<partner_iso2>-<year signed>`), `before_signing` (`in_force` before `signed`),
    /// `before_in_force` (`in_force_until` before `in_force`) and `without_in_force`
    /// (`in_force_until` set while `in_force` is empty).
    pub fn parse(row: &AgreementRow) -> Result<Agreement, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = row.code.trim().to_owned();
        if code.is_empty() {
            errors.add("code", "required");
        }
        let partner = row.partner_iso2.trim().to_ascii_uppercase();
        if partner.is_empty() {
            errors.add("partner_iso2", "required");
        } else if partner.len() != 2
            || partner == "CN"
            || crate::reference::reference().country(&partner).is_none()
        {
            errors.add("partner_iso2", "unknown_country");
        }
        let partner_name = row.partner_name.trim().to_owned();
        if partner_name.is_empty() {
            errors.add("partner_name", "required");
        }
        for (field, value, max) in [
            ("partner_name", &row.partner_name, 200),
            ("notes", &row.notes, 4000),
            ("issuing_body", &row.issuing_body, 2000),
            ("liaison_bodies", &row.liaison_bodies, 2000),
            ("source", &row.source, 2000),
        ] {
            if value.chars().count() > max {
                errors.add(field, "too_long");
            }
        }
        let signed = if row.signed.trim().is_empty() {
            errors.add("signed", "required");
            None
        } else {
            errors.take("signed", crate::registry::parse_date(&row.signed))
        };
        let in_force = optional_date(&mut errors, "in_force", &row.in_force);
        let in_force_until = optional_date(&mut errors, "in_force_until", &row.in_force_until);
        errors.not_before("in_force", "before_signing", signed, in_force);
        if let Some(u) = in_force_until {
            match in_force {
                Some(f) if u < f => errors.add("in_force_until", "before_in_force"),
                Some(_) => {}
                None if row.in_force.trim().is_empty() => {
                    errors.add("in_force_until", "without_in_force");
                }
                None => {}
            }
        }
        if let Some(s) = signed {
            let expected = format!("CN-{partner}-{}", s.year());
            if !code.is_empty() && code != expected {
                errors.add("code", "code_mismatch");
            }
        }
        let chinese = errors.take(
            "chinese_branches_exempt",
            branches(&row.chinese_branches_exempt),
        );
        let partner_branches = errors.take(
            "partner_branches_exempt",
            branches(&row.partner_branches_exempt),
        );
        let limit_from = errors.take(
            "max_posting_months",
            PostingLimit::parse(&row.max_posting_months),
        );
        let limit_to = errors.take(
            "max_posting_months_to_china",
            PostingLimit::parse(&row.max_posting_months_to_china),
        );
        let extension_rule =
            errors.take("extension_rule", ExtensionRule::parse(&row.extension_rule));
        let extension_max = match row.extension_max_months.trim() {
            "" => Some(None),
            t => match t.parse::<u32>() {
                Ok(n) => {
                    let longest = [limit_from, limit_to]
                        .into_iter()
                        .flatten()
                        .filter_map(PostingLimit::months)
                        .max()
                        .unwrap_or(1);
                    if n < longest || n > 1200 {
                        errors.add("extension_max_months", "out_of_range");
                        None
                    } else {
                        Some(Some(n))
                    }
                }
                Err(_) => {
                    errors.add("extension_max_months", "not_a_number");
                    None
                }
            },
        };
        let categories = errors.take("categories", list(&row.categories, &CATEGORIES));
        errors.into_result()?;
        match (
            signed,
            chinese,
            partner_branches,
            limit_from,
            limit_to,
            extension_rule,
            extension_max,
            categories,
        ) {
            (
                Some(signed),
                Some(chinese_branches_exempt),
                Some(partner_branches_exempt),
                Some(limit_from_china),
                Some(limit_to_china),
                Some(extension_rule),
                Some(extension_max_months),
                Some(categories),
            ) => Ok(Agreement {
                code,
                partner,
                partner_name,
                signed,
                in_force,
                in_force_until,
                chinese_branches_exempt,
                partner_branches_exempt,
                limit_from_china,
                limit_to_china,
                extension_rule,
                extension_max_months,
                categories,
                notes: row.notes.trim().to_owned(),
                issuing_body: row.issuing_body.trim().to_owned(),
                liaison_bodies: row.liaison_bodies.trim().to_owned(),
                source: row.source.trim().to_owned(),
            }),
            _ => Err(FieldErrors::single("code", "required")),
        }
    }

    /// The agreement as a CSV row; `Agreement::parse(&a.row()) == Ok(a)`.
    pub fn row(&self) -> AgreementRow {
        AgreementRow {
            code: self.code.clone(),
            partner_iso2: self.partner.clone(),
            partner_name: self.partner_name.clone(),
            signed: self.signed.to_string(),
            in_force: date_text(self.in_force),
            chinese_branches_exempt: self.chinese_branches_exempt.join(";"),
            partner_branches_exempt: self.partner_branches_exempt.join(";"),
            max_posting_months: self.limit_from_china.text(),
            extension_rule: self.extension_rule.code().to_owned(),
            extension_max_months: self
                .extension_max_months
                .map(|n| n.to_string())
                .unwrap_or_default(),
            categories: self.categories.join(";"),
            notes: self.notes.clone(),
            max_posting_months_to_china: self.limit_to_china.text(),
            in_force_until: date_text(self.in_force_until),
            issuing_body: self.issuing_body.clone(),
            liaison_bodies: self.liaison_bodies.clone(),
            source: self.source.clone(),
        }
    }

    /// Spec §4 step 3: `in_force` set, `in_force` ≤ day, and `in_force_until` empty or
    /// day ≤ `in_force_until`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.in_force.is_some_and(|f| f <= day) && self.in_force_until.is_none_or(|u| day <= u)
    }

    /// Whether the agreement lists the worker category (spec §4 step 4).
    pub fn covers(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c == category)
    }

    /// The posting limit for a direction: inbound (to China) uses `max_posting_months_to_china`,
    /// outbound `max_posting_months`.
    pub fn limit(&self, direction: Direction) -> PostingLimit {
        match direction {
            Direction::Inbound => self.limit_to_china,
            Direction::Outbound => self.limit_from_china,
        }
    }

    /// The branches a posted worker is exempt from: inbound the Chinese branches, outbound the
    /// partner's.
    pub fn exempt_branches(&self, direction: Direction) -> &[String] {
        match direction {
            Direction::Inbound => &self.chinese_branches_exempt,
            Direction::Outbound => &self.partner_branches_exempt,
        }
    }

    /// The posting limit and extension rule for a direction and category, with the special
    /// rules of the `notes`: German diplomatic-mission staff have no time limit; Korea's
    /// locally hired short-term staff have 60 months and no extension.
    pub fn terms_for(&self, direction: Direction, category: &str) -> (PostingLimit, ExtensionRule) {
        if self.code == "CN-KR-2012" && category == "local_short_term" {
            (PostingLimit::Months(60), ExtensionRule::None)
        } else if self.code == "CN-DE-2001" && category == "diplomatic_consular" {
            (PostingLimit::Unlimited, self.extension_rule)
        } else {
            (self.limit(direction), self.extension_rule)
        }
    }

    /// The first and last day the agreement applies, if it was ever in force.
    fn in_force_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.in_force
            .map(|f| (f, self.in_force_until.unwrap_or(NaiveDate::MAX)))
    }
}

/// The rows of `data/coverage/agreements.csv`.
pub fn builtin_rows() -> Result<Vec<AgreementRow>, String> {
    let mut rows = parse_rows(AGREEMENTS_CSV)?;
    let bodies: Vec<Bodies> = csv::Reader::from_reader(BODIES_CSV.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("bodies.csv: {e}"))?;
    for b in bodies {
        let row = rows
            .iter_mut()
            .find(|r| r.code == b.code)
            .ok_or_else(|| format!("bodies.csv: no agreement {}", b.code))?;
        row.issuing_body = b.issuing_body;
        row.liaison_bodies = b.liaison_bodies;
        row.source = b.source;
    }
    Ok(rows)
}

/// The issuing and liaison bodies and the source of each agreement (`data/coverage/bodies.csv`).
#[derive(Deserialize)]
struct Bodies {
    code: String,
    issuing_body: String,
    liaison_bodies: String,
    source: String,
}

const BODIES_CSV: &str = include_str!("../../../../data/coverage/bodies.csv");

/// Reads agreement rows from CSV text with the header of `data/coverage/agreements.csv`.
pub fn parse_rows(text: &str) -> Result<Vec<AgreementRow>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize::<AgreementRow>()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| format!("agreements.csv row {}: {e}", i + 1)))
        .collect()
}

/// Parses rows into agreements and checks them as a registry.
pub fn parse_all(rows: &[AgreementRow]) -> Result<Vec<Agreement>, String> {
    let agreements = rows
        .iter()
        .map(|row| {
            Agreement::parse(row).map_err(|e| {
                let fields: Vec<String> =
                    e.0.iter()
                        .map(|f| format!("{} {}", f.field, f.code))
                        .collect();
                format!("agreement {}: {}", row.code, fields.join(", "))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_registry(&agreements)?;
    Ok(agreements)
}

static BUILTIN: OnceLock<Result<Vec<Agreement>, String>> = OnceLock::new();

/// The agreements as shipped, parsed once and checked with [`check_registry`].
pub fn builtin() -> Result<&'static [Agreement], String> {
    BUILTIN
        .get_or_init(|| parse_all(&builtin_rows()?))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Checks a set of agreements: codes are unique, and no two agreements with the same partner
/// are in force on the same day (spec §4 step 3).
pub fn check_registry(agreements: &[Agreement]) -> Result<(), String> {
    for (i, a) in agreements.iter().enumerate() {
        for b in &agreements[..i] {
            if a.code == b.code {
                return Err(format!("duplicate agreement code {}", a.code));
            }
            if a.partner != b.partner {
                continue;
            }
            if let (Some((a_from, a_until)), Some((b_from, b_until))) =
                (a.in_force_span(), b.in_force_span())
            {
                if a_from <= b_until && b_from <= a_until {
                    return Err(format!(
                        "agreements {} and {} with {} are both in force on {}",
                        b.code,
                        a.code,
                        a.partner,
                        a_from.max(b_from)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The agreements with one partner.
pub fn with_partner<'a>(
    agreements: &'a [Agreement],
    partner: &'a str,
) -> impl Iterator<Item = &'a Agreement> + 'a {
    agreements.iter().filter(move |a| a.partner == partner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn all() -> &'static [Agreement] {
        builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    fn get(code: &str) -> &'static Agreement {
        all()
            .iter()
            .find(|a| a.code == code)
            .unwrap_or_else(|| panic!("no {code}"))
    }

    fn germany_row() -> AgreementRow {
        get("CN-DE-2001").row()
    }

    fn error_of(row: &AgreementRow, field: &str) -> Option<&'static str> {
        match Agreement::parse(row) {
            Ok(_) => None,
            Err(e) => e.code_for(field),
        }
    }

    #[test]
    fn builtin_has_the_fourteen_agreements() {
        let codes: Vec<&str> = all().iter().map(|a| a.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "CN-DE-2001",
                "CN-KR-2003",
                "CN-KR-2012",
                "CN-DK-2013",
                "CN-FI-2014",
                "CN-CA-2015",
                "CN-CH-2015",
                "CN-NL-2016",
                "CN-FR-2016",
                "CN-ES-2017",
                "CN-LU-2017",
                "CN-JP-2018",
                "CN-RS-2018",
                "CN-KG-2025",
            ]
        );
        // 13 agreements signed by October 2025 plus the Korean interim arrangement.
        let partners: std::collections::BTreeSet<&str> =
            all().iter().map(|a| a.partner.as_str()).collect();
        assert_eq!(partners.len(), 13);
    }

    #[test]
    fn two_agreements_in_force_at_the_end_of_2010() {
        let day = d("2010-12-31");
        let codes: Vec<&str> = all()
            .iter()
            .filter(|a| a.in_force_on(day))
            .map(|a| a.code.as_str())
            .collect();
        assert_eq!(codes, ["CN-DE-2001", "CN-KR-2003"]);
    }

    #[test]
    fn eleven_in_force_in_2023_and_twelve_now() {
        let count = |day: &str| all().iter().filter(|a| a.in_force_on(d(day))).count();
        assert_eq!(count("2023-03-01"), 11);
        assert_eq!(count("2025-10-13"), 11);
        assert_eq!(count("2025-10-14"), 12);
    }

    #[test]
    fn fields_are_read_as_the_spec_gives_them() {
        let dk = get("CN-DK-2013");
        assert_eq!(dk.limit(Direction::Outbound), PostingLimit::Months(60));
        assert_eq!(dk.limit(Direction::Inbound), PostingLimit::Months(36));
        assert_eq!(dk.extension_rule, ExtensionRule::Unknown);
        let kr = get("CN-KR-2003");
        assert_eq!(kr.limit(Direction::Inbound), PostingLimit::Unlimited);
        assert_eq!(kr.in_force_until, Some(d("2013-01-15")));
        assert!(kr.in_force_on(d("2013-01-15")));
        assert!(!kr.in_force_on(d("2013-01-16")));
        assert!(get("CN-KR-2012").in_force_on(d("2013-01-16")));
        assert!(!get("CN-KR-2012").in_force_on(d("2013-01-15")));
        let kg = get("CN-KG-2025");
        assert_eq!(kg.limit(Direction::Inbound), PostingLimit::NotEstablished);
        assert_eq!(kg.limit(Direction::Outbound), PostingLimit::NotEstablished);
        let fr = get("CN-FR-2016");
        assert_eq!(fr.in_force, None);
        assert!(!fr.in_force_on(d("2030-01-01")));
        let de = get("CN-DE-2001");
        assert_eq!(de.extension_rule, ExtensionRule::SpecialAgreement);
        assert_eq!(de.extension_max_months, Some(96));
        assert_eq!(
            de.exempt_branches(Direction::Inbound),
            ["pension".to_owned(), "unemployment".to_owned()]
        );
        assert!(de.covers("subsidiary_staff"));
        assert!(!de.covers("self_employed"));
        assert_eq!(get("CN-RS-2018").extension_max_months, Some(84));
        assert_eq!(get("CN-KR-2012").extension_max_months, Some(156));
        assert_eq!(
            get("CN-JP-2018").exempt_branches(Direction::Outbound),
            ["pension".to_owned()]
        );
        for a in all() {
            assert!(a
                .chinese_branches_exempt
                .iter()
                .all(|b| b == "pension" || b == "unemployment"));
            assert!(a.chinese_branches_exempt.contains(&"pension".to_owned()));
        }
    }

    #[test]
    fn every_row_round_trips() {
        let rows = builtin_rows().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 14);
        for (row, agreement) in rows.iter().zip(all()) {
            assert_eq!(&agreement.row(), row, "{}", row.code);
            assert_eq!(Agreement::parse(row).as_ref(), Ok(agreement));
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in &rows {
            writer.serialize(row).unwrap_or_else(|e| panic!("{e}"));
        }
        let bytes = writer.into_inner().unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse_rows(&text), Ok(rows));
    }

    #[test]
    fn codes_parse_and_print() {
        for rule in ExtensionRule::ALL {
            assert_eq!(ExtensionRule::parse(rule.code()), Ok(rule));
            assert_eq!(
                serde_json::to_value(rule).unwrap_or_else(|e| panic!("{e}")),
                serde_json::json!(rule.code())
            );
        }
        assert_eq!(ExtensionRule::parse("sometimes"), Err("unknown_value"));
        assert_eq!(ExtensionRule::parse(""), Err("required"));
        assert_eq!(Direction::parse("inbound"), Ok(Direction::Inbound));
        assert_eq!(Direction::parse("outbound"), Ok(Direction::Outbound));
        assert_eq!(Direction::parse("sideways"), Err("unknown_value"));
        assert_eq!(Direction::parse(" "), Err("required"));
        assert_eq!(Direction::Outbound.code(), "outbound");
        assert_eq!(PostingLimit::parse("60"), Ok(PostingLimit::Months(60)));
        assert_eq!(
            PostingLimit::parse("unlimited"),
            Ok(PostingLimit::Unlimited)
        );
        assert_eq!(PostingLimit::parse(""), Ok(PostingLimit::NotEstablished));
    }

    #[test]
    fn each_parse_error_is_named_by_its_column() {
        type Edit = fn(&mut AgreementRow);
        let cases: [(&str, &str, Edit); 27] = [
            ("code", "required", |r| r.code = " ".into()),
            ("code", "code_mismatch", |r| r.code = "CN-DE-2002".into()),
            ("partner_iso2", "required", |r| {
                r.partner_iso2 = String::new()
            }),
            ("partner_iso2", "unknown_country", |r| {
                r.partner_iso2 = "XX".into()
            }),
            ("partner_iso2", "unknown_country", |r| {
                r.partner_iso2 = "DEU".into()
            }),
            ("partner_iso2", "unknown_country", |r| {
                r.partner_iso2 = "CN".into()
            }),
            ("partner_name", "required", |r| {
                r.partner_name = String::new()
            }),
            ("signed", "required", |r| r.signed = String::new()),
            ("signed", "invalid_date", |r| r.signed = "2001-02-29".into()),
            ("signed", "before_1900", |r| r.signed = "1899-12-31".into()),
            ("in_force", "invalid_date", |r| {
                r.in_force = "04/04/2002".into()
            }),
            ("in_force", "before_signing", |r| {
                r.in_force = "2001-07-11".into()
            }),
            ("in_force_until", "before_in_force", |r| {
                r.in_force_until = "2002-04-03".into()
            }),
            ("in_force_until", "without_in_force", |r| {
                r.in_force = String::new();
                r.in_force_until = "2010-01-01".into();
            }),
            ("chinese_branches_exempt", "never_exempt", |r| {
                r.chinese_branches_exempt = "pension;medical".into()
            }),
            ("chinese_branches_exempt", "never_exempt", |r| {
                r.chinese_branches_exempt = "work_injury".into()
            }),
            ("partner_branches_exempt", "never_exempt", |r| {
                r.partner_branches_exempt = "pension;maternity".into()
            }),
            ("chinese_branches_exempt", "unknown_value", |r| {
                r.chinese_branches_exempt = "pension;housing_fund".into()
            }),
            ("chinese_branches_exempt", "duplicate_value", |r| {
                r.chinese_branches_exempt = "pension;pension".into()
            }),
            ("chinese_branches_exempt", "required", |r| {
                r.chinese_branches_exempt = String::new()
            }),
            ("max_posting_months", "not_a_number", |r| {
                r.max_posting_months = "four years".into()
            }),
            ("max_posting_months_to_china", "out_of_range", |r| {
                r.max_posting_months_to_china = "0".into()
            }),
            ("extension_rule", "unknown_value", |r| {
                r.extension_rule = "maybe".into()
            }),
            ("extension_rule", "required", |r| {
                r.extension_rule = String::new()
            }),
            ("extension_max_months", "not_a_number", |r| {
                r.extension_max_months = "96m".into()
            }),
            ("extension_max_months", "out_of_range", |r| {
                r.extension_max_months = "24".into()
            }),
            ("categories", "unknown_value", |r| {
                r.categories = "posted_worker;tourist".into()
            }),
        ];
        for (field, code, edit) in cases {
            let mut row = germany_row();
            edit(&mut row);
            assert_eq!(error_of(&row, field), Some(code), "{field} {code}");
        }
        assert_eq!(error_of(&germany_row(), "code"), None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut row = germany_row();
        row.partner_iso2 = "ZZ".into();
        row.in_force = "2002-13-01".into();
        row.categories = String::new();
        let errors = Agreement::parse(&row).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["partner_iso2", "in_force", "code", "categories"]);
    }

    #[test]
    fn parse_normalises_case_and_spaces() {
        let mut row = germany_row();
        row.partner_iso2 = " de ".into();
        row.categories = "posted_worker ; seafarer".into();
        let a = Agreement::parse(&row).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.partner, "DE");
        assert_eq!(a.categories, ["posted_worker", "seafarer"]);
    }

    #[test]
    fn registry_catches_overlaps_and_duplicates() {
        assert_eq!(check_registry(all()), Ok(()));
        let mut agreements = all().to_vec();
        // The interim Korean arrangement running one day longer overlaps the 2012 agreement.
        if let Some(kr) = agreements.iter_mut().find(|a| a.code == "CN-KR-2003") {
            kr.in_force_until = Some(d("2013-01-16"));
        }
        let err = check_registry(&agreements).err().unwrap_or_default();
        assert!(
            err.contains("CN-KR-2003") && err.contains("2013-01-16"),
            "{err}"
        );
        // Still in force with no end date: overlaps too.
        if let Some(kr) = agreements.iter_mut().find(|a| a.code == "CN-KR-2003") {
            kr.in_force_until = None;
        }
        assert!(check_registry(&agreements).is_err());
        // A second agreement with a partner that is not in force does not overlap.
        let mut agreements = all().to_vec();
        let mut second_fr = get("CN-FR-2016").clone();
        second_fr.code = "CN-FR-2026".into();
        agreements.push(second_fr.clone());
        assert_eq!(check_registry(&agreements), Ok(()));
        // The same code twice is refused.
        second_fr.code = "CN-FR-2016".into();
        agreements.push(second_fr);
        let err = check_registry(&agreements).err().unwrap_or_default();
        assert!(err.contains("duplicate"), "{err}");
    }
}
