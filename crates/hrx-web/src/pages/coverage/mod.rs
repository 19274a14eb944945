//! Bilateral social-security agreements and certificates of coverage on pages: the public
//! registry of agreements (administrators edit their terms), the public determination of what
//! an agreement provides for a posting, the certificates of coverage (employers file and
//! follow theirs; officers with the coverage capability check, issue, accept and revoke) and
//! the print-ready certificate. Its public check is in `pages::verify`.
//!
//! This module holds the routes and what its pages share: wording of agreement terms, money,
//! path segments, and a certificate worded for lists and documents.

mod agreements;
mod certificates;
mod determine;
mod print;

use super::Ctx;
use crate::AppState;
use axum::Router;
use hrx_domain::access::Scope;
use hrx_domain::coverage::agreements::{ExtensionRule, PostingLimit};
use hrx_store::coverage::CertificateRecord;
use hrx_store::registry::PersonRecord;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(agreements::routes())
        .merge(determine::routes())
        .merge(certificates::routes())
        .merge(print::routes())
}

/// States in which a certificate has a document to print and to check publicly.
pub(super) const DOCUMENT_STATES: [&str; 5] =
    ["issued", "extended", "accepted", "expired", "revoked"];

impl Ctx {
    /// A list of codes translated with a prefix, joined as the language writes lists.
    pub(super) fn coded_list(&self, prefix: &str, codes: &[String]) -> String {
        if codes.is_empty() {
            return self.t("cov-none");
        }
        let sep = self.lang.pick("、", ", ");
        codes
            .iter()
            .map(|c| self.tk(prefix, c))
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub(super) fn branches(&self, codes: &[String]) -> String {
        self.coded_list("cov-branch", codes)
    }

    pub(super) fn limit(&self, limit: PostingLimit) -> String {
        match limit {
            PostingLimit::Months(n) => self.t1("cov-months", "months", n),
            PostingLimit::Unlimited => self.t("cov-unlimited"),
            PostingLimit::NotEstablished => self.t("cov-not-established"),
        }
    }

    pub(super) fn extension(&self, rule: ExtensionRule, max_months: Option<u32>) -> String {
        let text = self.tk("cov-extension", rule.code());
        match max_months {
            Some(n) if rule.allows_extension() => {
                format!("{text} ({})", self.t1("cov-extension-max", "months", n))
            }
            _ => text,
        }
    }

    pub(super) fn city_name(&self, city: &str) -> String {
        let key = format!("cov-city-{city}");
        let name = self.t(&key);
        if name == key {
            city.to_owned()
        } else {
            name
        }
    }

    pub(super) fn opt_date(&self, date: Option<&str>) -> String {
        date.map(|d| self.date(d)).unwrap_or_else(|| "—".into())
    }
}

/// An amount of yuan with two decimals and the digits grouped by thousands.
pub(super) fn money(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// A value for a URL path segment: everything but letters, digits, `-`, `.` and `_`
/// percent-encoded.
pub(super) fn path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A date as a form sends it (YYYY-MM-DD), or the field's error code.
pub(super) fn parse_day(value: &str) -> Result<chrono::NaiveDate, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Err("required");
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if chrono::Datelike::year(&d) < 1900 => Err("before_1900"),
        Ok(d) => Ok(d),
        Err(_) => Err("invalid_date"),
    }
}

pub(super) fn optional_text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------
// A certificate worded for lists, its record, its print and its public check

/// One certificate, worded for lists and the record page.
pub(super) struct CertRow {
    pub c: CertificateRecord,
    pub person: String,
    pub partner: String,
    pub direction: String,
    pub status: String,
    pub status_class: &'static str,
    pub category: String,
    pub branches: String,
    pub validity: String,
    pub posting: String,
}

fn status_class(status: &str) -> &'static str {
    match status {
        "issued" | "extended" | "accepted" => "st-active",
        "refused" | "rejected" | "withdrawn" | "expired" | "revoked" => "st-refused",
        _ => "st-submitted",
    }
}

/// Names of people looked up once per page.
#[derive(Default)]
pub(super) struct Names(HashMap<i64, String>);

impl Names {
    pub(super) async fn of(&mut self, state: &AppState, id: i64) -> String {
        if let Some(n) = self.0.get(&id) {
            return n.clone();
        }
        let name = match state.store.person(id, Scope::All).await {
            Ok(Some(p)) => full_name(&p),
            _ => format!("#{id}"),
        };
        self.0.insert(id, name.clone());
        name
    }
}

fn full_name(p: &PersonRecord) -> String {
    match (&p.name_native, &p.name_latin) {
        (Some(n), Some(l)) => format!("{n} {l}"),
        (Some(n), None) => n.clone(),
        (None, Some(l)) => l.clone(),
        (None, None) => format!("#{}", p.id),
    }
}

