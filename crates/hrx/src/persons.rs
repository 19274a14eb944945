//! `hrx persons match-bench`: the matching engine measured on seeded labelled pairs, and the
//! cost of blocking a registry.

use hrx_domain::registry::matching::{compare, Decision, Prepared, Weights};
use hrx_domain::synthetic::pairs::{labelled_pairs, measure, name_bearers, people};
use std::collections::HashMap;
use std::fmt::Write;
use std::time::Instant;

/// Runs the benchmark and returns its report.
pub fn match_bench(w: &Weights, seed: u64, pairs: usize, registry: usize, block: usize) -> String {
    let mut out = String::new();
    let started = Instant::now();
    let labelled = labelled_pairs(seed, pairs);
    // Name frequencies counted on a population of at most 400,000 and scaled to the registry.
    let counted = registry.clamp(1, 400_000);
    let bearers = name_bearers(seed, counted);
    let m = measure(&labelled, &bearers, registry as f64 / counted as f64, w);
    let _ = writeln!(
        out,
        "labelled pairs: {} (seed {seed}), name frequencies of a registry of {registry} persons; \
         thresholds: link {} review {}",
        labelled.len(),
        w.thresholds.link,
        w.thresholds.review
    );
    let _ = writeln!(
        out,
        "{:<24} {:>9} {:>7} {:>7} {:>8} {:>9}",
        "kind", "one/two", "pairs", "linked", "reviewed", "distinct"
    );
    for k in &m.kinds {
        let _ = writeln!(
            out,
            "{:<24} {:>9} {:>7} {:>7} {:>8} {:>9}",
            k.kind,
            if k.same { "one" } else { "two" },
            k.pairs,
            k.linked,
            k.reviewed,
            k.pairs - k.linked - k.reviewed
        );
    }
    let _ = writeln!(
        out,
        "automatic links: precision {:.4}, recall {:.4}; one person reaching link or review: {:.4}",
        m.precision, m.recall, m.recall_with_review
    );
    let _ = writeln!(out, "scored in {:.2} s", started.elapsed().as_secs_f64());
    if block > 0 {
        out.push_str(&blocking(w, seed, block));
    }
    out
}

/// Blocks `n` seeded persons by their keys (documents, birth date with initials, a rare
/// name) and compares every candidate pair once: how many pairs and how long.
fn blocking(w: &Weights, seed: u64, n: usize) -> String {
    let started = Instant::now();
    let prepared: Vec<Prepared> = people(seed, n).into_iter().map(Prepared::new).collect();
    let prepare_s = started.elapsed().as_secs_f64();
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        let names = p.names.key.iter().map(|k| format!("n:{k}"));
        for key in document_keys(p)
            .into_iter()
            .chain(p.blocking_keys())
            .chain(names)
        {
            blocks.entry(key).or_default().push(i as u32);
        }
    }
    // The registry counts a name's bearers by its whole-name search terms; here by its key.
    let name_count = |p: &Prepared| {
        p.names
            .key
            .as_ref()
            .and_then(|k| blocks.get(&format!("n:{k}")))
            .map_or(1, |b| b.len() as u64)
    };
    let compare_started = Instant::now();
    let (mut compared, mut linked, mut reviewed) = (0u64, 0u64, 0u64);
    let mut seen: Vec<u32> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        seen.clear();
        let rare = name_count(p) < w.common_name.bearers;
        let names = p
            .names
            .key
            .iter()
            .filter(|_| rare)
            .map(|k| format!("n:{k}"));
        for key in document_keys(p)
            .into_iter()
            .chain(p.probe_keys())
            .chain(names)
        {
            if let Some(block) = blocks.get(&key) {
                seen.extend(block.iter().copied().filter(|&j| (j as usize) < i));
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &j in &seen {
            let other = &prepared[j as usize];
            let outcome = compare(p, other, name_count(other), w);
            compared += 1;
            match outcome.decision {
                Decision::Link => linked += 1,
                Decision::Review => reviewed += 1,
                Decision::Distinct => {}
            }
        }
    }
    let compare_s = compare_started.elapsed().as_secs_f64();
    let all_pairs = (n as f64) * (n as f64 - 1.0) / 2.0;
    format!(
        "blocking {n} persons: {} keys; {compared} candidate pairs compared ({:.2e} of all {:.3e} pairs); \
         {linked} linked, {reviewed} to review; prepared in {prepare_s:.1} s, compared in {compare_s:.1} s \
         ({:.2} µs a pair, one core)\n",
        blocks.len(),
        compared as f64 / all_pairs.max(1.0),
        all_pairs,
        compare_s * 1e6 / (compared.max(1) as f64)
    )
}

/// The document numbers a person is found by: passports by number alone (a country typed
/// wrong still meets), resident identity numbers.
fn document_keys(p: &Prepared) -> Vec<String> {
    let mut keys: Vec<String> = p
        .person
        .passports
        .iter()
        .map(|(_, number)| format!("d:{number}"))
        .collect();
    keys.extend(p.person.resident_id.iter().map(|id| format!("d:{id}")));
    keys.extend(p.person.permit_number.iter().map(|n| format!("w:{n}")));
    keys
}
