//! The synthetic people: name tables made usable, and each person generated from the seed
//! and its number.

use crate::names::{NativeOrder, LATIN, SCRIPTS, ZH_COUNTRIES, ZH_GIVEN, ZH_PERCENT, ZH_SURNAMES};
use crate::rng::Rng;
use crate::BoxError;
use hrx_domain::registry::{search_key, search_terms};
use std::collections::BTreeSet;

fn list(s: &'static str) -> Vec<&'static str> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// Men's and women's names.
fn sexes(s: &'static str) -> [&'static str; 2] {
    let (men, women) = s.split_once(';').unwrap_or((s, s));
    [men, women]
}

fn pairs(s: &'static str) -> Vec<(&'static str, &'static str)> {
    list(s)
        .into_iter()
        .map(|p| p.split_once('=').unwrap_or((p, p)))
        .collect()
}

struct LatinTable {
    /// Indexed by sex: 0 men, 1 women.
    given: [Vec<&'static str>; 2],
    family: Vec<&'static str>,
    countries: Vec<&'static str>,
    second_family: usize,
    middle: usize,
}

struct ScriptTable {
    /// Indexed by sex: 0 men, 1 women.
    given: [Vec<(&'static str, &'static str)>; 2],
    family: Vec<(&'static str, &'static str)>,
    countries: Vec<&'static str>,
    native_order: NativeOrder,
    latin_family_first: bool,
    native_percent: usize,
    feminine: bool,
}

enum Group {
    Chinese,
    Latin(usize),
    Script(usize),
}

pub struct Tables {
    pub seed: u64,
    latin: Vec<LatinTable>,
    scripts: Vec<ScriptTable>,
    zh_surnames: Vec<(&'static str, &'static str)>,
    zh_given: Vec<(&'static str, &'static str)>,
    zh_countries: Vec<&'static str>,
    /// Non-Chinese groups, repeated by weight.
    others: Vec<Group>,
    birth_base: chrono::NaiveDate,
    birth_days: usize,
    expiry_base: chrono::NaiveDate,
}

impl Tables {
    pub fn new(seed: u64) -> Result<Tables, BoxError> {
        let mut others = Vec::new();
        for (i, l) in LATIN.iter().enumerate() {
            others.extend((0..l.weight).map(|_| Group::Latin(i)));
        }
        for (i, s) in SCRIPTS.iter().enumerate() {
            others.extend((0..s.weight).map(|_| Group::Script(i)));
        }
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or("invalid date");
        let birth_base = date(1950, 1, 1)?;
        let birth_days = (date(2005, 12, 31)? - birth_base).num_days() as usize + 1;
        Ok(Tables {
            seed,
            latin: LATIN
                .iter()
                .map(|l| LatinTable {
                    given: sexes(l.given).map(list),
                    family: list(l.family),
                    countries: list(l.countries),
                    second_family: l.second_family,
                    middle: l.middle,
                })
                .collect(),
            scripts: SCRIPTS
                .iter()
                .map(|s| ScriptTable {
                    given: sexes(s.given).map(pairs),
                    family: pairs(s.family),
                    countries: list(s.countries),
                    native_order: s.native_order,
                    latin_family_first: s.latin_family_first,
                    native_percent: s.native_percent,
                    feminine: s.feminine,
                })
                .collect(),
            zh_surnames: pairs(ZH_SURNAMES),
            zh_given: pairs(ZH_GIVEN),
            zh_countries: list(ZH_COUNTRIES),
            others,
            birth_base,
            birth_days,
            expiry_base: date(2026, 1, 1)?,
        })
    }

    pub fn countries(&self) -> BTreeSet<&'static str> {
        let mut all: BTreeSet<&'static str> = self.zh_countries.iter().copied().collect();
        all.extend(self.latin.iter().flat_map(|l| l.countries.iter().copied()));
        all.extend(
            self.scripts
                .iter()
                .flat_map(|s| s.countries.iter().copied()),
        );
        all
    }

    /// Characters that could make a Chinese query a substring of a name at other than its
    /// start.
    pub fn inner_chars(&self) -> BTreeSet<char> {
        let mut inner: BTreeSet<char> = self.zh_given.iter().flat_map(|(c, _)| c.chars()).collect();
        for s in &self.scripts {
            for (n, _) in s.given.iter().flatten().chain(&s.family) {
                inner.extend(n.chars());
            }
        }
        inner
    }

    /// Every word a Latin name can contain, as search keys: to know which family names occur
    /// only as whole words (no other word contains them), where substring and word-prefix
    /// search must count the same people.
    pub fn latin_words(&self) -> BTreeSet<String> {
        let mut words = BTreeSet::new();
        let mut add = |name: &str| {
            for w in search_key(name).split(' ') {
                words.insert(w.to_owned());
            }
        };
        for l in &self.latin {
            for n in l.given.iter().flatten().chain(&l.family) {
                add(n);
                add(&feminine_polish(n));
            }
        }
        for s in &self.scripts {
            for (_, n) in s.given.iter().flatten().chain(&s.family) {
                add(n);
                add(&feminine_latin(n));
            }
        }
        for (_, n) in &self.zh_surnames {
            add(n);
        }
        for (_, a) in &self.zh_given {
            add(a);
            for (_, b) in &self.zh_given {
                add(&format!("{a}{b}"));
            }
        }
        words
    }
}

/// Feminine forms of Polish family names: Kowalski → Kowalska.
fn feminine_polish(family: &str) -> String {
    match family.strip_suffix("ski") {
        Some(stem) => format!("{stem}ska"),
        None => family.to_owned(),
    }
}

/// Feminine forms of Russian family names in Latin letters: Petrov → Petrova.
fn feminine_latin(family: &str) -> String {
    if family.ends_with("ov") || family.ends_with("ev") || family.ends_with("in") {
        format!("{family}a")
    } else {
        family.to_owned()
    }
}

fn feminine_cyrillic(family: &str) -> String {
    if family.ends_with("ов")
        || family.ends_with("ев")
        || family.ends_with("ёв")
        || family.ends_with("ин")
    {
        format!("{family}а")
    } else {
        family.to_owned()
    }
}

/// One synthetic person: a pure function of the seed and the person's number, which is also
/// its id, so that queries can be derived from people without reading them back.
pub struct Synth {
    pub id: i64,
    pub native: Option<String>,
    pub latin: Option<String>,
    /// The longest word of the Latin family name, as a search key.
    pub family_word: String,
    pub chinese: bool,
    pub sex: &'static str,
    pub birth_date: String,
    pub nationality: &'static str,
    pub passport: String,
    pub expiry: String,
}

fn passport_number(n: u64) -> String {
    // A bijection of 0..10^8 (the multiplier is prime to 10), so numbers never repeat.
    format!(
        "E{:08}",
        (n.wrapping_mul(73_256_927).wrapping_add(12_345_679)) % 100_000_000
    )
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn generate(t: &Tables, n: u64) -> Synth {
    let mut r = Rng::new(t.seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let sex = match r.below(200) {
        0 => "unknown",
        x if x % 2 == 0 => "female",
        _ => "male",
    };
    let female = sex == "female";
    // Given names for people of unknown sex come from either list.
    let list_of = usize::from(female || (sex == "unknown" && r.chance(50)));
    let birth = t.birth_base + chrono::Duration::days(r.below(t.birth_days) as i64);
    let expiry = t.expiry_base + chrono::Duration::days(r.below(3650) as i64);
    let nationality;
    let (native, latin, family_word, chinese);
    if r.chance(ZH_PERCENT) {
        let (s_native, s_latin) = r
            .pick_skewed(&t.zh_surnames, 2.0)
            .copied()
            .unwrap_or(("王", "Wang"));
        let mut given_native = String::new();
        let mut given_latin = String::new();
        let chars = if r.chance(70) { 2 } else { 1 };
        for _ in 0..chars {
            let (c, p) = r
                .pick_skewed(&t.zh_given, 1.5)
                .copied()
                .unwrap_or(("伟", "wei"));
            given_native.push_str(c);
            given_latin.push_str(p);
        }
        nationality = r.pick(&t.zh_countries).copied().unwrap_or("CN");
        native = Some(format!("{s_native}{given_native}"));
        latin = Some(format!("{s_latin} {}", capitalise(&given_latin)));
        family_word = search_key(s_latin);
        chinese = true;
    } else {
        chinese = false;
        match r.pick(&t.others).unwrap_or(&Group::Chinese) {
            Group::Latin(i) => {
                let l = match t.latin.get(*i) {
                    Some(l) => l,
                    None => return generate_fallback(n),
                };
                let given_names = l.given.get(list_of).map(Vec::as_slice).unwrap_or_default();
                let given = r.pick_skewed(given_names, 1.5).copied().unwrap_or("Anna");
                let mut family = r
                    .pick_skewed(&l.family, 1.5)
                    .copied()
                    .unwrap_or("Smith")
                    .to_owned();
                if female {
                    family = feminine_polish(&family);
                }
                let mut name = given.to_owned();
                if r.chance(l.middle) {
                    name.push(' ');
                    name.push_str(r.pick(given_names).copied().unwrap_or("Maria"));
                }
                name.push(' ');
                name.push_str(&family);
                if r.chance(l.second_family) {
                    name.push(' ');
                    name.push_str(r.pick_skewed(&l.family, 1.5).copied().unwrap_or("Silva"));
                }
                nationality = r.pick(&l.countries).copied().unwrap_or("US");
                native = None;
                latin = Some(name);
                family_word = longest_word(&family);
            }
            Group::Script(i) => {
                let s = match t.scripts.get(*i) {
                    Some(s) => s,
                    None => return generate_fallback(n),
                };
                let given_names = s.given.get(list_of).map(Vec::as_slice).unwrap_or_default();
                let (gn, gl) = r
                    .pick_skewed(given_names, 1.5)
                    .copied()
                    .unwrap_or(("Иван", "Ivan"));
                let (mut fnat, mut flat) = r
                    .pick_skewed(&s.family, 1.5)
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .unwrap_or_default();
                if female && s.feminine {
                    fnat = feminine_cyrillic(&fnat);
                    flat = feminine_latin(&flat);
                }
                let with_native = r.chance(s.native_percent);
                native = with_native.then(|| match s.native_order {
                    NativeOrder::GivenFamily => format!("{gn} {fnat}"),
                    NativeOrder::FamilyGiven => format!("{fnat} {gn}"),
                    NativeOrder::FamilyGivenJoined => format!("{fnat}{gn}"),
                });
                latin = Some(if s.latin_family_first {
                    format!("{flat} {gl}")
                } else {
                    format!("{gl} {flat}")
                });
                nationality = r.pick(&s.countries).copied().unwrap_or("RU");
                family_word = longest_word(&flat);
            }
            Group::Chinese => return generate_fallback(n),
        }
    }
    Synth {
        id: n as i64,
        native,
        latin,
        family_word,
        chinese,
        sex,
        birth_date: birth.to_string(),
        nationality,
        passport: passport_number(n),
        expiry: expiry.to_string(),
    }
}

/// Never reached with the tables above; keeps `generate` free of panics.
fn generate_fallback(n: u64) -> Synth {
    Synth {
        id: n as i64,
        native: None,
        latin: Some("John Smith".into()),
        family_word: "smith".into(),
        chinese: false,
        sex: "male",
        birth_date: "1980-01-01".into(),
        nationality: "US",
        passport: passport_number(n),
        expiry: "2030-01-01".into(),
    }
}

fn longest_word(name: &str) -> String {
    let key = search_key(name);
    key.split(' ')
        .fold("", |best, w| {
            if w.chars().count() > best.chars().count() {
                w
            } else {
                best
            }
        })
        .to_owned()
}

impl Synth {
    pub fn terms(&self) -> Vec<String> {
        let names: Vec<&str> = [self.native.as_deref(), self.latin.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        search_terms(&names)
    }
}
