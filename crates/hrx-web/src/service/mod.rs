//! What the JSON API and the pages both do. Neither `api` nor `pages` imports the other; both
//! import from here, and nothing here imports either.

pub mod coverage;
pub mod permits;
