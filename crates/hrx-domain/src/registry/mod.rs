//! The registry of people and organisations that every capability links to.

mod codes;
pub mod matching;
mod organisation;
mod person;

pub use codes::{ResidentIdNumber, UnifiedSocialCreditCode};
pub use organisation::{Organisation, OrganisationInput, OrganisationKind};
pub(crate) use person::country_code;
pub use person::{
    display_name, latin_name, DocumentKind, IdentityDocument, Person, PersonInput, Sex,
};

use chrono::NaiveDate;

/// Trims and drops empty strings, so an empty form field means "not given".
pub(crate) fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub(crate) fn parse_date(value: &str) -> Result<NaiveDate, &'static str> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| "invalid_date")?;
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).ok_or("invalid_date")?;
    if date < earliest {
        return Err("before_1900");
    }
    Ok(date)
}

/// A date that is not after `today`.
pub(crate) fn past_date(value: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    parse_date(value).and_then(|d| if d > today { Err("in_future") } else { Ok(d) })
}

pub(crate) fn bounded_text(value: &str, max_chars: usize) -> Result<String, &'static str> {
    if value.chars().count() > max_chars {
        return Err("too_long");
    }
    if value.chars().any(char::is_control) {
        return Err("control_characters");
    }
    Ok(value.to_owned())
}

/// A search key that matches regardless of case, accents folded by lowercasing only, and
/// white space: "  Müller  Anna" and "müller anna" give the same key.
pub fn search_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The terms a name is found by: the whole name and each word of it, so that a search for a
/// family name, a given name or the full name each hits the same person by prefix.
pub fn search_terms(names: &[&str]) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for name in names {
        let key = search_key(name);
        if key.is_empty() {
            continue;
        }
        for word in key.split(' ') {
            terms.push(word.to_owned());
        }
        // Chinese names are written without spaces: the given name is found from its second character.
        let chars: Vec<char> = key.chars().collect();
        if !key.contains(' ') && chars.len() >= 2 && chars.iter().all(|c| !c.is_ascii()) {
            terms.push(chars[1..].iter().collect());
        }
        terms.push(key);
    }
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_cover_words_whole_name_and_chinese_given_name() {
        assert_eq!(
            search_terms(&["  Anna  MÜLLER ", "张伟"]),
            vec!["anna", "anna müller", "müller", "伟", "张伟"]
        );
    }

    #[test]
    fn dates_before_1900_are_refused() {
        assert_eq!(parse_date("1899-12-31"), Err("before_1900"));
        assert_eq!(parse_date("2001-02-29"), Err("invalid_date"));
        assert!(parse_date("1900-01-01").is_ok());
    }
}
