//! Work-permit applications, their workflow and the permits they produce.

mod applications;
mod wages;

pub use applications::{
    ApplicationQuery, ApplicationRecord, PermitRecord, TransitionRecord, TransitionRequest,
};
