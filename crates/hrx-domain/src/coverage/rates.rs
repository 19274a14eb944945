//! Chinese employee social-insurance rates and bases by city and period
//! (`data/coverage/rates.csv`, spec `china-social-insurance-rates.md`), and the estimate of the
//! contributions an exemption saves (spec §4 of that file). The figures are for estimates shown
//! to users, never for billing.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const RATES_CSV: &str = include_str!("../../../../data/coverage/rates.csv");

/// Rates are kept in units of 10⁻⁵ percent, so a fraction of the base is `units / 10⁷`.
const RATE_DENOMINATOR: u128 = 10_000_000;

/// One CSV row as text.
#[derive(Debug, Clone, Deserialize)]
struct RawRow {
    city: String,
    branch: String,
    period_start: String,
    period_end: String,
    employer_pct: String,
    employee_pct: String,
    #[allow(dead_code)]
    employee_fixed_cny: String,
    base_floor_cny: String,
    base_ceiling_cny: String,
    status: String,
}

/// A percentage as in the CSV: a number, or a range `a-b` whose midpoint is used.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rate {
    text: String,
    units: u64,
    range: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RateRow {
    /// The cities the row applies to (`Guangdong (Guangzhou and Shenzhen)` → both).
    cities: Vec<String>,
    branch: String,
    /// Month indexes (`year * 12 + month0`), both inclusive.
    start: i32,
    end: i32,
    period: String,
    employer: Rate,
    employee: Rate,
    floor_fen: Option<u64>,
    ceiling_fen: Option<u64>,
    status: String,
}

/// The rate table: one row per city (or province), period and branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTable {
    rows: Vec<RateRow>,
}

/// What an exemption saves in one month, for one city (spec §4 of the rates file).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavingsEstimate {
    pub city: String,
    /// The month estimated, `yyyy-mm`.
    pub month: String,
    /// The effective period of the rows used, e.g. `2024-07 – 2025-06`.
    pub period: String,
    pub monthly_wage_cny: f64,
    /// The contribution base: the wage within the floor and ceiling (of the first branch).
    pub base_cny: f64,
    pub branches: Vec<BranchSaving>,
    pub employer_cny: f64,
    pub employee_cny: f64,
    /// Employer and employee together, per month.
    pub total_cny: f64,
    /// Months in the exemption period, counted with the spec's date arithmetic (a month begun
    /// counts as a month).
    pub months: u32,
    /// `total_cny` × `months`.
    pub period_total_cny: f64,
    /// Any figure used is unconfirmed, a range, a borrowed base or from an earlier period.
    pub estimate: bool,
}

/// The saving on one branch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchSaving {
    pub branch: String,
    /// The rate as the table gives it (`16`, `0.5-0.8`).
    pub employer_pct: String,
    pub employee_pct: String,
    pub employer_cny: f64,
    pub employee_cny: f64,
    /// The row's status (`secondary`, `unconfirmed`).
    pub status: String,
}

/// Parses `16`, `0.5` or `9.8` (at most 4 decimals) into units of 10⁻⁵ percent.
fn parse_decimal(text: &str, decimals: u32) -> Option<u64> {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 4
        || frac.len() > decimals as usize
    {
        return None;
    }
    let scale = 10u64.checked_pow(decimals)?;
    let int: u64 = int.parse().ok()?;
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        let padded = format!("{frac:0<width$}", width = decimals as usize);
        padded.parse().ok()?
    };
    int.checked_mul(scale)?.checked_add(frac_value)
}

fn parse_rate(text: &str) -> Result<Rate, String> {
    let bad = || format!("bad rate {text:?}");
    let trimmed = text.trim();
    let (units, range) = match trimmed.split_once('-') {
        Some((low, high)) => {
            let low = parse_decimal(low, 5).ok_or_else(bad)?;
            let high = parse_decimal(high, 5).ok_or_else(bad)?;
            if high < low {
                return Err(bad());
            }
            ((low + high) / 2, true)
        }
        None => (parse_decimal(trimmed, 5).ok_or_else(bad)?, false),
    };
    if units > 100 * 100_000 {
        return Err(bad());
    }
    Ok(Rate {
        text: trimmed.to_owned(),
        units,
        range,
    })
}

