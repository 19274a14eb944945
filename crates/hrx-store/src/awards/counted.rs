//! What the awards' figures count, read only: each round's award, year, ceremony, the
//! history's count and stated total, and the laureates recorded in HRX. The statistics
//! recompute the awards' series from this whole (a few dozen rounds).

use crate::{int, opt_int, opt_text, text, StoreError};
use chrono::NaiveDate;
use hrx_domain::statistics::series::{awards, AwardRoundFacts, Tally};

/// The award rounds' contributions to the cumulative and conferred series.
pub(crate) async fn tally(conn: &mut sqlx::AnyConnection) -> Result<Tally, StoreError> {
    let rows = sqlx::query(
        "SELECT r.award, r.award_year, r.ceremony_date, r.laureates_individuals, \
         r.cumulative_individuals, (SELECT COUNT(*) FROM award_laureate l \
         WHERE l.award = r.award AND l.award_year = r.award_year) AS recorded \
         FROM award_round r ORDER BY r.award, r.award_year",
    )
    .fetch_all(&mut *conn)
    .await?;
    let facts = rows
        .iter()
        .map(|r| {
            Ok(AwardRoundFacts {
                award: text(r, "award")?,
                award_year: int(r, "award_year")? as i32,
                ceremony: opt_text(r, "ceremony_date")?
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                laureates: opt_int(r, "laureates_individuals")?,
                stated_total: opt_int(r, "cumulative_individuals")?,
                recorded: int(r, "recorded")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut tally = Tally::default();
    tally.add(&awards(&facts), 1);
    Ok(tally)
}
