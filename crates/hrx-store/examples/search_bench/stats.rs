//! Statistics of timings: median and 95th percentile, in milliseconds.

use std::time::Duration;

/// The median and the 95th percentile of some timings.
pub struct Spread {
    pub median: f64,
    pub p95: f64,
}

impl Spread {
    pub fn of(times: &[Duration]) -> Spread {
        Spread {
            median: median(times),
            p95: p95(times),
        }
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn sorted_millis(times: &[Duration]) -> Vec<f64> {
    let mut v: Vec<f64> = times.iter().copied().map(millis).collect();
    v.sort_by(f64::total_cmp);
    v
}

pub fn median(times: &[Duration]) -> f64 {
    let v = sorted_millis(times);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v.get(n / 2).copied().unwrap_or(f64::NAN),
        n => {
            (v.get(n / 2 - 1).copied().unwrap_or(f64::NAN)
                + v.get(n / 2).copied().unwrap_or(f64::NAN))
                / 2.0
        }
    }
}

/// Nearest-rank 95th percentile.
pub fn p95(times: &[Duration]) -> f64 {
    let v = sorted_millis(times);
    let rank = ((v.len() as f64) * 0.95).ceil() as usize;
    v.get(rank.saturating_sub(1)).copied().unwrap_or(f64::NAN)
}
