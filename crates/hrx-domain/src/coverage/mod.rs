//! Bilateral social-security agreements: the agreements as data, the determination of which
//! branches a posted worker is exempt from, certificates of coverage and the estimate of the
//! contributions an exemption saves.

pub mod agreements;
pub mod certificates;
pub mod dates;
pub mod determine;
pub mod rates;
