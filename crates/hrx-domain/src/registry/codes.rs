//! National identifiers whose last character is a check digit.

use chrono::NaiveDate;
use serde::Serialize;

/// Chinese resident identity number (GB 11643-1999): 17 digits and a check character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ResidentIdNumber(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl ResidentIdNumber {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let value = input.trim().to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        if chars.len() != 18 {
            return Err("length");
        }
        let mut sum = 0;
        for (c, weight) in chars.iter().take(17).zip(ID_WEIGHTS) {
            sum += c.to_digit(10).ok_or("format")? * weight;
        }
        if !(chars[17].is_ascii_digit() || chars[17] == 'X') {
            return Err("format");
        }
        if ID_CHECK[(sum % 11) as usize] != chars[17] {
            return Err("check_digit");
        }
        let id = Self(value);
        if id.birth_date().is_none() {
            return Err("birth_date_in_number");
        }
        Ok(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The check character of the first 17 digits, if they are 17 digits.
    pub fn check_char(first17: &str) -> Option<char> {
        let digits: Vec<u32> = first17
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()?;
        if digits.len() != 17 {
            return None;
        }
        let sum: u32 = digits.iter().zip(ID_WEIGHTS).map(|(d, w)| d * w).sum();
        Some(ID_CHECK[(sum % 11) as usize])
    }

    /// The birth date written in characters 7 to 14.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.0.get(6..14)?, "%Y%m%d").ok()
    }
}

/// Unified Social Credit Code (GB 32100-2015): 17 characters and a check character over an
/// alphabet of 31 symbols that leaves out I, O, Z, S and V.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct UnifiedSocialCreditCode(String);

const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl UnifiedSocialCreditCode {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let value = input.trim().to_ascii_uppercase();
        let values: Vec<usize> = value
            .chars()
            .map(|c| USCC_ALPHABET.find(c).ok_or("format"))
            .collect::<Result<_, _>>()?;
        if values.len() != 18 {
            return Err("length");
        }
        let sum: usize = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        if (31 - sum % 31) % 31 != values[17] {
            return Err("check_digit");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_id_check_digit() {
        // The standard's worked example.
        let id = ResidentIdNumber::parse("11010519491231002x");
        assert_eq!(id.as_ref().map(|i| i.as_str()), Ok("11010519491231002X"));
        assert_eq!(
            id.ok().and_then(|i| i.birth_date()),
            NaiveDate::from_ymd_opt(1949, 12, 31)
        );
        assert_eq!(
            ResidentIdNumber::parse("110105194912310021"),
            Err("check_digit")
        );
        assert_eq!(ResidentIdNumber::parse("1101051949123100"), Err("length"));
        assert_eq!(ResidentIdNumber::parse("1101051949123100AX"), Err("format"));
        // A valid check digit over an impossible birth date (month 13).
        assert_eq!(
            ResidentIdNumber::parse(&with_id_check("11010519491331002")),
            Err("birth_date_in_number")
        );
    }

    fn with_id_check(first17: &str) -> String {
        let sum: u32 = first17
            .chars()
            .zip(ID_WEIGHTS)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        format!("{first17}{}", ID_CHECK[(sum % 11) as usize])
    }

    #[test]
    fn uscc_check_digit() {
        assert!(UnifiedSocialCreditCode::parse("91350100M000100Y43").is_ok());
        assert!(UnifiedSocialCreditCode::parse("911100001000233692").is_ok());
        assert_eq!(
            UnifiedSocialCreditCode::parse("91350100M000100Y44"),
            Err("check_digit")
        );
        assert_eq!(
            UnifiedSocialCreditCode::parse("91350100M000100I43"),
            Err("format")
        );
        assert_eq!(UnifiedSocialCreditCode::parse("91350100"), Err("length"));
    }
}
