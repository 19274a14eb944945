//! Supporting documents of a work-permit application: the kinds, the file types accepted
//! (recognised by their content, not their name) and the size limit.

/// The largest supporting document accepted.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// What a supporting document is (the national service guide's list, shortened).
pub const DOCUMENT_KINDS: [&str; 7] = [
    "passport",
    "degree_certificate",
    "work_experience",
    "criminal_record",
    "health_certificate",
    "employment_contract",
    "other",
];

/// The file types accepted, by their first bytes: (content type, extension).
pub fn file_type(head: &[u8]) -> Option<(&'static str, &'static str)> {
    if head.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

pub fn document_kind(value: &str) -> Result<&'static str, &'static str> {
    DOCUMENT_KINDS
        .into_iter()
        .find(|k| *k == value.trim())
        .ok_or("unknown_value")
}

/// Employers add documents while the application is theirs to change; officers at any time.
pub fn employer_may_add_documents(status: &str) -> bool {
    matches!(status, "draft" | "returned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_name() {
        assert_eq!(file_type(b"%PDF-1.7\n"), Some(("application/pdf", "pdf")));
        assert_eq!(
            file_type(b"\x89PNG\r\n\x1a\n...."),
            Some(("image/png", "png"))
        );
        assert_eq!(file_type(b"\xff\xd8\xff\xe0"), Some(("image/jpeg", "jpg")));
        assert_eq!(file_type(b"MZ\x90\x00"), None);
        assert_eq!(file_type(b"<html>"), None);
        assert_eq!(document_kind("passport"), Ok("passport"));
        assert!(document_kind("selfie").is_err());
    }
}

/// A work-permit number: `WP`, the year of first issue, eight random digits and a Luhn check
/// digit over the twelve digits before it (`WP2026` `48213907` `5`). The random part keeps
/// anyone from walking the public check through every number; numbers issued before this
/// form (`WP` + year + a running number) stay valid, as they are looked up, not parsed.
pub fn permit_number(year: i32, random: u32) -> String {
    let digits = format!("{:04}{:08}", year.rem_euclid(10_000), random % 100_000_000);
    format!("WP{digits}{}", luhn_digit(&digits))
}

/// Whether a number has the form and check digit of [`permit_number`].
pub fn permit_number_checks(number: &str) -> bool {
    let Some(digits) = number.strip_prefix("WP") else {
        return false;
    };
    let (body, check) = digits.split_at(digits.len().saturating_sub(1));
    digits.len() == 13
        && digits.chars().all(|c| c.is_ascii_digit())
        && check.starts_with(luhn_digit(body))
}

/// The Luhn check digit of a string of ASCII digits.
fn luhn_digit(digits: &str) -> char {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn permit_numbers_carry_a_check_digit() {
        let n = permit_number(2026, 48_213_907);
        assert_eq!(n.len(), 15);
        assert!(n.starts_with("WP202648213907"));
        assert!(permit_number_checks(&n));
        // Any single changed digit is caught.
        for i in 2..n.len() {
            let mut changed: Vec<char> = n.chars().collect();
            changed[i] = if changed[i] == '9' {
                '0'
            } else {
                char::from(changed[i] as u8 + 1)
            };
            let changed: String = changed.into_iter().collect();
            assert!(!permit_number_checks(&changed), "{changed}");
        }
        assert!(!permit_number_checks("WP2025000001"));
        // The known Luhn example: 7992739871 has check digit 3.
        assert_eq!(luhn_digit("7992739871"), '3');
    }
}
