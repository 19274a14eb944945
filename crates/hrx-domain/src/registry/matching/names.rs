//! The forms a person's name is compared by: the native script as written, the Latin letters
//! in any order of their parts, and the pinyin of a name in hanzi, so that 张伟, "ZHANG Wei",
//! "Wei Zhang", "Zhang-Wei" and "ZhangWei" meet.

use pinyin::ToPinyinMulti;
use unicode_normalization::UnicodeNormalization;

/// At most this many readings of a name in hanzi are kept (the product of each character's
/// readings, a character with several readings being rare in names).
const MAX_READINGS: usize = 16;
/// Names of more parts than this are compared as written, not in every order.
const MAX_PERMUTED_PARTS: usize = 4;

/// Two-character family names (复姓) commonly found; the rest of a name in hanzi is the given
/// name, written as one word in pinyin.
const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "令狐", "夏侯", "端木", "轩辕",
];

/// A name made ready for comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameForms {
    /// The native script without spaces and separators, lowercased.
    pub native: Option<String>,
    /// The Latin name's parts, folded to ASCII lowercase, joined in every order.
    pub latin: Vec<String>,
    /// The pinyin readings of a name in hanzi (family name, then given name as one word),
    /// joined in both orders.
    pub pinyin: Vec<String>,
    /// One key for the name in Latin letters: the parts sorted and joined, from the Latin
    /// name, else from the first reading of the hanzi. Persons who share it are counted to
    /// tell a common name.
    pub key: Option<String>,
    /// The first letters of the family name and of every part, in Latin letters (blocking
    /// keys with the birth date).
    pub initials: Initials,
}

impl NameForms {
    pub fn new(native: Option<&str>, latin: Option<&str>) -> NameForms {
        let native_clean = native.map(native_key).filter(|n| !n.is_empty());
        let latin_parts = latin.map(latin_parts).unwrap_or_default();
        let readings = native.map(hanzi_readings).unwrap_or_default();
        let mut pinyin: Vec<String> = Vec::new();
        for parts in &readings {
            pinyin.extend(orders(parts));
        }
        pinyin.sort();
        pinyin.dedup();
        let (key, initials) = key_and_initials(native, &latin_parts);
        NameForms {
            native: native_clean,
            latin: orders(&latin_parts),
            pinyin,
            key,
            initials,
        }
    }

    /// Every Latin-letter form: the Latin name's and the hanzi's readings.
    fn letters(&self) -> impl Iterator<Item = &String> {
        self.latin.iter().chain(self.pinyin.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.native.is_none() && self.latin.is_empty() && self.pinyin.is_empty()
    }
}

/// The initials a name is blocked under: those of its family name as stored (the first part
/// of the Latin name, the registry writing the family name first, and every reading of the
/// first character of a name in hanzi), and those of all its parts (what a probe looks
/// under, the parts of a name typed in another order included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Initials {
    pub family: Vec<char>,
    pub all: Vec<char>,
}

/// The name's key (its parts in Latin letters, sorted and joined: from the Latin name, else
/// from the first reading of the hanzi) and its initials. Cheap: what an import computes for
/// every new person.
pub fn key_and_initials(
    native: Option<&str>,
    latin_parts: &[String],
) -> (Option<String>, Initials) {
    let first_letter = |p: &str| p.chars().next().map(|c| if c == 'ü' { 'u' } else { c });
    let mut family: Vec<char> = latin_parts
        .first()
        .and_then(|p| first_letter(p))
        .into_iter()
        .collect();
    let mut all: Vec<char> = latin_parts.iter().filter_map(|p| first_letter(p)).collect();
    let mut key_parts: Vec<String> = latin_parts.to_vec();
    if let Some(chars) = native.and_then(hanzi_chars) {
        let surname_len = surname_len(&chars);
        for (k, c) in [chars[0], chars[surname_len]].into_iter().enumerate() {
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi.into_iter() {
                    if let Some(initial) = first_letter(p.plain()) {
                        all.push(initial);
                        if k == 0 {
                            family.push(initial);
                        }
                    }
                }
            }
        }
        if key_parts.is_empty() {
            let first: Option<Vec<String>> = chars
                .iter()
                .map(|c| {
                    c.to_pinyin_multi()
                        .and_then(|m| m.into_iter().next())
                        .map(|p| p.plain().replace('ü', "u"))
                })
                .collect();
            if let Some(syllables) = first {
                key_parts = vec![
                    syllables[..surname_len].concat(),
                    syllables[surname_len..].concat(),
                ];
            }
        }
    }
    for list in [&mut family, &mut all] {
        list.sort_unstable();
        list.dedup();
    }
    key_parts.sort();
    let key = (!key_parts.is_empty()).then(|| key_parts.concat());
    (key, Initials { family, all })
}

