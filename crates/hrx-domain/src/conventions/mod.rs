//! The ILO conventions China has ratified (spec `ilo-conventions.md`): the register, built from
//! effective-dated events (ratification, denunciation, class change), and the reporting
//! calendar (`calendar`). The shipped state is `data/conventions/conventions.csv` with the rules
//! of `data/conventions/reporting.toml`; administrators add events, each from its date.

pub mod calendar;
mod data;
pub mod reports;
#[cfg(test)]
mod tests;

pub use data::{rules, shipped_events};

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The ILO's classification of conventions (2022): fundamental, governance, technical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class {
    F,
    G,
    T,
}

impl Class {
    pub fn code(self) -> &'static str {
        match self {
            Class::F => "F",
            Class::G => "G",
            Class::T => "T",
        }
    }

    pub fn parse(code: &str) -> Option<Class> {
        match code.trim() {
            "F" => Some(Class::F),
            "G" => Some(Class::G),
            "T" => Some(Class::T),
            _ => None,
        }
    }
}

/// A convention's status for China on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Ratification registered, not yet in force (the 12 months after registration).
    NotYetInForce,
    InForce,
    /// Denounced (automatically, by a revising convention) on or before the day.
    NotInForce,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::NotYetInForce => "not_yet_in_force",
            Status::InForce => "in_force",
            Status::NotInForce => "not_in_force",
        }
    }
}

/// What an event records; each takes effect on its `effective` day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    Ratification {
        title_en: String,
        title_zh: String,
        adopted_year: i32,
        class: Class,
        /// The entry into force for China when a source gives it; otherwise it is derived as
        /// registration + 12 months, except where `entry_into_force_unknown` (the pre-1949
        /// ratifications, whose old final articles also depend on the convention's own entry
        /// into force).
        entry_into_force: Option<NaiveDate>,
        #[serde(default)]
        entry_into_force_unknown: bool,
        #[serde(default)]
        subjects: Vec<String>,
        #[serde(default)]
        final_articles: bool,
        #[serde(default)]
        notes: String,
    },
    Denunciation {
        cause_en: String,
        cause_zh: String,
    },
    ClassChange {
        class: Class,
    },
}

impl EventKind {
    /// A ratification as an administrator records it: the entry into force as a source gives
    /// it, or derived; no subjects or notes yet.
    pub fn ratification(
        (title_en, title_zh): (String, String),
        adopted_year: i32,
        class: Class,
        entry_into_force: Option<NaiveDate>,
    ) -> EventKind {
        EventKind::Ratification {
            title_en,
            title_zh,
            adopted_year,
            class,
            entry_into_force,
            entry_into_force_unknown: false,
            subjects: Vec::new(),
            final_articles: false,
            notes: String::new(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Ratification { .. } => "ratification",
            EventKind::Denunciation { .. } => "denunciation",
            EventKind::ClassChange { .. } => "class_change",
        }
    }
}

/// One entry of the register's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub convention: String,
    pub effective: NaiveDate,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// A class and the day from which it applies (`None`: from the ratification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClassPeriod {
    pub from: Option<NaiveDate>,
    pub class: Class,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Denunciation {
    pub on: NaiveDate,
    pub cause_en: String,
    pub cause_zh: String,
}

/// A convention as the register holds it after all its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Convention {
    pub code: String,
    pub title_en: String,
    pub title_zh: String,
    pub adopted_year: i32,
    pub ratified: NaiveDate,
    pub entry_into_force: Option<NaiveDate>,
    /// The entry into force was computed (registration + 12 months), not read from a source.
    pub entry_into_force_derived: bool,
    pub classes: Vec<ClassPeriod>,
    pub denounced: Option<Denunciation>,
    pub subjects: Vec<String>,
    pub final_articles: bool,
    pub notes: String,
}

impl Convention {
    /// The class in effect on `day`.
    pub fn class_on(&self, day: NaiveDate) -> Class {
        self.classes
            .iter()
            .rev()
            .find(|p| p.from.is_none_or(|from| from <= day))
            .or(self.classes.first())
            .map_or(Class::T, |p| p.class)
    }

    /// The class now (the last one recorded).
    pub fn class(&self) -> Class {
        self.classes.last().map_or(Class::T, |p| p.class)
    }

    /// The day from which the convention counts as in force: its entry into force, or its
    /// registration where the entry into force is not established.
    pub fn in_force_from(&self) -> NaiveDate {
        self.entry_into_force.unwrap_or(self.ratified)
    }