/// `2024` or `2024-07` as a month index; `end` makes a bare year mean December.
fn parse_month(text: &str, end: bool) -> Result<i32, String> {
    let bad = || format!("bad period {text:?}");
    let text = text.trim();
    let (year, month) = match text.split_once('-') {
        Some((y, m)) if m.len() == 2 => (y, m.parse::<i32>().map_err(|_| bad())?),
        Some(_) => return Err(bad()),
        None => (text, if end { 12 } else { 1 }),
    };
    if year.len() != 4 || !(1..=12).contains(&month) {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    Ok(year * 12 + month - 1)
}

fn month_index(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// `Guangdong (Guangzhou and Shenzhen)` → `[Guangzhou, Shenzhen]`; `Beijing` → `[Beijing]`.
fn row_cities(text: &str) -> Vec<String> {
    let text = text.trim();
    match text.split_once('(') {
        Some((_, inner)) => inner
            .trim_end_matches(')')
            .split([',', ';'])
            .flat_map(|part| part.split(" and "))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        None => vec![text.to_owned()],
    }
}

fn optional_money(text: &str) -> Result<Option<u64>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_decimal(text, 2)
            .map(Some)
            .ok_or_else(|| format!("bad amount {text:?}"))
    }
}

fn fen_to_cny(fen: u64) -> f64 {
    fen as f64 / 100.0
}

/// `base × rate`, rounded half up to the fen.
fn amount_fen(base_fen: u64, rate: &Rate) -> u64 {
    let product = u128::from(base_fen) * u128::from(rate.units);
    let rounded = (product + RATE_DENOMINATOR / 2) / RATE_DENOMINATOR;
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

impl RateTable {
    /// Parses CSV text with the header of `data/coverage/rates.csv`.
    pub fn parse(text: &str) -> Result<RateTable, String> {
        let mut rows = Vec::new();
        for (i, raw) in csv::Reader::from_reader(text.as_bytes())
            .deserialize::<RawRow>()
            .enumerate()
        {
            let at = |e: String| format!("rates.csv row {}: {e}", i + 1);
            let raw = raw.map_err(|e| at(e.to_string()))?;
            let start = parse_month(&raw.period_start, false).map_err(at)?;
            let end = parse_month(&raw.period_end, true).map_err(at)?;
            if end < start {
                return Err(at("period ends before it starts".into()));
            }
            let branch = raw.branch.trim().to_owned();
            if !super::agreements::CHINESE_BRANCHES.contains(&branch.as_str()) {
                return Err(at(format!("unknown branch {branch:?}")));
            }
            let period = if raw.period_start.trim() == raw.period_end.trim() {
                raw.period_start.trim().to_owned()
            } else {
                format!("{} – {}", raw.period_start.trim(), raw.period_end.trim())
            };
            let cities = row_cities(&raw.city);
            if cities.is_empty() {
                return Err(at("no city".into()));
            }
            rows.push(RateRow {
                cities,
                branch,
                start,
                end,
                period,
                employer: parse_rate(&raw.employer_pct).map_err(at)?,
                employee: parse_rate(&raw.employee_pct).map_err(at)?,
                floor_fen: optional_money(&raw.base_floor_cny).map_err(at)?,
                ceiling_fen: optional_money(&raw.base_ceiling_cny).map_err(at)?,
                status: raw.status.trim().to_owned(),
            });
        }
        Ok(RateTable { rows })
    }

    /// The cities the table covers, in the order they first appear: Beijing, Shanghai,
    /// Guangzhou, Shenzhen (the Guangdong provincial pension row applies to the last two).
    pub fn cities(&self) -> Vec<&str> {
        let mut cities: Vec<&str> = Vec::new();
        for city in self.rows.iter().flat_map(|r| r.cities.iter()) {
            if !cities.contains(&city.as_str()) {
                cities.push(city);
            }
        }
        cities
    }

    /// The table's spelling of a city, matched without regard to case.
    pub fn city(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.cities()
            .into_iter()
            .find(|c| c.eq_ignore_ascii_case(name))
    }

    /// The row for a city, branch and month: the one whose period contains the month, else the
    /// latest before it (`fallback` true); `None` when the table has nothing up to that month.
    fn row_for(&self, city: &str, branch: &str, month: i32) -> Option<(&RateRow, bool)> {
        let rows = self
            .rows
            .iter()
            .filter(|r| r.branch == branch && r.cities.iter().any(|c| c == city));
        let mut earlier: Option<&RateRow> = None;
        for row in rows {
            if row.start <= month && month <= row.end {
                return Some((row, false));
            }
            if row.end < month && earlier.is_none_or(|e| e.end < row.end) {
                earlier = Some(row);
            }
        }
        earlier.map(|r| (r, true))
    }
}

static BUILTIN: OnceLock<Result<RateTable, String>> = OnceLock::new();

impl RateTable {
    /// The table as shipped, parsed once.
    pub fn builtin() -> Result<&'static RateTable, String> {
        builtin()
    }
}

