//! The deltas to apply to the aggregate table, summed per row.

use super::facts::Contribution;
use rustc_hash::FxHashMap;

/// A row of the aggregate table: series, breakdown dimension (`""` for the total), key
/// (`""` for the total) and month.
pub type TallyKey = (&'static str, &'static str, String, i32);

/// Deltas to apply to the aggregate table, summed per row: per (series, dimension, month),
/// the sums per key (looked up by `&str`, so that adding allocates only for a new key).
/// A rebuild adds tens of millions of deltas: the keys are hashed with FxHash (fast, and
/// the keys are codes from the reference tables, never chosen by a requester).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(FxHashMap<(&'static str, &'static str, i32), FxHashMap<String, i64>>);

impl Tally {
    fn bump(&mut self, series: &'static str, dim: &'static str, key: &str, month: i32, v: i64) {
        let keys = self.0.entry((series, dim, month)).or_default();
        match keys.get_mut(key) {
            Some(sum) => *sum += v,
            None => {
                keys.insert(key.to_owned(), v);
            }
        }
    }

    /// Adds (`sign` 1) or removes (`sign` -1) contributions, to the total and to each
    /// breakdown.
    pub fn add(&mut self, contributions: &[Contribution<'_>], sign: i64) {
        for c in contributions {
            let v = sign * c.delta;
            self.bump(c.series, "", "", c.month, v);
            for (dim, key) in &c.keys {
                self.bump(c.series, dim, key, c.month, v);
            }
        }
    }

    /// Adds to one row.
    pub fn add_row(&mut self, key: &TallyKey, v: i64) {
        self.bump(key.0, key.1, &key.2, key.3, v);
    }

    /// The rows that change, without the ones whose deltas cancel out.
    pub fn changes(&self) -> impl Iterator<Item = (TallyKey, i64)> + '_ {
        self.0.iter().flat_map(|((series, dim, month), keys)| {
            keys.iter()
                .filter(|(_, v)| **v != 0)
                .map(move |(k, v)| ((*series, *dim, k.clone(), *month), *v))
        })
    }
}
