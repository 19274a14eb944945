//! What ships in `data/cooperation/`: the history of events (the spec's
//! `cooperation-events.csv`), the organisations (the spec's `un-organisations.csv`, extended),
//! and the instruments found in public sources (spec §1), each with its source.

use super::events::{EventInput, EventRow};
use super::{AgreementFields, AgreementInput, PartnerKind};
use serde::Deserialize;

const EVENTS_CSV: &str = include_str!("../../../../data/cooperation/events.csv");
const ORGANISATIONS_CSV: &str = include_str!("../../../../data/cooperation/organisations.csv");
const AGREEMENTS_CSV: &str = include_str!("../../../../data/cooperation/agreements.csv");

/// An organisation that may be a partner.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organisation {
    pub acronym: String,
    pub name_en: String,
    pub name_zh: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub headquarters: String,
    pub source: String,
}

impl Organisation {
    pub fn kind(&self) -> PartnerKind {
        if self.type_ == "regional forum" {
            PartnerKind::RegionalForum
        } else {
            PartnerKind::Organisation
        }
    }
}

fn rows<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Vec<T>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("row {}: {e}", i + 2)))
        .collect()
}

pub fn organisations() -> Result<Vec<Organisation>, String> {
    rows(ORGANISATIONS_CSV)
}

/// The shipped events, checked as an import would check them.
pub fn shipped_events() -> Result<Vec<(EventRow, EventInput)>, String> {
    rows::<EventRow>(EVENTS_CSV)?
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let input = row
                .check()
                .map_err(|e| format!("events.csv row {}: {e:?}", i + 2))?;
            Ok((row, input))
        })
        .collect()
}

/// The shipped instruments, checked.
pub fn shipped_agreements() -> Result<Vec<AgreementInput>, String> {
    rows::<AgreementFields>(AGREEMENTS_CSV)?
        .into_iter()
        .map(|row| {
            row.check()
                .map_err(|e| format!("agreements.csv {}: {e:?}", row.code))
        })
        .collect()
}
