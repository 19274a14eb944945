//! Output: a line per query and per kind while measuring, then the summary table and the
//! verdict on the checks.

use crate::queries::{Case, Kind};
use crate::stats::{median, Spread};
use std::time::Duration;

pub fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

/// A ratio with three significant digits, however small.
fn fmt_ratio(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        return format!("{r}");
    }
    let decimals = (2 - r.log10().floor() as i64).clamp(3, 9) as usize;
    format!("{r:.decimals$}")
}

/// A kind's HRX median and p95 and reference median and p95 in milliseconds as printed, and
/// the ratio of the medians.
fn timings(kind: &Kind) -> ([String; 4], f64) {
    let hrx = Spread::of(&kind.hrx_times());
    let reference = Spread::of(&kind.reference_times());
    (
        [hrx.median, hrx.p95, reference.median, reference.p95].map(fmt_ms),
        hrx.median / reference.median,
    )
}

/// One query's totals and medians (with `--verbose`).
pub fn print_case(c: &Case) {
    println!(
        "    {:<28} total {:>7}  ref total {:>7}  HRX {:>8} ms  ref {:>8} ms{}",
        format!("{:?}", c.label),
        c.total,
        c.reference_total,
        fmt_ms(median(&c.hrx)),
        fmt_ms(median(&c.reference_times)),
        if c.compare_total {
            "  (totals compared)"
        } else {
            ""
        }
    );
}

/// One kind's timings, how long HRX and the reference took in all, and its slowest queries.
pub fn print_kind(kind: &Kind, hrx_took: Duration, reference_took: Duration) {
    let ([hrx_median, hrx_p95, ref_median, ref_p95], _) = timings(kind);
    println!(
        "  {:<31} {:>2} queries  HRX median {hrx_median:>6} ms p95 {hrx_p95:>6} ms | reference median {ref_median:>6} ms p95 {ref_p95:>6} ms  ({:.1} s + {:.1} s)",
        kind.name,
        kind.cases.len(),
        hrx_took.as_secs_f64(),
        reference_took.as_secs_f64(),
    );
    let mut slowest: Vec<&Case> = kind.cases.iter().collect();
    slowest.sort_by(|a, b| median(&b.hrx).total_cmp(&median(&a.hrx)));
    let slow: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|c| {
            format!(
                "{:?} {} ms, {} matches",
                c.label,
                fmt_ms(median(&c.hrx)),
                c.total
            )
        })
        .collect();
    println!("      slowest HRX: {}", slow.join("; "));
}

/// The summary table: a row per kind.
pub fn print_summary(kinds: &[Kind], backend: &str, people: u64) {
    println!("\nsummary ({backend}, {people} people; milliseconds; ratio = HRX median / reference median, lower is better)");
    println!(
        "  {:<31} {:>3} {:>10} {:>9} {:>11} {:>9}",
        "kind", "n", "HRX median", "HRX p95", "ref median", "ref p95"
    );
    for kind in kinds {
        let ([hrx_median, hrx_p95, ref_median, ref_p95], ratio) = timings(kind);
        println!(
            "  {:<31} {:>3} {hrx_median:>10} {hrx_p95:>9} {ref_median:>11} {ref_p95:>9}   ratio {}",
            kind.name,
            kind.cases.len(),
            fmt_ratio(ratio)
        );
    }
}

/// How many totals were compared and what HRX got wrong; whether it got everything right.
pub fn print_verdict(kinds: &[Kind], failures: &[String]) -> bool {
    let compared: usize = kinds
        .iter()
        .flat_map(|k| &k.cases)
        .filter(|c| c.compare_total)
        .count();
    println!("  totals compared with the reference count: {compared} queries");
    if failures.is_empty() {
        println!("  all HRX results checked: OK");
        true
    } else {
        println!("  WRONG RESULTS ({}):", failures.len());
        for f in failures {
            println!("    {f}");
        }
        false
    }
}
