//! Work permits for foreigners working in China (2017 classification standard).

pub mod points;
pub mod validity;

pub use points::{assess, Assessment, AssessmentInput, Factor, PointsTable, EDUCATION_CODES};