pub(super) fn partner_of(code: &str) -> &str {
    code.get(3..5).unwrap_or("")
}

pub(super) async fn cert_row(
    state: &AppState,
    ctx: &Ctx,
    names: &mut Names,
    c: CertificateRecord,
) -> CertRow {
    CertRow {
        person: names.of(state, c.person_id).await,
        partner: ctx.country_name(partner_of(&c.agreement_code)),
        direction: ctx.tk("cov-direction", &c.direction),
        status: ctx.tk("cov-status", &c.status),
        status_class: status_class(&c.status),
        category: ctx.tk("cov-category", &c.worker_category),
        branches: ctx.branches(&c.exempt_branches),
        validity: format!("{} – {}", ctx.date(&c.valid_from), ctx.date(&c.valid_to)),
        posting: format!(
            "{} – {}",
            ctx.date(&c.posting_start),
            ctx.date(&c.posting_end)
        ),
        c,
    }
}

/// The employer's name as registered, or as the certificate names it.
pub(super) async fn employer_name(state: &AppState, c: &CertificateRecord) -> String {
    if let Some(id) = c.employer_id {
        if let Ok(Some(o)) = state.store.organisation(id, Scope::All).await {
            let names: Vec<String> = [o.name_zh, o.name_en].into_iter().flatten().collect();
            if !names.is_empty() {
                return names.join(" ");
            }
        }
    }
    c.employer_name.clone().unwrap_or_else(|| "—".into())
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::coverage::agreements::{ExtensionRule, CATEGORIES, CHINESE_BRANCHES};

    /// Every code these pages translate at run time has a message in both languages.
    #[test]
    fn every_coverage_code_shown_has_a_translation() {
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(CHINESE_BRANCHES.iter().map(|b| format!("cov-branch-{b}")));
        wanted.extend(CATEGORIES.iter().map(|c| format!("cov-category-{c}")));
        wanted.extend(
            ExtensionRule::ALL
                .iter()
                .map(|r| format!("cov-extension-{}", r.code())),
        );
        wanted.extend(["cov-direction-inbound", "cov-direction-outbound"].map(String::from));
        if let Ok(w) = hrx_domain::coverage::certificates::workflow() {
            wanted.extend(w.states.iter().map(|s| format!("cov-status-{}", s.code)));
            wanted.extend(
                w.transitions
                    .iter()
                    .map(|t| format!("cov-action-{}", t.action)),
            );
        }
        wanted.push("cov-action-extend".into());
        let store = include_str!("../../../../hrx-store/src/coverage.rs");
        for piece in store.split("code: \"").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            wanted.push(format!("cov-refused-{code}"));
        }
        for field in [
            "partner_iso2",
            "partner_name",
            "signed",
            "in_force",
            "in_force_until",
            "chinese_branches_exempt",
            "partner_branches_exempt",
            "max_posting_months",
            "max_posting_months_to_china",
            "extension_rule",
            "extension_max_months",
            "categories",
            "notes",
            "issuing_body",
            "liaison_bodies",
            "source",
            "paid_until",
            "effective",
            "valid_to",
            "comment",
            "version",
        ] {
            wanted.push(format!("cov-field-{field}"));
        }
        for code in [
            "agreement_not_in_force",
            "category_not_covered",
            "after_agreement_end",
            "extension_not_possible",
            "exceeds_extension_limit",
            "exceeds_posting_limit",
            "before_posting_start",
            "after_posting_end",
            "before_valid_from",
            "no_agreement",
            "never_exempt",
            "duplicate_value",
            "code_mismatch",
            "before_signing",
            "before_in_force",
            "without_in_force",
            "invalid_format",
            "does_not_match_path",
            "unknown_city",
            "same_country",
            "china_not_involved",
            "employer_without_credit_code",
            "not_a_number",
            "out_of_range",
        ] {
            wanted.push(format!("err-{code}"));
        }
        if let Ok(table) = hrx_domain::coverage::rates::RateTable::builtin() {
            wanted.extend(table.cities().iter().map(|c| format!("cov-city-{c}")));
        }
        for (name, source) in [("en", EN_FTL), ("zh-CN", ZH_FTL)] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
        }
    }

    #[test]
    fn money_is_grouped_with_two_decimals() {
        assert_eq!(super::money(1234567.891), "1,234,567.89");
        assert_eq!(super::money(0.5), "0.50");
        assert_eq!(super::money(999.0), "999.00");
    }

    #[test]
    fn numbers_are_encoded_for_a_path() {
        assert_eq!(
            super::path_segment("COC-DE-2026-000001"),
            "COC-DE-2026-000001"
        );
        assert_eq!(super::path_segment("D/VRC 101"), "D%2FVRC%20101");
    }
}
