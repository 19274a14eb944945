//! A programme as a form or a JSON body gives it, checked field by field into its typed
//! form (spec §8 `TrainingProgramme`).

use super::{ApprovalCategory, DurationClass, FundingChannel, InstitutionKind, ProgrammeType};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::Deserialize;

/// The fields of a programme, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProgrammeFields {
    /// A unique code (`SCS-2009-01`); letters, digits, `-`, `_`, `.`, `/`.
    pub code: String,
    pub year: i64,
    pub title_en: String,
    pub title_zh: String,
    /// One of the programme types of spec §2.
    pub programme_type: String,
    /// `special_fund`, `foreign_party`, `import_contract` or `intergovernmental`.
    pub funding_channel: String,
    /// `approval`, `review` or `filing`.
    pub approval_category: String,
    pub host_institution: String,
    /// `government`, `international_organisation`, `ngo`, `university`, `enterprise` or
    /// `training_body`.
    pub institution_kind: String,
    /// ISO 3166-1 alpha-2.
    pub host_country: String,
    /// The language of instruction (`en`, `fr`, `zh` with interpretation …).
    pub language: String,
    /// The planned length in days; 90 or more is mid- and long-term.
    pub planned_days: i64,
    /// The cost of one place, in yuan.
    pub cost_yuan: i64,
    /// The first and last days the programme's groups may travel (ISO dates).
    pub window_start: String,
    pub window_end: String,
}

/// A programme, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeInput {
    pub code: String,
    pub year: i32,
    pub title_en: String,
    pub title_zh: String,
    pub programme_type: ProgrammeType,
    pub funding_channel: FundingChannel,
    pub approval_category: ApprovalCategory,
    pub host_institution: String,
    pub institution_kind: InstitutionKind,
    pub host_country: String,
    pub language: String,
    pub planned_days: i64,
    pub cost_yuan: i64,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
}

impl ProgrammeInput {
    /// Short or mid- and long-term by the planned length (TA-R1).
    pub fn duration_class(&self) -> DurationClass {
        planned_class(self.planned_days)
    }
}

/// The duration class of a planned length.
pub fn planned_class(planned_days: i64) -> DurationClass {
    if planned_days >= super::rules().mid_long_term_days {
        DurationClass::MidLongTerm
    } else {
        DurationClass::ShortTerm
    }
}

/// A text field: trimmed, required, at most `max` characters.
fn required(e: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    e.text(field, value, max)
}

fn coded<T>(
    e: &mut FieldErrors,
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    if value.trim().is_empty() {
        e.add(field, "required");
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        e.add(field, "unknown_value");
    }
    parsed
}

/// An ISO date, required.
pub fn required_day(e: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, "required");
        return None;
    }
    let day = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    if day.is_none() {
        e.add(field, "invalid_date");
    }
    day
}

impl ProgrammeFields {
    /// Every field checked; `known_country` answers whether a country code exists.
    pub fn check(
        &self,
        known_country: impl Fn(&str) -> bool,
    ) -> Result<ProgrammeInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = required(&mut e, "code", &self.code, 40);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            e.add("code", "invalid_format");
        }
        if !(1949..=2100).contains(&self.year) {
            e.add("year", "out_of_range");
        }
        let title_en = required(&mut e, "title_en", &self.title_en, 200);
        let title_zh = required(&mut e, "title_zh", &self.title_zh, 200);
        let programme_type = coded(
            &mut e,
            "programme_type",
            &self.programme_type,
            ProgrammeType::parse,
        );
        let funding_channel = coded(
            &mut e,
            "funding_channel",
            &self.funding_channel,
            FundingChannel::parse,
        );
        let approval_category = coded(
            &mut e,
            "approval_category",
            &self.approval_category,
            ApprovalCategory::parse,
        );
        let host_institution = required(&mut e, "host_institution", &self.host_institution, 200);
        let institution_kind = coded(
            &mut e,
            "institution_kind",
            &self.institution_kind,
            InstitutionKind::parse,
        );
        let host_country = self.host_country.trim().to_ascii_uppercase();
        if host_country.is_empty() {
            e.add("host_country", "required");
        } else if host_country == "CN" || !known_country(&host_country) {
            e.add("host_country", "unknown_value");
        }
        let language = required(&mut e, "language", &self.language, 40);
        if !(1..=1500).contains(&self.planned_days) {
            e.add("planned_days", "out_of_range");
        }
        if !(0..=100_000_000).contains(&self.cost_yuan) {
            e.add("cost_yuan", "out_of_range");
        }
        let window_start = required_day(&mut e, "window_start", &self.window_start);
        let window_end = required_day(&mut e, "window_end", &self.window_end);
        if let (Some(a), Some(b)) = (window_start, window_end) {
            if b < a {
                e.add("window_end", "before_start");
            }
        }
        e.into_result()?;
        match (
            programme_type,
            funding_channel,
            approval_category,
            institution_kind,
            window_start,
            window_end,
        ) {
            (
                Some(programme_type),
                Some(funding_channel),
                Some(approval_category),
                Some(institution_kind),
                Some(window_start),
                Some(window_end),
            ) => Ok(ProgrammeInput {
                code,
                year: self.year as i32,
                title_en,
                title_zh,
                programme_type,
                funding_channel,
                approval_category,
                host_institution,
                institution_kind,
                host_country,
                language,
                planned_days: self.planned_days,
                cost_yuan: self.cost_yuan,
                window_start,
                window_end,
            }),
            _ => Err(FieldErrors::single("code", "invalid")),
        }
    }
}
