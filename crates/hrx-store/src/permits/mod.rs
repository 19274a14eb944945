//! Work-permit applications, their workflow and the permits they produce.

pub(crate) mod applications;
mod documents;
pub(crate) mod wages;

pub use applications::{
    ApplicationQuery, ApplicationRecord, PermitRecord, TransitionRecord, TransitionRequest,
    WorkPermitApplication,
};
pub use documents::{DocumentRecord as ApplicationDocument, NewDocument};