    /// The status on `day`; `None` before the ratification was registered.
    pub fn status_on(&self, day: NaiveDate) -> Option<Status> {
        if day < self.ratified {
            return None;
        }
        if self.denounced.as_ref().is_some_and(|d| d.on <= day) {
            return Some(Status::NotInForce);
        }
        if day < self.in_force_from() {
            return Some(Status::NotYetInForce);
        }
        Some(Status::InForce)
    }
}

/// Why an event cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterError {
    /// A ratification of a convention already in the register.
    AlreadyRatified(String),
    /// A denunciation or class change of a convention not in the register, or dated before
    /// its ratification.
    NotRatified(String),
    /// A second denunciation.
    AlreadyDenounced(String),
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterError::AlreadyRatified(c) => write!(f, "{c} is already ratified"),
            RegisterError::NotRatified(c) => write!(f, "{c} is not ratified on that date"),
            RegisterError::AlreadyDenounced(c) => write!(f, "{c} is already denounced"),
        }
    }
}

/// The register after `events`, in convention code order. Events apply in date order
/// (ratifications first on a day), so the order they are given in does not matter.
pub fn register(events: &[Event]) -> Result<Vec<Convention>, RegisterError> {
    let mut ordered: Vec<&Event> = events.iter().collect();
    ordered.sort_by_key(|e| {
        (
            e.effective,
            !matches!(e.kind, EventKind::Ratification { .. }),
        )
    });
    let mut conventions: Vec<Convention> = Vec::new();
    for event in ordered {
        let code = &event.convention;
        let found = conventions.iter_mut().find(|c| &c.code == code);
        match (&event.kind, found) {
            (EventKind::Ratification { .. }, Some(_)) => {
                return Err(RegisterError::AlreadyRatified(code.clone()))
            }
            (
                EventKind::Ratification {
                    title_en,
                    title_zh,
                    adopted_year,
                    class,
                    entry_into_force,
                    entry_into_force_unknown,
                    subjects,
                    final_articles,
                    notes,
                },
                None,
            ) => {
                let derived = event.effective.checked_add_months(Months::new(12));
                let (entry_into_force, derived_flag) = match entry_into_force {
                    Some(day) => (Some(*day), false),
                    None if *entry_into_force_unknown => (None, false),
                    None => (derived, true),
                };
                conventions.push(Convention {
                    code: code.clone(),
                    title_en: title_en.clone(),
                    title_zh: title_zh.clone(),
                    adopted_year: *adopted_year,
                    ratified: event.effective,
                    entry_into_force,
                    entry_into_force_derived: derived_flag,
                    classes: vec![ClassPeriod {
                        from: None,
                        class: *class,
                    }],
                    denounced: None,
                    subjects: subjects.clone(),
                    final_articles: *final_articles,
                    notes: notes.clone(),
                });
            }
            (_, None) => return Err(RegisterError::NotRatified(code.clone())),
            (_, Some(c)) if c.ratified > event.effective => {
                return Err(RegisterError::NotRatified(code.clone()))
            }
            (EventKind::Denunciation { cause_en, cause_zh }, Some(c)) => {
                if c.denounced.is_some() {
                    return Err(RegisterError::AlreadyDenounced(code.clone()));
                }
                c.denounced = Some(Denunciation {
                    on: event.effective,
                    cause_en: cause_en.clone(),
                    cause_zh: cause_zh.clone(),
                });
            }
            (EventKind::ClassChange { class }, Some(c)) => c.classes.push(ClassPeriod {
                from: Some(event.effective),
                class: *class,
            }),
        }
    }
    conventions.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(conventions)
}

/// The register's figures on a day: conventions ratified on or before it (including those
/// denounced since), and those in force on it.
pub fn counts_on(conventions: &[Convention], day: NaiveDate) -> (usize, usize) {
    let ratified = conventions.iter().filter(|c| c.ratified <= day).count();
    let in_force = conventions
        .iter()
        .filter(|c| c.status_on(day) == Some(Status::InForce))
        .count();
    (ratified, in_force)
}

/// A convention code as the register writes it: `C` + three digits, or `MLC2006`.
pub fn valid_code(code: &str) -> bool {
    code == "MLC2006"
        || (code.len() == 4
            && code.starts_with('C')
            && code.chars().skip(1).all(|c| c.is_ascii_digit()))
}
