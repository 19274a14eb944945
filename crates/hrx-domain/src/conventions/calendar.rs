//! The reporting calendar (spec `ilo-conventions.md` §3), pure and table-driven: which
//! conventions China reports on in which year, of which type, and why.

use super::{Class, Convention, Status};
use crate::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The first year the calendar or a base year may name (the ILO was founded in 1919).
pub const FIRST_YEAR: i32 = 1919;
/// The last year it may name.
pub const LAST_YEAR: i32 = 2200;

/// The cycle lengths in effect from a reporting year on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleDef {
    pub from_year: i32,
    pub fundamental_governance: i32,
    pub technical: i32,
}

/// A country group of a cycle length (`A-F`: countries whose English name starts with A to F)
/// and the year it reports in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDef {
    pub cycle_years: i32,
    pub group: String,
    pub base_year: i32,
}

impl GroupDef {
    /// Whether a country of that English name is in the group.
    pub fn holds(&self, country_name_en: &str) -> bool {
        let initial = country_name_en
            .chars()
            .next()
            .map(|c| c.to_ascii_uppercase());
        match (letters(&self.group), initial) {
            (Some((from, to)), Some(c)) => from <= c && c <= to,
            _ => false,
        }
    }
}

/// The letters of a group name `X-Y`.
fn letters(group: &str) -> Option<(char, char)> {
    let mut parts = group.split(['-', '–']);
    let from = single_letter(parts.next()?)?;
    let to = single_letter(parts.next()?)?;
    (parts.next().is_none() && from <= to).then_some((from, to))
}

fn single_letter(part: &str) -> Option<char> {
    let mut chars = part.trim().chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_ascii_uppercase()).then_some(c)
}

/// A subject of conventions; with `base_year`, its conventions report together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
    pub conventions: Vec<String>,
    #[serde(default)]
    pub base_year: Option<i32>,
}

/// The calendar's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub country_name_en: String,
    pub cycles: Vec<CycleDef>,
    pub groups: Vec<GroupDef>,
    pub subjects: Vec<Subject>,
}

/// A request from the CEACR for a report outside the cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfCycle {
    pub convention: String,
    pub year: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    First,
    Regular,
    OutOfCycle,
}

impl ReportType {
    pub fn code(self) -> &'static str {
        match self {
            ReportType::First => "first",
            ReportType::Regular => "regular",
            ReportType::OutOfCycle => "out_of_cycle",
        }
    }

    pub fn parse(code: &str) -> Option<ReportType> {
        [
            ReportType::First,
            ReportType::Regular,
            ReportType::OutOfCycle,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }
}

/// Why a report is due in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// The first report, the year after the entry into force.
    First { entry_into_force: NaiveDate },
    /// The regular cycle of the country's group.
    Group {
        cycle_years: i32,
        group: String,
        base_year: i32,
    },
    /// The regular cycle, in the year of the convention's subject.
    Subject {
        cycle_years: i32,
        subject: String,
        base_year: i32,
    },
    /// Requested by the CEACR outside the cycle.
    OutOfCycle,
}

impl Reason {
    pub fn text_en(&self) -> String {
        match self {
            Reason::First { entry_into_force } => format!(
                "first report, the year after the entry into force on {entry_into_force}"
            ),
            Reason::Group {
                cycle_years,
                group,
                base_year,
            } => format!("regular, {cycle_years}-year cycle, group {group}, base year {base_year}"),
            Reason::Subject {
                cycle_years,
                subject,
                base_year,
            } => format!(
                "regular, {cycle_years}-year cycle, reported with its subject group {subject}, base year {base_year}"
            ),
            Reason::OutOfCycle => "requested by the CEACR outside the cycle".into(),
        }
    }

    pub fn text_zh(&self) -> String {
        match self {
            Reason::First { entry_into_force } => {
                format!("首次报告：公约于{entry_into_force}生效，次年报告")
            }
            Reason::Group {
                cycle_years,
                group,
                base_year,
            } => format!("定期报告，{cycle_years}年周期，{group}组，基准年{base_year}"),
            Reason::Subject {
                cycle_years,
                subject,
                base_year,
            } => format!(
                "定期报告，{cycle_years}年周期，与同主题组{subject}一并报告，基准年{base_year}"
            ),
            Reason::OutOfCycle => "专家委员会要求的周期外报告".into(),
        }
    }
}

/// A report due on a convention in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueReport {
    pub convention: String,
    pub year: i32,
    #[serde(rename = "type")]
    pub kind: ReportType,
    pub due_date: NaiveDate,
    pub reason: Reason,
}

/// 1 September of a year: the day reports are due.
pub fn due_date(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 1)
}

impl Rules {
    /// The cycle lengths in effect in a year; `None` before the first.
    pub fn cycle_in(&self, year: i32) -> Option<&CycleDef> {
        self.cycles
            .iter()
            .filter(|c| c.from_year <= year)
            .max_by_key(|c| c.from_year)
    }

    /// Every cycle length the configuration defines.
    pub fn cycle_lengths(&self) -> Vec<i32> {
        let mut lengths: Vec<i32> = self
            .cycles
            .iter()
            .flat_map(|c| [c.fundamental_governance, c.technical])
            .collect();
        lengths.sort_unstable();
        lengths.dedup();
        lengths
    }

    /// The country's group of a cycle length.
    pub fn country_group(&self, cycle_years: i32) -> Option<&GroupDef> {
        self.groups
            .iter()
            .find(|g| g.cycle_years == cycle_years && g.holds(&self.country_name_en))
    }

