//! People and organisations: the records every capability links to.

mod filter;
pub(crate) mod keys;
mod matching;
mod merges;
mod organisations;
mod persons;
mod timeline;

pub use matching::MatchCandidate;
pub use merges::{MergeRecord, LINKED_TABLES, MERGE_FIELDS};
pub use organisations::{OrganisationQuery, OrganisationRecord};
pub use persons::{DocumentRecord, PersonQuery, PersonRecord, PersonSort, TOTAL_CAP};
pub use timeline::TimelineEntry;

pub(crate) use filter::Bind as FilterBind;
pub(crate) use filter::Filter;
pub(crate) use filter::{page_bounds, prefix_end, search_text, DayCursor};
