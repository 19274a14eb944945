//! The expert register's codes (spec §4): the classes before 2017, the origins the published
//! totals include (Hong Kong, Macao and Taiwan experts kept apart), and the programme tags.

/// The two classes of foreign expert before 2017 (spec §4.1).
pub const CLASSES: [&str; 2] = ["cultural_educational", "economic_technical"];

/// Where an expert comes from: abroad, or Hong Kong, Macao or Taiwan (spec §4.2).
pub const ORIGINS: [&str; 4] = ["foreign", "hk", "mo", "tw"];

/// The programmes of spec §4.4, as tags of an engagement.
pub const PROGRAMMES: [&str; 4] = [
    "recruitment_program_foreign_experts",
    "high_end_foreign_experts_project",
    "high_end_foreign_expert_recruitment",
    "other",
];

/// An expert's origin from their nationality: `hk`, `mo` and `tw` for the three regions,
/// `foreign` otherwise; `None` for a Chinese national of the mainland.
pub fn origin_of(nationality: &str) -> Option<&'static str> {
    match nationality {
        "HK" => Some("hk"),
        "MO" => Some("mo"),
        "TW" => Some("tw"),
        "CN" | "" => None,
        _ => Some("foreign"),
    }
}

/// An engagement as an officer enters it (the columns of the `experts` import layout).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EngagementInput {
    pub person_id: i64,
    /// `cultural_educational` or `economic_technical` (before 2017), or none.
    #[serde(default)]
    pub expert_class: Option<String>,
    pub employer_name: String,
    /// One of [`PROGRAMMES`], or none.
    #[serde(default)]
    pub programme: Option<String>,
    /// A province code or name.
    pub province: String,
    pub sector: String,
    pub start_date: String,
    pub end_date: String,
    /// The work permit's number or the pre-2017 document's.
    #[serde(default)]
    pub document_ref: Option<String>,
}
