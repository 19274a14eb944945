//! People and organisations: the records every capability links to.

mod filter;
pub(crate) mod matching;
mod organisations;
mod persons;

pub use matching::{match_person, MatchCandidate};
pub use organisations::{OrganisationQuery, OrganisationRecord};
pub use persons::{DocumentRecord, PersonQuery, PersonRecord, PersonSort, TOTAL_CAP};

pub(crate) use filter::Bind as FilterBind;
pub(crate) use filter::Filter;
pub(crate) use filter::{page_bounds, prefix_end, search_text, DayCursor};