/// The characters of a name written wholly in hanzi of 2 to 6 characters.
fn hanzi_chars(name: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let all_hanzi = chars.iter().all(|c| c.to_pinyin_multi().is_some());
    ((2..=6).contains(&chars.len()) && all_hanzi).then_some(chars)
}

/// One character, or two for a compound family name (复姓).
fn surname_len(chars: &[char]) -> usize {
    let text: String = chars.iter().take(2).collect();
    if COMPOUND_SURNAMES.contains(&text.as_str()) {
        2
    } else {
        1
    }
}

/// How two names compare, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameAgreement {
    Native,
    Latin,
    /// The pinyin of one's hanzi equals the other's Latin name.
    Pinyin,
    /// One or two letters apart.
    Similar,
    Differs,
    /// One side has no name comparable with the other's.
    Unknown,
}

pub fn compare(a: &NameForms, b: &NameForms) -> NameAgreement {
    if let (Some(x), Some(y)) = (&a.native, &b.native) {
        if x == y {
            return NameAgreement::Native;
        }
    }
    if a.latin.iter().any(|x| b.latin.contains(x)) {
        return NameAgreement::Latin;
    }
    if pinyin_meets(a, b) || pinyin_meets(b, a) {
        return NameAgreement::Pinyin;
    }
    let comparable = a.letters().next().is_some() && b.letters().next().is_some();
    if comparable && a.letters().any(|x| b.letters().any(|y| near(x, y))) {
        return NameAgreement::Similar;
    }
    // Two names in the same native script that neither meet nor come near are different.
    let both_native = a.native.is_some() && b.native.is_some();
    if both_native || comparable {
        NameAgreement::Differs
    } else {
        NameAgreement::Unknown
    }
}

/// The pinyin of `p`'s hanzi equals `q`'s Latin name.
pub(super) fn pinyin_meets(p: &NameForms, q: &NameForms) -> bool {
    p.pinyin.iter().any(|x| q.latin.contains(x))
}

/// One letter apart for names of 5 to 9 letters, two for longer ones (transposed letters
/// count as one).
fn near(x: &str, y: &str) -> bool {
    let shorter = x.len().min(y.len());
    let allowed = match shorter {
        0..=4 => return false,
        5..=9 => 1,
        _ => 2,
    };
    x.len().abs_diff(y.len()) <= allowed && strsim::osa_distance(x, y) <= allowed
}

/// The native script without white space, the middle dot of transcribed foreign names and
/// hyphens, lowercased.
fn native_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"·・•‧-‐".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The parts of a Latin name, folded to ASCII lowercase letters: accents and tone marks go,
/// ü becomes u, and the name is cut at spaces, hyphens, apostrophes, commas and dots.
pub fn latin_parts(name: &str) -> Vec<String> {
    if name.is_ascii() {
        return name
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|p| !p.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    let folded: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ß' => 's',
            'ø' => 'o',
            'æ' => 'a',
            'đ' | 'ð' => 'd',
            'ł' => 'l',
            other => other,
        })
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The readings of a name written wholly in hanzi, each as [family name, given name]; none
/// for a name in another script.
pub fn hanzi_readings(name: &str) -> Vec<Vec<String>> {
    let Some(chars) = hanzi_chars(name) else {
        return Vec::new();
    };
    let mut per_char: Vec<Vec<String>> = Vec::with_capacity(chars.len());
    for c in &chars {
        let Some(multi) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let mut readings: Vec<String> = multi
            .into_iter()
            .map(|p| p.plain().replace('ü', "u"))
            .collect();
        readings.dedup();
        per_char.push(readings);
    }
    let surname_len = surname_len(&chars);
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for readings in &per_char {
        let mut next = Vec::new();
        for combo in &combos {
            for r in readings {
                if next.len() >= MAX_READINGS {
                    break;
                }
                let mut c = combo.clone();
                c.push(r.clone());
                next.push(c);
            }
        }
        combos = next;
    }
    combos
        .into_iter()
        .map(|syllables| {
            vec![
                syllables[..surname_len].concat(),
                syllables[surname_len..].concat(),
            ]
        })
        .collect()
}

