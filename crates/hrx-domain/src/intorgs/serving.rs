//! Serving-staff records (spec §5.5) and what the figure `nationals_in_international_
//! organisations` counts of them (§6.4): appointment types, the default scope, grade bands.

use super::grades::grades;

/// The appointment types of a serving record.
pub const APPOINTMENT_TYPES: [&str; 9] = [
    "fixed_term",
    "continuing",
    "permanent",
    "temporary",
    "jpo",
    "secondment",
    "consultant",
    "intern",
    "unv",
];

/// The appointment types the figure counts under its default scope (HRX convention, §6.4):
/// consultants, interns and UN Volunteers are left out.
pub const DEFAULT_SCOPE: [&str; 6] = [
    "fixed_term",
    "continuing",
    "permanent",
    "temporary",
    "jpo",
    "secondment",
];

/// The scope, as printed beside the figure.
pub const SCOPE_EN: &str = "all organisations of the register; appointment types fixed-term, continuing, permanent, temporary, JPO and secondment (consultants, interns and UN Volunteers excluded); all categories; Chinese nationals, holders of Hong Kong and Macao SAR passports included";
pub const SCOPE_ZH: &str = "名录中全部国际组织；任用类型为定期、连续、长期、临时、初级专业官员和借调（不含咨询顾问、实习生和联合国志愿人员）；全部职类；中国公民，含香港、澳门特区护照持有人";

/// Where a serving record comes from.
pub const SOURCES: [&str; 3] = ["hrx_case", "organisation_report", "self_report"];

/// The nationalities counted as Chinese: holders of Hong Kong or Macao SAR passports are
/// Chinese nationals (HRX convention, §6.4), flagged `sar_passport`.
pub const CHINESE: [&str; 3] = ["CN", "HK", "MO"];

/// The grade band of a grade: `P1-P3`, `P4-P5`, `D_and_above` or `other`.
pub fn grade_band(grade: &str) -> &'static str {
    match grade.trim().to_ascii_uppercase().as_str() {
        "P-1" | "P-2" | "P-3" => "P1-P3",
        "P-4" | "P-5" => "P4-P5",
        "D-1" | "D-2" | "ASG" | "USG" | "DSG" | "SG" => "D_and_above",
        _ => "other",
    }
}

/// The category of a grade as `un-grades.csv` gives it, in a code (`professional`,
/// `director`, `senior_appointment`, `general_service`, `national_professional_officer`,
/// `field_service`), or `other`.
pub fn category_of(grade: &str) -> String {
    grades()
        .ok()
        .and_then(|g| {
            g.iter()
                .find(|x| x.grade.eq_ignore_ascii_case(grade.trim()))
                .map(|x| x.category.to_lowercase().replace([' ', '-'], "_"))
        })
        .unwrap_or_else(|| "other".into())
}