/// The table as shipped (`data/coverage/rates.csv`), parsed once.
pub fn builtin() -> Result<&'static RateTable, String> {
    BUILTIN
        .get_or_init(|| RateTable::parse(RATES_CSV))
        .as_ref()
        .map_err(Clone::clone)
}

/// Estimates what the exemption from `exempt_branches` saves in `city` for the month of
/// `month`, at a monthly wage, over `months` months.
///
/// Computed in integer fen: the base is the wage within the floor and ceiling of the row whose
/// period contains the month (a bare year is the whole year; `2023-07`–`2024-06` inclusive);
/// when no row contains the month the latest earlier period is used and the result is an
/// estimate. A row without a base range borrows the city's pension range for the month. Each
/// branch's employer and employee amounts are rounded half up to the fen; a range rate uses
/// its midpoint. The fixed employee amount (`employee_fixed_cny`, medical only) is not a
/// percentage of the base and is left out.
///
/// Errors: `out_of_range` (wage negative or not finite), `unknown_city`, `no_branches`,
/// `no_rates` (a branch with no row up to that month).
pub fn estimate(
    table: &RateTable,
    city: &str,
    month: NaiveDate,
    monthly_wage_cny: f64,
    exempt_branches: &[String],
    months: u32,
) -> Result<SavingsEstimate, &'static str> {
    if !monthly_wage_cny.is_finite() || monthly_wage_cny < 0.0 {
        return Err("out_of_range");
    }
    let city = table.city(city).ok_or("unknown_city")?;
    if exempt_branches.is_empty() {
        return Err("no_branches");
    }
    let index = month_index(month);
    let wage_fen = (monthly_wage_cny * 100.0).round() as u64;
    let mut estimate = false;
    let mut branches = Vec::new();
    let (mut employer_fen, mut employee_fen) = (0u64, 0u64);
    let mut first: Option<(u64, String)> = None;
    for branch in exempt_branches {
        let (row, fallback) = table.row_for(city, branch, index).ok_or("no_rates")?;
        estimate |= fallback || row.employer.range || row.employee.range;
        estimate |= row.status == "unconfirmed";
        let (floor, ceiling) = match (row.floor_fen, row.ceiling_fen) {
            (Some(f), Some(c)) => (Some(f), Some(c)),
            _ => {
                estimate = true;
                match table.row_for(city, "pension", index) {
                    Some((p, _)) => (p.floor_fen, p.ceiling_fen),
                    None => (None, None),
                }
            }
        };
        let mut base = wage_fen;
        if let Some(c) = ceiling {
            base = base.min(c);
        }
        if let Some(f) = floor {
            base = base.max(f);
        }
        let employer = amount_fen(base, &row.employer);
        let employee = amount_fen(base, &row.employee);
        employer_fen += employer;
        employee_fen += employee;
        if first.is_none() {
            first = Some((base, row.period.clone()));
        }
        branches.push(BranchSaving {
            branch: branch.clone(),
            employer_pct: row.employer.text.clone(),
            employee_pct: row.employee.text.clone(),
            employer_cny: fen_to_cny(employer),
            employee_cny: fen_to_cny(employee),
            status: row.status.clone(),
        });
    }
    let (base_fen, period) = first.unwrap_or_default();
    let total_fen = employer_fen + employee_fen;
    Ok(SavingsEstimate {
        city: city.to_owned(),
        month: month.format("%Y-%m").to_string(),
        period,
        monthly_wage_cny,
        base_cny: fen_to_cny(base_fen),
        branches,
        employer_cny: fen_to_cny(employer_fen),
        employee_cny: fen_to_cny(employee_fen),
        total_cny: fen_to_cny(total_fen),
        months,
        period_total_cny: fen_to_cny(total_fen.saturating_mul(u64::from(months))),
        estimate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn table() -> &'static RateTable {
        builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    fn both() -> Vec<String> {
        vec!["pension".into(), "unemployment".into()]
    }

    fn est(city: &str, month: &str, wage: f64, branches: &[String]) -> SavingsEstimate {
        estimate(table(), city, d(month), wage, branches, 12).unwrap_or_else(|e| panic!("{e}"))
    }

    fn amounts(e: &SavingsEstimate) -> Vec<(f64, f64)> {
        e.branches
            .iter()
            .map(|b| (b.employer_cny, b.employee_cny))
            .collect()
    }

    #[test]
    fn every_row_parses() {
        assert_eq!(table().rows.len(), RATES_CSV.lines().count() - 1);
        assert_eq!(
            table().cities(),
            ["Beijing", "Shanghai", "Guangzhou", "Shenzhen"]
        );
        assert_eq!(table().city("shanghai"), Some("Shanghai"));
        assert_eq!(table().city("Wuhan"), None);
    }

    #[test]
    fn beijing_2024_at_the_ceiling() {
        let e = est("Beijing", "2024-07-01", 80_000.0, &both());
        assert_eq!(e.base_cny, 35_283.0);
        assert_eq!(amounts(&e), [(5_645.28, 2_822.64), (176.42, 176.42)]);
        assert_eq!(e.employer_cny, 5_821.70);
        assert_eq!(e.employee_cny, 2_999.06);
        assert_eq!(e.total_cny, 8_820.76);
        assert_eq!(e.period, "2024-07 – 2025-06");
        assert_eq!(e.month, "2024-07");
        assert_eq!(e.months, 12);
        assert_eq!(e.period_total_cny, 105_849.12);
        assert!(!e.estimate, "two secondary sources agree");
        assert_eq!(e.branches[0].employer_pct, "16");
        assert_eq!(e.branches[1].status, "secondary");
    }

    #[test]
    fn beijing_2025_at_the_ceiling() {
        let e = est("Beijing", "2026-06-30", 35_811.0, &both());
        assert_eq!(amounts(&e), [(5_729.76, 2_864.88), (179.06, 179.06)]);
        assert_eq!(e.total_cny, 8_952.76);
        assert!(e.estimate, "unconfirmed");
    }

    #[test]
    fn shanghai_at_the_ceiling() {
        let e = est("Shanghai", "2025-06-15", 1_000_000.0, &both());
        assert_eq!(amounts(&e), [(5_907.36, 2_953.68), (184.61, 184.61)]);
        assert_eq!(e.total_cny, 9_230.26);
        let e = est("Shanghai", "2025-07-01", 1_000_000.0, &both());
        assert_eq!(amounts(&e), [(5_968.32, 2_984.16), (186.51, 186.51)]);
        assert_eq!(e.total_cny, 9_325.50);
    }

    #[test]
    fn the_period_boundaries_pick_the_row() {
        assert_eq!(
            est("Beijing", "2024-06-30", 1e6, &both()).base_cny,
            33_891.0
        );
        assert_eq!(
            est("Beijing", "2024-07-01", 1e6, &both()).base_cny,
            35_283.0
        );
        assert_eq!(
            est("Beijing", "2023-07-01", 1e6, &both()).base_cny,
            33_891.0
        );
    }

    #[test]
    fn wage_within_and_below_the_range() {
        let e = est("Beijing", "2024-08-01", 20_000.0, &both());
        assert_eq!(e.base_cny, 20_000.0);
        assert_eq!(amounts(&e), [(3_200.0, 1_600.0), (100.0, 100.0)]);
        let e = est("Beijing", "2024-08-01", 3_000.0, &both());
        assert_eq!(e.base_cny, 6_821.0);
        assert_eq!(amounts(&e), [(1_091.36, 545.68), (34.11, 34.11)]);
        // 6,821 × 0.5% = 34.105, rounded half up.
    }

    #[test]
    fn later_months_fall_back_to_the_latest_period() {
        let e = est("Beijing", "2027-01-01", 1e6, &both());
        assert_eq!(e.base_cny, 35_811.0);
        assert_eq!(e.period, "2025-07 – 2026-06");
        assert!(e.estimate);
        assert_eq!(
            estimate(table(), "Beijing", d("2016-12-01"), 1e4, &both(), 1),
            Err("no_rates")
        );
    }

    #[test]
    fn guangdong_pension_row_applies_to_guangzhou_and_shenzhen() {
        for city in ["Guangzhou", "Shenzhen"] {
            let e = est(city, "2024-03-01", 1e6, &["pension".to_owned()]);
            assert_eq!(e.base_cny, 27_501.0);
            assert_eq!(e.period, "2024");
            assert_eq!(amounts(&e), [(4_400.16, 2_200.08)]);
            assert!(e.estimate);
        }
        // Guangzhou unemployment: range midpoints 0.65% and 0.35% on the borrowed pension base.
        let e = est("Guangzhou", "2024-03-01", 10_000.0, &both());
        assert_eq!(amounts(&e), [(1_600.0, 800.0), (65.0, 35.0)]);
        let e = est("Shenzhen", "2024-03-01", 10_000.0, &both());
        assert_eq!(amounts(&e), [(1_600.0, 800.0), (70.0, 30.0)]);
    }

    #[test]
    fn errors() {
        let t = table();
        let b = both();
        assert_eq!(
            estimate(t, "Beijing", d("2024-07-01"), -1.0, &b, 1),
            Err("out_of_range")
        );
        assert_eq!(
            estimate(t, "Beijing", d("2024-07-01"), f64::NAN, &b, 1),
            Err("out_of_range")
        );
        assert_eq!(
            estimate(t, "Atlantis", d("2024-07-01"), 1.0, &b, 1),
            Err("unknown_city")
        );
        assert_eq!(
            estimate(t, "Beijing", d("2024-07-01"), 1.0, &[], 1),
            Err("no_branches")
        );
        // Shanghai has no medical row from 2025-07, but an earlier one to fall back on.
        let e = est("Shanghai", "2025-08-01", 1e6, &["medical".to_owned()]);
        assert!(e.estimate);
        assert_eq!(e.base_cny, 36_921.0);
        assert!(RateTable::parse("city,branch\nBeijing,pension\n").is_err());
        assert!(parse_rate("1.2.3").is_err());
        assert!(parse_rate("0.9-0.1").is_err());
        assert_eq!(parse_rate("0.16-1.52").map(|r| r.units), Ok(84_000));
        assert!(parse_month("2024-7", false).is_err());
        assert_eq!(parse_month("2024", true), Ok(2024 * 12 + 11));
    }
}
