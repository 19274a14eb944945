//! Reference tables embedded from `data/` at build time (sources in `data/SOURCES.md`).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

const COUNTRIES_CSV: &str = include_str!("../../../data/countries.csv");
const PROVINCES_CSV: &str = include_str!("../../../data/provinces.csv");
const OCCUPATIONS_CSV: &str = include_str!("../../../data/isco08.csv");
const EDUCATION_LEVELS_CSV: &str = include_str!("../../../data/isced2011.csv");

/// An ISO 3166-1 country or territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Country {
    pub alpha2: String,
    pub alpha3: String,
    pub numeric: String,
    pub name_en: String,
    pub name_zh: String,
}

/// A provincial-level division of mainland China (GB/T 2260) with its statistical region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Province {
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
    pub region: String,
}

/// An ISCO-08 major or sub-major group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupation {
    pub code: String,
    pub level: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub name_en: String,
    pub name_zh: String,
}

/// An ISCED 2011 level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EducationLevel {
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
}

/// A reference table that failed to parse is a build defect; tests parse every table.
fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .filter_map(Result::ok)
        .collect()
}

pub struct ReferenceData {
    pub countries: Vec<Country>,
    pub provinces: Vec<Province>,
    pub occupations: Vec<Occupation>,
    pub education_levels: Vec<EducationLevel>,
    country_index: HashMap<String, usize>,
}

impl ReferenceData {
    fn load() -> Self {
        let countries: Vec<Country> = parse(COUNTRIES_CSV);
        let country_index = countries
            .iter()
            .enumerate()
            .flat_map(|(i, c)| [(c.alpha2.clone(), i), (c.alpha3.clone(), i)])
            .collect();
        Self {
            countries,
            provinces: parse(PROVINCES_CSV),
            occupations: parse::<Occupation>(OCCUPATIONS_CSV)
                .into_iter()
                .map(|mut o| {
                    o.parent = o.parent.filter(|p| !p.is_empty());
                    o
                })
                .collect(),
            education_levels: parse(EDUCATION_LEVELS_CSV),
            country_index,
        }
    }

    /// A country by its alpha-2 or alpha-3 code, in any letter case.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.country_index
            .get(&code.trim().to_ascii_uppercase())
            .and_then(|&i| self.countries.get(i))
    }

    /// An ISCO-08 group by its code, or else the narrowest group that contains it ("1120", a
    /// unit group the table does not list, falls back to the sub-major group "11").
    pub fn occupation(&self, code: &str) -> Option<&Occupation> {
        let code = code.trim();
        (1..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| self.occupations.iter().find(|o| o.code == prefix))
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code.trim())
    }
}

static REFERENCE: LazyLock<ReferenceData> = LazyLock::new(ReferenceData::load);

pub fn reference() -> &'static ReferenceData {
    &REFERENCE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_parses_completely() {
        let r = reference();
        assert_eq!(r.countries.len(), COUNTRIES_CSV.lines().count() - 1);
        assert_eq!(r.countries.len(), 249);
        assert_eq!(r.provinces.len(), 31);
        assert_eq!(r.occupations.len(), 10 + 43);
        assert_eq!(r.education_levels.len(), 9);
    }

    #[test]
    fn regions_follow_the_four_region_division() {
        let count = |region: &str| {
            reference()
                .provinces
                .iter()
                .filter(|p| p.region == region)
                .count()
        };
        assert_eq!(
            (
                count("eastern"),
                count("central"),
                count("western"),
                count("northeast")
            ),
            (10, 6, 12, 3)
        );
    }

    #[test]
    fn countries_are_found_by_either_code() {
        let r = reference();
        assert_eq!(r.country("de").map(|c| c.numeric.as_str()), Some("276"));
        assert_eq!(r.country("CHN").map(|c| c.alpha2.as_str()), Some("CN"));
        assert!(r.country("XX").is_none());
        assert!(r.country("XK").is_none());
    }

    #[test]
    fn sub_major_groups_name_an_existing_major_group() {
        let r = reference();
        for o in r.occupations.iter().filter(|o| o.level == "sub_major") {
            let parent = o.parent.as_deref().unwrap_or_default();
            assert!(r
                .occupations
                .iter()
                .any(|m| m.level == "major" && m.code == parent));
        }
    }
}
