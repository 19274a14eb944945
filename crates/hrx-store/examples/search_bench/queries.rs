//! The queries timed: drawn from the synthetic people, several kinds, each with the substring
//! scan a system without the term index would run as its reference.

use crate::people::{capitalise, generate, Synth, Tables};
use crate::rng::Rng;
use crate::PER_PAGE;
use hrx_domain::registry::search_key;
use hrx_store::registry::PersonQuery;
use std::collections::BTreeSet;
use std::time::Duration;

/// The naive search of a system without the term index: substring scans.
pub enum Reference {
    Names {
        pattern: String,
        nationality: Option<String>,
    },
    Document {
        pattern: String,
    },
}

pub struct Case {
    pub label: String,
    pub query: PersonQuery,
    pub reference: Reference,
    /// The one person a passport query must find.
    pub expect_id: Option<i64>,
    /// Word-prefix and substring semantics agree for this query: the totals must be equal.
    pub compare_total: bool,
    pub hrx: Vec<Duration>,
    pub reference_times: Vec<Duration>,
    pub total: i64,
    pub reference_total: i64,
}

pub struct Kind {
    pub name: &'static str,
    pub cases: Vec<Case>,
}

impl Kind {
    /// Every timed HRX run of every query of this kind.
    pub fn hrx_times(&self) -> Vec<Duration> {
        self.cases
            .iter()
            .flat_map(|c| c.hrx.iter().copied())
            .collect()
    }

    /// Every timed reference run of every query of this kind.
    pub fn reference_times(&self) -> Vec<Duration> {
        self.cases
            .iter()
            .flat_map(|c| c.reference_times.iter().copied())
            .collect()
    }
}

fn case(label: String, query: PersonQuery, reference: Reference) -> Case {
    Case {
        label,
        query,
        reference,
        expect_id: None,
        compare_total: false,
        hrx: Vec::new(),
        reference_times: Vec::new(),
        total: 0,
        reference_total: 0,
    }
}

fn text_query(text: &str, nationality: Option<&str>) -> PersonQuery {
    PersonQuery {
        text: Some(text.to_owned()),
        nationality: nationality.map(str::to_owned),
        page: 1,
        per_page: PER_PAGE,
        ..PersonQuery::default()
    }
}

fn names(pattern_of: &str, nationality: Option<&str>) -> Reference {
    Reference::Names {
        pattern: format!("%{}%", search_key(pattern_of)),
        nationality: nationality.map(str::to_owned),
    }
}

/// A name query labelled, typed and scanned for as written.
fn name_case(typed: &str) -> Case {
    case(
        typed.to_owned(),
        text_query(typed, None),
        names(typed, None),
    )
}

/// Draws people until `want` distinct queries were made from them (or the draws run out).
fn draw<F>(r: &mut Rng, t: &Tables, people: u64, want: usize, mut make: F) -> Vec<Case>
where
    F: FnMut(&Synth, &mut Rng) -> Option<Case>,
{
    let mut cases: Vec<Case> = Vec::new();
    let mut seen = BTreeSet::new();
    for _ in 0..want * 20_000 {
        if cases.len() >= want {
            break;
        }
        let n = 1 + r.below(people as usize) as u64;
        let p = generate(t, n);
        if let Some(c) = make(&p, r) {
            if seen.insert(search_key(&c.label)) {
                cases.push(c);
            }
        }
    }
    cases
}

/// Whether a Chinese query starts with a character found only at the start of names, so that
/// substring and prefix search find the same people.
fn starts_only_at_start(query: &str, inner_chars: &BTreeSet<char>) -> bool {
    query
        .chars()
        .next()
        .is_some_and(|c| !inner_chars.contains(&c))
}

pub fn build_cases(t: &Tables, people: u64, want: usize) -> Vec<Kind> {
    let mut r = Rng::new(t.seed ^ 0x5EED_5EED_5EED_5EED);
    let family_prefix = draw(&mut r, t, people, want, |p, r| {
        let chars: Vec<char> = p.family_word.chars().collect();
        let keep = chars.len().saturating_sub(2).max(3).min(chars.len());
        let prefix: String = chars.get(..keep).unwrap_or(&chars).iter().collect();
        // Typed as people type: sometimes capitalised.
        let typed = if r.chance(50) {
            capitalise(&prefix)
        } else {
            prefix.clone()
        };
        Some(case(
            typed.clone(),
            text_query(&typed, None),
            names(&prefix, None),
        ))
    });
    let full_name = draw(&mut r, t, people, want, |p, _| {
        let key = search_key(p.latin.as_deref()?);
        let words: Vec<&str> = key.split(' ').collect();
        Some(name_case(&format!("{} {}", words.first()?, words.last()?)))
    });
    let inner_chars = t.inner_chars();
    // The same two-word queries with the longer (usually rarer) word first: shows whether the
    // order of the words, and so of the IN conditions, changes the plan.
    let longer_first: Vec<Case> = full_name
        .iter()
        .map(|c| {
            let mut words: Vec<&str> = c.label.split(' ').collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            name_case(&words.join(" "))
        })
        .collect();
    let zh_full = draw(&mut r, t, people, want, |p, _| {
        let native = p.native.clone().filter(|_| p.chinese)?;
        let mut c = name_case(&native);
        // A three-character name is the whole name: substring and prefix find the same people.
        c.compare_total =
            native.chars().count() == 3 && starts_only_at_start(&native, &inner_chars);
        Some(c)
    });
    let zh_prefix = draw(&mut r, t, people, want, |p, _| {
        let native = p.native.as_deref().filter(|_| p.chinese)?;
        let prefix: String = native.chars().take(2).collect();
        let mut c = name_case(&prefix);
        c.compare_total = starts_only_at_start(&prefix, &inner_chars);
        Some(c)
    });
    let passport = draw(&mut r, t, people, want, |p, r| {
        let typed = if r.chance(50) {
            p.passport.to_ascii_lowercase()
        } else {
            p.passport.clone()
        };
        let mut c = case(
            typed.clone(),
            PersonQuery {
                document: Some(typed),
                page: 1,
                per_page: PER_PAGE,
                ..PersonQuery::default()
            },
            Reference::Document {
                pattern: format!("%{}%", p.passport),
            },
        );
        c.expect_id = Some(p.id);
        Some(c)
    });
    let with_nationality = draw(&mut r, t, people, want, |p, _| {
        let word = &p.family_word;
        Some(case(
            format!("{word} + {}", p.nationality),
            text_query(word, Some(p.nationality)),
            names(word, Some(p.nationality)),
        ))
    });
    // Family names no other word contains, in ASCII (SQLite's lower() folds only ASCII).
    let words = t.latin_words();
    let whole_word = draw(&mut r, t, people, want.div_ceil(2), |p, _| {
        let w = &p.family_word;
        let only_whole = w.chars().count() >= 4
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !words.iter().any(|o| o != w && o.contains(w.as_str()));
        if !only_whole {
            return None;
        }
        let mut c = name_case(w);
        c.compare_total = true;
        Some(c)
    });
    [
        ("(a) Latin family-name prefix", family_prefix),
        ("(b) given + family, 2 words", full_name),
        ("(c) Chinese full name", zh_full),
        ("(c) Chinese surname+1 prefix", zh_prefix),
        ("(d) passport number, exact", passport),
        ("(e) family name + nationality", with_nationality),
        ("(check) whole family word", whole_word),
        ("(diag) (b) longer word first", longer_first),
    ]
    .into_iter()
    .map(|(name, cases)| Kind { name, cases })
    .collect()
}
