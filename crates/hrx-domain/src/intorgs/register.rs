//! The register of organisations: the spec's organisations (`data/cooperation/organisations.
//! csv`, names, headquarters and sources) with their kind, parent, grade system, desirable-
//! range flag and validity (`data/intorgs/organisations.csv`).

use crate::cooperation::data::organisations;
use serde::Deserialize;

const DETAILS_CSV: &str = include_str!("../../../../data/intorgs/organisations.csv");

/// The kinds of organisation (spec §5.1).
pub const KINDS: [&str; 5] = [
    "un_secretariat",
    "fund_programme",
    "specialized_agency",
    "related_organisation",
    "other_io",
];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Details {
    acronym: String,
    kind: String,
    parent: String,
    grade_system: String,
    has_desirable_range: u8,
    valid_from: String,
    valid_to: String,
    note: String,
}

/// An organisation of the register as shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterOrganisation {
    pub acronym: String,
    pub name_en: String,
    pub name_zh: String,
    pub kind: String,
    pub parent: Option<String>,
    pub headquarters: String,
    pub grade_system: String,
    pub has_desirable_range: bool,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub note: String,
    pub source: String,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The shipped register, parents first; an error names what does not hold (a kind, a
/// parent or an organisation unknown).
pub fn register() -> Result<Vec<RegisterOrganisation>, String> {
    let names = organisations()?;
    let details: Vec<Details> = csv::Reader::from_reader(DETAILS_CSV.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("intorgs/organisations.csv row {}: {e}", i + 2)))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for d in &details {
        let o = names
            .iter()
            .find(|o| o.acronym == d.acronym)
            .ok_or_else(|| format!("{}: not in cooperation/organisations.csv", d.acronym))?;
        if !KINDS.contains(&d.kind.as_str()) {
            return Err(format!("{}: unknown kind {}", d.acronym, d.kind));
        }
        if !["un_common_system", "own"].contains(&d.grade_system.as_str()) {
            return Err(format!(
                "{}: unknown grade system {}",
                d.acronym, d.grade_system
            ));
        }
        let parent = opt(&d.parent);
        if let Some(p) = &parent {
            if !out.iter().any(|x: &RegisterOrganisation| &x.acronym == p) {
                return Err(format!("{}: parent {p} is not listed before it", d.acronym));
            }
        }
        out.push(RegisterOrganisation {
            acronym: d.acronym.clone(),
            name_en: o.name_en.clone(),
            name_zh: o.name_zh.clone(),
            kind: d.kind.clone(),
            parent,
            headquarters: o.headquarters.clone(),
            grade_system: d.grade_system.clone(),
            has_desirable_range: d.has_desirable_range == 1,
            valid_from: opt(&d.valid_from),
            valid_to: opt(&d.valid_to),
            note: d.note.clone(),
            source: o.source.clone(),
        });
    }
    Ok(out)
}
