//! What an applicant claims on filing beyond the points profile: the routes claimed on
//! documents. Its own module so that both the points assessment (whose input carries it) and
//! the routes (which read it) use it without importing each other.

use serde::{Deserialize, Serialize};

/// What the applicant claims beyond the points profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RouteClaims {
    /// Route codes claimed on documents (a_talent_plan, b_profession, c_short_term ...).
    #[serde(default)]
    pub claimed: Vec<String>,
    #[serde(default)]
    pub passport_expiry: Option<String>,
    /// The deciding authority recorded a relaxation of the general B conditions.
    #[serde(default)]
    pub b_conditions_waived: bool,
}
