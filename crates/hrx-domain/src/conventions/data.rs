//! The shipped register and rules: `data/conventions/conventions.csv` (the spec's
//! `ilo-conventions-china.csv`) as events, and `data/conventions/reporting.toml`.

use super::calendar::{CycleDef, GroupDef, Rules, Subject};
use super::{Class, Event, EventKind};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const CONVENTIONS_CSV: &str = include_str!("../../../../data/conventions/conventions.csv");
const REPORTING_TOML: &str = include_str!("../../../../data/conventions/reporting.toml");

#[derive(Deserialize)]
struct Row {
    convention: String,
    title: String,
    adopted_year: i32,
    class: String,
    ratified: NaiveDate,
    status: String,
    status_since: String,
    notes: String,
}

#[derive(Deserialize)]
struct ClassChange {
    convention: String,
    from: String,
    to: String,
    effective: NaiveDate,
}

#[derive(Deserialize)]
struct DenunciationCause {
    conventions: Vec<String>,
    cause_en: String,
    cause_zh: String,
}

#[derive(Deserialize)]
struct ReportingFile {
    country_name_en: String,
    final_articles: Vec<String>,
    #[serde(default)]
    class_change: Vec<ClassChange>,
    cycle: Vec<CycleDef>,
    groups: Vec<GroupDef>,
    subject: Vec<Subject>,
    titles_zh: BTreeMap<String, String>,
    denunciation: Vec<DenunciationCause>,
    /// Entries into force a source confirms; the others from 1988 on are derived.
    #[serde(default)]
    entry_into_force_confirmed: Vec<String>,
}

fn reporting() -> Result<&'static ReportingFile, &'static str> {
    static FILE: OnceLock<Result<ReportingFile, String>> = OnceLock::new();
    FILE.get_or_init(|| toml::from_str(REPORTING_TOML).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| e.as_str())
}

/// The calendar's rules as shipped (the base years are where a database starts from).
pub fn rules() -> Result<Rules, String> {
    let file = reporting().map_err(str::to_owned)?;
    let rules = Rules {
        country_name_en: file.country_name_en.clone(),
        cycles: file.cycle.clone(),
        groups: file.groups.clone(),
        subjects: file.subject.clone(),
    };
    rules.check()?;
    Ok(rules)
}

/// The shipped register as events: each CSV row's ratification (with its class before any
/// change), its denunciation where the row is not in force, and the class changes.
pub fn shipped_events() -> Result<Vec<Event>, String> {
    let file = reporting().map_err(str::to_owned)?;
    let mut reader = csv::Reader::from_reader(CONVENTIONS_CSV.as_bytes());
    let mut events = Vec::new();
    for (i, row) in reader.deserialize::<Row>().enumerate() {
        let row = row.map_err(|e| format!("conventions.csv row {}: {e}", i + 2))?;
        let code = row.convention.clone();
        if !super::valid_code(&code) {
            return Err(format!("conventions.csv: bad code {code}"));
        }
        let change = file.class_change.iter().find(|c| c.convention == code);
        let class_text = change.map_or(row.class.as_str(), |c| c.from.as_str());
        let class =
            Class::parse(class_text).ok_or_else(|| format!("{code}: bad class {class_text}"))?;
        let since = if row.status_since.is_empty() {
            None
        } else {
            Some(
                NaiveDate::parse_from_str(&row.status_since, "%Y-%m-%d")
                    .map_err(|e| format!("{code}: status_since: {e}"))?,
            )
        };
        let in_force = row.status == "in_force";
        if !in_force && row.status != "not_in_force" {
            return Err(format!("{code}: bad status {}", row.status));
        }
        // An in-force row's date is its entry into force; it counts as given (not derived)
        // only where a source confirms it, but the value is the same either way.
        let confirmed = file.entry_into_force_confirmed.contains(&code);
        let entry_into_force = if in_force && confirmed { since } else { None };
        let title_zh = file
            .titles_zh
            .get(&code)
            .ok_or_else(|| format!("{code}: no Chinese title"))?;
        events.push(Event {
            convention: code.clone(),
            effective: row.ratified,
            kind: EventKind::Ratification {
                title_en: row.title,
                title_zh: title_zh.clone(),
                adopted_year: row.adopted_year,
                class,
                entry_into_force,
                entry_into_force_unknown: since.is_none() || !in_force,
                subjects: file
                    .subject
                    .iter()
                    .filter(|s| s.conventions.contains(&code))
                    .map(|s| s.code.clone())
                    .collect(),
                final_articles: file.final_articles.contains(&code),
                notes: row.notes,
            },
        });
        if !in_force {
            let on = since.ok_or_else(|| format!("{code}: not in force without a date"))?;
            let cause = file
                .denunciation
                .iter()
                .find(|d| d.conventions.contains(&code))
                .ok_or_else(|| format!("{code}: no cause of denunciation"))?;
            events.push(Event {
                convention: code.clone(),
                effective: on,
                kind: EventKind::Denunciation {
                    cause_en: cause.cause_en.clone(),
                    cause_zh: cause.cause_zh.clone(),
                },
            });
        }
        if let Some(change) = change {
            let class = Class::parse(&change.to).ok_or_else(|| format!("{code}: bad class"))?;
            if class.code() != row.class {
                return Err(format!(
                    "{code}: the last class change does not give the CSV's class"
                ));
            }
            events.push(Event {
                convention: code,
                effective: change.effective,
                kind: EventKind::ClassChange { class },
            });
        }
    }
    Ok(events)
}