    /// Checks a configuration: every cycle length has groups, each group is `X-Y`, and the
    /// country is in exactly one group of each length.
    pub fn check(&self) -> Result<(), String> {
        for g in &self.groups {
            if letters(&g.group).is_none() {
                return Err(format!("group {:?} is not of the form A-F", g.group));
            }
        }
        for length in self.cycle_lengths() {
            let holding = self
                .groups
                .iter()
                .filter(|g| g.cycle_years == length && g.holds(&self.country_name_en))
                .count();
            if holding != 1 {
                return Err(format!(
                    "{holding} groups of the {length}-year cycle hold {}",
                    self.country_name_en
                ));
            }
        }
        Ok(())
    }

    /// Sets a group's base year, after checking the request: a defined cycle length, a group
    /// of it, a year from 1919.
    pub fn set_base_year(
        &mut self,
        cycle_years: i32,
        group: &str,
        base_year: i32,
    ) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if !self.cycle_lengths().contains(&cycle_years) {
            errors.add("cycle_years", "unknown_cycle");
        } else if !self
            .groups
            .iter()
            .any(|g| g.cycle_years == cycle_years && g.group == group)
        {
            errors.add("group", "unknown_group");
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&base_year) {
            errors.add("base_year", "year_out_of_range");
        }
        errors.into_result()?;
        for g in &mut self.groups {
            if g.cycle_years == cycle_years && g.group == group {
                g.base_year = base_year;
            }
        }
        Ok(())
    }

    /// The subject whose year a convention reports in, if one overrides its group's year.
    fn subject_of(&self, code: &str) -> Option<(&Subject, i32)> {
        self.subjects.iter().find_map(|s| {
            s.base_year
                .filter(|_| s.conventions.iter().any(|c| c == code))
                .map(|y| (s, y))
        })
    }
}

/// Checks a year range: both from 1919, `from` not after `to`, at most 200 years.
pub fn check_range(from: i32, to: i32) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    for (field, year) in [("from", from), ("to", to)] {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            errors.add(field, "year_out_of_range");
        }
    }
    if errors.is_empty() && from > to {
        errors.add("from", "from_after_to");
    }
    errors.into_result()
}

/// Whether a report may be requested on the convention in a year: in force on 1 September
/// and not a final-articles convention.
pub fn reportable(c: &Convention, year: i32) -> bool {
    !c.final_articles && due_date(year).is_some_and(|day| c.status_on(day) == Some(Status::InForce))
}

/// The first report's year: the year after the entry into force, where it is established.
pub fn first_report_year(c: &Convention) -> Option<i32> {
    c.entry_into_force.map(|d| d.year() + 1)
}

/// The report due on a convention in a year, if any, with its reason.
pub fn due_in(
    c: &Convention,
    year: i32,
    rules: &Rules,
    out_of_cycle: &[OutOfCycle],
) -> Option<DueReport> {
    if !reportable(c, year) {
        return None;
    }
    let due = |kind, reason| {
        Some(DueReport {
            convention: c.code.clone(),
            year,
            kind,
            due_date: due_date(year)?,
            reason,
        })
    };
    let first = first_report_year(c);
    if first == Some(year) {
        let entry_into_force = c.entry_into_force?;
        return due(ReportType::First, Reason::First { entry_into_force });
    }
    let regular = first
        .is_none_or(|f| year > f)
        .then(|| regular_reason(c, year, rules))
        .flatten();
    if let Some(reason) = regular {
        return due(ReportType::Regular, reason);
    }
    if out_of_cycle
        .iter()
        .any(|r| r.convention == c.code && r.year == year)
    {
        return due(ReportType::OutOfCycle, Reason::OutOfCycle);
    }
    None
}

/// The regular cycle's reason for a report in a year, if the year is one of the cycle's.
fn regular_reason(c: &Convention, year: i32, rules: &Rules) -> Option<Reason> {
    let cycle = rules.cycle_in(year)?;
    // The class in effect when the year's requests go out decides the cycle.
    let class = c.class_on(NaiveDate::from_ymd_opt(year, 1, 1)?);
    let cycle_years = match class {
        Class::F | Class::G => cycle.fundamental_governance,
        Class::T => cycle.technical,
    };
    if cycle_years <= 0 {
        return None;
    }
    let (reason, base_year) = match rules.subject_of(&c.code) {
        Some((subject, base_year)) => (
            Reason::Subject {
                cycle_years,
                subject: subject.code.clone(),
                base_year,
            },
            base_year,
        ),
        None => {
            let group = rules.country_group(cycle_years)?;
            (
                Reason::Group {
                    cycle_years,
                    group: group.group.clone(),
                    base_year: group.base_year,
                },
                group.base_year,
            )
        }
    };
    ((year - base_year).rem_euclid(cycle_years) == 0).then_some(reason)
}

/// Every report due from `from` to `to` (inclusive), in year and convention order.
pub fn reports(
    conventions: &[Convention],
    rules: &Rules,
    out_of_cycle: &[OutOfCycle],
    from: i32,
    to: i32,
) -> Vec<DueReport> {
    let mut due: Vec<DueReport> = (from..=to)
        .flat_map(|year| {
            conventions
                .iter()
                .filter_map(move |c| due_in(c, year, rules, out_of_cycle))
        })
        .collect();
    due.sort_by(|a, b| (a.year, &a.convention).cmp(&(b.year, &b.convention)));
    due
}