/// The parts joined in every order (up to four parts; more are kept as written).
fn orders(parts: &[String]) -> Vec<String> {
    if parts.is_empty() {
        return Vec::new();
    }
    if parts.len() > MAX_PERMUTED_PARTS {
        return vec![parts.concat()];
    }
    let mut out = Vec::new();
    let mut indices: Vec<usize> = (0..parts.len()).collect();
    permute(&mut indices, 0, &mut |order| {
        out.push(order.iter().map(|&i| parts[i].as_str()).collect::<String>());
    });
    out.sort();
    out.dedup();
    out
}

fn permute(indices: &mut Vec<usize>, k: usize, emit: &mut impl FnMut(&[usize])) {
    if k == indices.len() {
        emit(indices);
        return;
    }
    for i in k..indices.len() {
        indices.swap(k, i);
        permute(indices, k + 1, emit);
        indices.swap(k, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(native: Option<&str>, latin: Option<&str>) -> NameForms {
        NameForms::new(native, latin)
    }

    #[test]
    fn hanzi_meet_pinyin_in_either_order_hyphenated_or_joined_with_or_without_tones() {
        let hanzi = forms(Some("张伟"), None);
        for latin in [
            "ZHANG Wei",
            "Wei Zhang",
            "Zhang-Wei",
            "ZhangWei",
            "Zhāng Wěi",
        ] {
            assert_eq!(
                compare(&hanzi, &forms(None, Some(latin))),
                NameAgreement::Pinyin,
                "{latin}"
            );
        }
        let three = forms(Some("王秀英"), None);
        for latin in [
            "Wang Xiuying",
            "Xiu-Ying Wang",
            "WANG XIU YING",
            "Xiuying Wang",
        ] {
            assert_eq!(
                compare(&three, &forms(None, Some(latin))),
                NameAgreement::Pinyin,
                "{latin}"
            );
        }
    }

    #[test]
    fn compound_surnames_and_several_readings_are_known() {
        assert_eq!(
            compare(
                &forms(Some("欧阳娜娜"), None),
                &forms(None, Some("Ouyang Nana"))
            ),
            NameAgreement::Pinyin
        );
        // 单 reads shan as a family name, dan elsewhere.
        assert_eq!(
            compare(&forms(Some("单雄"), None), &forms(None, Some("Shan Xiong"))),
            NameAgreement::Pinyin
        );
    }

    #[test]
    fn latin_names_fold_accents_and_meet_with_typos() {
        assert_eq!(
            compare(
                &forms(None, Some("Müller, Anna")),
                &forms(None, Some("anna muller"))
            ),
            NameAgreement::Latin
        );
        assert_eq!(
            compare(
                &forms(None, Some("Anna Mueller")),
                &forms(None, Some("Anna Muller"))
            ),
            NameAgreement::Similar
        );
        assert_eq!(
            compare(
                &forms(None, Some("Anna Smith")),
                &forms(None, Some("John Smith"))
            ),
            NameAgreement::Differs
        );
    }

    #[test]
    fn homophones_are_near_and_other_scripts_are_not_compared() {
        // A pinyin input method gives 章伟 for 张伟 by one wrong pick.
        assert_eq!(
            compare(&forms(Some("张伟"), None), &forms(Some("章伟"), None)),
            NameAgreement::Similar
        );
        assert_eq!(
            compare(
                &forms(Some("张伟"), Some("Zhang Wei")),
                &forms(Some("章伟"), Some("Zhang Wei"))
            ),
            NameAgreement::Latin
        );
        assert_eq!(
            compare(&forms(Some("Анна"), None), &forms(None, Some("Anna"))),
            NameAgreement::Unknown
        );
    }

    #[test]
    fn the_key_is_the_same_from_either_script() {
        assert_eq!(
            forms(Some("张伟"), None).key,
            forms(None, Some("Wei ZHANG")).key
        );
        let initials = forms(Some("张伟"), None).initials;
        assert_eq!((initials.family, initials.all), (vec!['z'], vec!['w', 'z']));
    }
}
