//! The maintained aggregates of the published statistics (table `stat_value`): refreshed per
//! person in the transaction that changes the person's records, rebuilt from the records
//! by `hrx stats rebuild`, compared with a recompute by `hrx stats check`, and read back as
//! indicator values.

use crate::direct::{Bind, Lookup, Triple};
use crate::sql::{chunk_sizes, values};
use crate::{int, opt_text, text, Backend, Store, StoreError};
use futures_util::TryStreamExt;
use hrx_domain::statistics::series::{
    self, Answer, CertificateFacts, Contribution, ConventionFacts, EngagementFacts, EnrolmentFacts,
    EpisodeFacts, Family, Formula, ParticipationFacts, Period, PermitFacts, PersonFacts, Query,
    ServingFacts, Sums, Tally,
};
use hrx_domain::statistics::BREAKDOWNS;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

fn day(row: &AnyRow, column: &str) -> Result<chrono::NaiveDate, StoreError> {
    let s = text(row, column)?;
    s.parse::<chrono::NaiveDate>()
        .map_err(|_| StoreError::Integrity(format!("{column} is not a date: {s}")))
}

fn opt_day(row: &AnyRow, column: &str) -> Result<Option<chrono::NaiveDate>, StoreError> {
    opt_text(row, column)?
        .map(|s| {
            s.parse::<chrono::NaiveDate>()
                .map_err(|_| StoreError::Integrity(format!("{column} is not a date: {s}")))
        })
        .transpose()
}

/// The columns a family's contributions are computed from, joined with the person; none for
/// the cooperation records, which are recomputed whole (`crate::cooperation::records::tally`).
fn facts_sql(family: Family) -> Option<&'static str> {
    Some(match family {
        Family::StudyAbroad => {
            "SELECT r.person_id, p.sex, p.nationality, r.departure_date, r.return_date, \
             r.destination_country, r.funding, r.isced_level \
             FROM study_abroad r JOIN person p ON p.id = r.person_id"
        }
        Family::ForeignStudents => {
            "SELECT r.person_id, p.sex, p.nationality, r.enrolment_start, r.enrolment_end, \
             r.province, r.isced_level \
             FROM foreign_student r JOIN person p ON p.id = r.person_id"
        }
        Family::WorkPermits => {
            "SELECT r.person_id, p.sex, p.nationality, r.valid_from, r.valid_until, \
             r.cancelled_on, r.category, r.province, r.occupation \
             FROM work_permit r JOIN person p ON p.id = r.person_id"
        }
        // Certificates not (yet) issued or accepted are read too and left out in `push`, so
        // that a caller may append its own WHERE clause.
        Family::Coverage => {
            "SELECT r.person_id, p.sex, p.nationality, r.valid_from, r.valid_to, r.revoked_on, \
             r.issued_on, r.agreement_code, r.direction \
             FROM coverage_certificate r JOIN person p ON p.id = r.person_id"
        }
        // The register is the country's, not a person's: one "person", 0, holds it all.
        Family::Conventions => {
            "SELECT r.person_id, r.sex, r.nationality, r.ratified, r.in_force_from, \
             r.denounced_on, r.class FROM (SELECT CAST(0 AS BIGINT) AS person_id, '' AS sex, \
             '' AS nationality, c.* FROM ilo_convention c) r"
        }
        Family::Training => {
            "SELECT r.person_id, p.sex, p.nationality, r.departure_date, r.programme_type, \
             r.host_country, r.sending_unit, r.duration_class, r.destination_scope \
             FROM training_participation r JOIN person p ON p.id = r.person_id"
        }
        // Records out of the figure's default scope, or of other nationals, are read too and
        // left out in `push`, so that a caller may append its own WHERE clause.
        Family::IntOrgs => {
            "SELECT r.person_id, p.sex, p.nationality, r.start_date, r.end_date, r.in_scope, \
             o.acronym AS organisation, o.kind AS organisation_type, r.category, r.grade_band \
             FROM io_serving_record r JOIN person p ON p.id = r.person_id \
             JOIN io_organisation o ON o.id = r.organisation_id"
        }
        Family::Experts => {
            "SELECT r.person_id, p.sex, p.nationality, r.start_date, r.end_date, r.origin, \
             r.expert_class, r.province, r.sector \
             FROM expert_engagement r JOIN person p ON p.id = r.person_id"
        }
        Family::Cooperation | Family::Awards => return None,
    })
}

/// One person's records of a family, as read.
enum Records {
    Episodes(Vec<EpisodeFacts>),
    Enrolments(Vec<EnrolmentFacts>),
    Permits(Vec<PermitFacts>),
    Certificates(Vec<CertificateFacts>),
    Conventions(Vec<ConventionFacts>),
    Participations(Vec<ParticipationFacts>),
    Serving(Vec<ServingFacts>),
    Engagements(Vec<EngagementFacts>),
}

impl Records {
    fn new(family: Family) -> Records {
        match family {
            Family::StudyAbroad => Records::Episodes(Vec::new()),
            Family::ForeignStudents => Records::Enrolments(Vec::new()),
            Family::WorkPermits => Records::Permits(Vec::new()),
            Family::Coverage => Records::Certificates(Vec::new()),
            Family::Conventions | Family::Cooperation | Family::Awards => {
                Records::Conventions(Vec::new())
            }
            Family::Training => Records::Participations(Vec::new()),
            Family::IntOrgs => Records::Serving(Vec::new()),
            Family::Experts => Records::Engagements(Vec::new()),
        }
    }

    fn push(&mut self, row: &AnyRow) -> Result<(), StoreError> {
        match self {
            Records::Episodes(v) => v.push(EpisodeFacts {
                departure: day(row, "departure_date")?,
                return_date: opt_day(row, "return_date")?,
                destination_country: text(row, "destination_country")?,
                funding: text(row, "funding")?,
                isced_level: text(row, "isced_level")?,
            }),
            Records::Enrolments(v) => v.push(EnrolmentFacts {
                start: day(row, "enrolment_start")?,
                end: opt_day(row, "enrolment_end")?,
                province: text(row, "province")?,
                isced_level: text(row, "isced_level")?,
            }),
            Records::Permits(v) => v.push(PermitFacts {
                valid_from: day(row, "valid_from")?,
                valid_until: day(row, "valid_until")?,
                cancelled_on: opt_day(row, "cancelled_on")?,
                category: opt_text(row, "category")?,
                province: opt_text(row, "province")?,
                occupation: opt_text(row, "occupation")?,
            }),
            Records::Conventions(v) => v.push(ConventionFacts {
                ratified: day(row, "ratified")?,
                in_force_from: day(row, "in_force_from")?,
                denounced_on: opt_day(row, "denounced_on")?,
                class: text(row, "class")?,
            }),
            Records::Participations(v) => v.push(ParticipationFacts {
                departure: day(row, "departure_date")?,
                programme_type: text(row, "programme_type")?,
                host_country: text(row, "host_country")?,
                sending_unit: text(row, "sending_unit")?,
                duration_class: text(row, "duration_class")?,
                destination_scope: text(row, "destination_scope")?,
            }),
            Records::Serving(v) => {
                let chinese = hrx_domain::intorgs::serving::CHINESE
                    .contains(&text(row, "nationality")?.as_str());
                if chinese && int(row, "in_scope")? == 1 {
                    v.push(ServingFacts {
                        start: day(row, "start_date")?,
                        end: opt_day(row, "end_date")?,
                        organisation: text(row, "organisation")?,
                        organisation_type: text(row, "organisation_type")?,
                        category: text(row, "category")?,
                        grade_band: text(row, "grade_band")?,
                    });
                }
            }
            Records::Engagements(v) => v.push(EngagementFacts {
                start: day(row, "start_date")?,
                end: day(row, "end_date")?,
                origin: text(row, "origin")?,
                expert_class: opt_text(row, "expert_class")?
                    .unwrap_or_else(|| series::UNKNOWN.to_owned()),
                province: text(row, "province")?,
                sector: text(row, "sector")?,
            }),
            Records::Certificates(v) => {
                let issued_on = opt_day(row, "issued_on")?;
                if issued_on.is_some() {
                    v.push(CertificateFacts {
                        valid_from: day(row, "valid_from")?,
                        valid_to: day(row, "valid_to")?,
                        revoked_on: opt_day(row, "revoked_on")?,
                        issued_on,
                        agreement: text(row, "agreement_code")?,
                        direction: text(row, "direction")?,
                    });
                }
            }
        }
        Ok(())
    }

    fn contributions<'a>(&'a self, person: &'a PersonFacts) -> Vec<Contribution<'a>> {
        match self {
            Records::Episodes(v) => series::study_abroad(person, v),
            Records::Enrolments(v) => series::foreign_students(person, v),
            Records::Permits(v) => series::work_permits(person, v),
            Records::Certificates(v) => series::coverage(person, v),
            Records::Conventions(v) => series::conventions(v),
            Records::Participations(v) => series::training(v),
            Records::Serving(v) => series::intorgs(person, v),
            Records::Engagements(v) => series::experts(person, v),
        }
    }
}

fn person_of(row: &AnyRow) -> Result<PersonFacts, StoreError> {
    Ok(PersonFacts {
        sex: text(row, "sex")?,
        nationality: text(row, "nationality")?,
    })
}

/// Adds (`sign` 1) or removes (`sign` -1) what the people's records of a family contribute.
async fn tally_persons(
    conn: &mut AnyConnection,
    numbered: bool,
    family: Family,
    persons: &[i64],
    sign: i64,
    tally: &mut Tally,
) -> Result<(), StoreError> {
    let Some(facts) = facts_sql(family) else {
        return Ok(());
    };
    let mut offset = 0;
    for size in chunk_sizes(persons.len()) {
        let chunk = persons.get(offset..offset + size).unwrap_or_default();
        offset += size;
        let sql = format!(
            "{} WHERE r.person_id IN {}",
            facts,
            values(numbered, 1, size, "")
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        let mut by_person: HashMap<i64, (PersonFacts, Records)> = HashMap::new();
        for row in q.fetch_all(&mut *conn).await? {
            let id = int(&row, "person_id")?;
            let entry = match by_person.entry(id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert((person_of(&row)?, Records::new(family)))
                }
            };
            entry.1.push(&row)?;
        }
        for (person, records) in by_person.values() {
            tally.add(&records.contributions(person), sign);
        }
    }
    Ok(())
}

/// Adds a tally to the aggregate table.
pub(crate) async fn write_tally(
    conn: &mut AnyConnection,
    numbered: bool,
    tally: &Tally,
) -> Result<(), StoreError> {
    let rows: Vec<(series::TallyKey, i64)> = tally.changes().collect();
    let mut offset = 0;
    for size in chunk_sizes(rows.len()) {
        let chunk = rows.get(offset..offset + size).unwrap_or_default();
        offset += size;
        let sql = format!(
            "INSERT INTO stat_value (series, dim, key, month, value) VALUES {} \
             ON CONFLICT (series, dim, key, month) DO UPDATE SET value = stat_value.value + excluded.value",
            values(numbered, size, 5, "")
        );
        let mut q = sqlx::query(&sql);
        for ((s, dim, key, month), v) in chunk {
            q = q
                .bind(*s)
                .bind(*dim)
                .bind(key.clone())
                .bind(i64::from(*month))
                .bind(*v);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A refresh of some people's contributions around a change of their records: `begin`
/// removes what they contribute now, `finish` adds what they contribute after the change.
pub(crate) struct Refresh {
    numbered: bool,
    families: Vec<Family>,
    persons: Vec<i64>,
    tally: Tally,
}

impl Refresh {
    pub async fn begin(
        conn: &mut AnyConnection,
        backend: Backend,
        families: &[Family],
        persons: impl IntoIterator<Item = i64>,
    ) -> Result<Refresh, StoreError> {
        let persons: Vec<i64> = persons
            .into_iter()
            .collect::<BTreeSet<i64>>()
            .into_iter()
            .collect();
        let numbered = backend == Backend::Postgres;
        let mut tally = Tally::default();
        for family in families {
            tally_persons(conn, numbered, *family, &persons, -1, &mut tally).await?;
        }
        Ok(Refresh {
            numbered,
            families: families.to_vec(),
            persons,
            tally,
        })
    }

    pub async fn finish(mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        for family in &self.families {
            tally_persons(
                conn,
                self.numbered,
                *family,
                &self.persons,
                1,
                &mut self.tally,
            )
            .await?;
        }
        write_tally(conn, self.numbered, &self.tally).await
    }
}

/// Recomputes a family's aggregates from all of its records, streaming them person by
/// person.
async fn recompute(conn: &mut AnyConnection, family: Family) -> Result<Tally, StoreError> {
    let Some(facts) = facts_sql(family) else {
        return match family {
            Family::Awards => crate::awards::counted::tally(conn).await,
            _ => crate::cooperation::records::tally(conn).await,
        };
    };
    let sql = format!("{facts} ORDER BY r.person_id");
    let mut tally = Tally::default();
    let mut current: Option<(i64, PersonFacts, Records)> = None;
    let mut rows = sqlx::query(&sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let id = int(&row, "person_id")?;
        match &mut current {
            Some((cid, _, records)) if *cid == id => records.push(&row)?,
            _ => {
                if let Some((_, person, records)) = current.take() {
                    tally.add(&records.contributions(&person), 1);
                }
                let mut records = Records::new(family);
                records.push(&row)?;
                current = Some((id, person_of(&row)?, records));
            }
        }
    }
    if let Some((_, person, records)) = current.take() {
        tally.add(&records.contributions(&person), 1);
    }
    Ok(tally)
}

/// Replaces a family's aggregates with a recompute, in the caller's transaction.
pub(crate) async fn rebuild_family(
    conn: &mut AnyConnection,
    backend: Backend,
    family: Family,
) -> Result<usize, StoreError> {
    let tally = recompute(conn, family).await?;
    let numbered = backend == Backend::Postgres;
    let series = family.series();
    let sql = format!(
        "DELETE FROM stat_value WHERE series IN {}",
        values(numbered, 1, series.len(), "")
    );
    let mut q = sqlx::query(&sql);
    for s in series {
        q = q.bind(*s);
    }
    q.execute(&mut *conn).await?;
    write_tally(conn, numbered, &tally).await?;
    Ok(tally.changes().count())
}

/// A row where the maintained aggregates and a recompute differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub series: String,
    pub dim: String,
    pub key: String,
    pub month: i64,
    pub maintained: i64,
    pub recomputed: i64,
}

/// What `hrx stats rebuild` and `check` report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatsReport {
    /// Non-zero aggregate rows per family after the recompute.
    pub rows: Vec<(String, usize)>,
    pub differences: Vec<Difference>,
    /// Differences beyond the ones listed.
    pub differences_total: usize,
}

/// The breakdown dimensions as static strings, for rows read back from the table.
fn static_dim(dim: &str) -> Option<&'static str> {
    if dim.is_empty() {
        return Some("");
    }
    BREAKDOWNS.iter().copied().find(|d| *d == dim)
}

impl Store {
    /// Whether any study, enrolment, permit or certificate record is held (the demo dataset
    /// only fills a database without them).
    pub async fn holds_statistical_records(&self) -> Result<bool, StoreError> {
        for table in [
            "study_abroad",
            "foreign_student",
            "work_permit",
            "coverage_certificate",
            "training_participation",
            "io_serving_record",
            "expert_engagement",
        ] {
            let any: Option<i64> = sqlx::query_scalar(&format!("SELECT 1 FROM {table} LIMIT 1"))
                .fetch_optional(&self.pool)
                .await?;
            if any.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the synthetic demo dataset was imported here (pages say so).
    pub async fn demo_loaded(&self) -> Result<bool, StoreError> {
        let any: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM import_run WHERE actor = 'demo' AND status = 'imported' LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(any.is_some())
    }

    /// Recomputes every aggregate from the records, in one transaction.
    pub async fn rebuild_statistics(&self) -> Result<StatsReport, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut report = StatsReport::default();
        for family in Family::ALL {
            let n = rebuild_family(&mut tx, self.backend, family).await?;
            report.rows.push((family.code().to_owned(), n));
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Compares the maintained aggregates with a recompute from the records; lists up to
    /// `limit` differences.
    pub async fn check_statistics(&self, limit: usize) -> Result<StatsReport, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let mut expected = Tally::default();
        let mut report = StatsReport::default();
        for family in Family::ALL {
            let t = recompute(&mut conn, family).await?;
            report
                .rows
                .push((family.code().to_owned(), t.changes().count()));
            for (k, v) in t.changes() {
                expected.add_row(&k, v);
            }
        }
        let mut found: HashMap<series::TallyKey, i64> = HashMap::new();
        let mut unknown = Vec::new();
        let mut rows =
            sqlx::query("SELECT series, dim, key, month, value FROM stat_value WHERE value <> 0")
                .fetch(&mut *conn);
        while let Some(row) = rows.try_next().await? {
            let name = text(&row, "series")?;
            let dim = text(&row, "dim")?;
            let key = text(&row, "key")?;
            let month = int(&row, "month")?;
            let value = int(&row, "value")?;
            let known = Family::ALL
                .iter()
                .flat_map(|f| f.series().iter().copied())
                .find(|s| *s == name);
            match (known, static_dim(&dim)) {
                (Some(s), Some(d)) => {
                    found.insert((s, d, key, month as i32), value);
                }
                _ => unknown.push(Difference {
                    series: name,
                    dim,
                    key,
                    month,
                    maintained: value,
                    recomputed: 0,
                }),
            }
        }
        drop(rows);
        let mut differences = unknown;
        for (k, v) in expected.changes() {
            let got = found.remove(&k).unwrap_or(0);
            if got != v {
                differences.push(diff(&k, got, v));
            }
        }
        for (k, got) in found {
            differences.push(diff(&k, got, 0));
        }
        differences.sort_by(|a, b| {
            (&a.series, &a.dim, &a.key, a.month).cmp(&(&b.series, &b.dim, &b.key, b.month))
        });
        report.differences_total = differences.len();
        differences.truncate(limit);
        report.differences = differences;
        Ok(report)
    }

    /// An indicator's value for a period, per key of a breakdown (`dim` `""`: the total,
    /// under the key `""`).
    pub async fn indicator_sums(
        &self,
        formula: Formula,
        dim: &'static str,
        period: &Period,
    ) -> Result<Sums, StoreError> {
        let questions = series::questions(formula, period);
        let lookups = lookups(dim, &questions);
        let rows = self.lookup_rows(&lookups).await?;
        let answers = answers(&questions, rows);
        Ok(series::combine(formula, period, answers))
    }

    /// The rows of the statements, on the calling thread where the database is a SQLite
    /// file (see `direct`), else (or if that fails) through the pool.
    async fn lookup_rows(&self, lookups: &[Lookup]) -> Result<Vec<Vec<Triple>>, StoreError> {
        if let Some(reader) = &self.direct {
            match reader.rows(lookups) {
                Ok(rows) => return Ok(rows),
                Err(e) => {
                    tracing::warn!(error = %e, "direct read of figures failed; using the pool")
                }
            }
        }
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(lookups.len());
        for l in lookups {
            let mut q = sqlx::query(&l.sql);
            for b in &l.binds {
                q = match b {
                    Bind::Text(s) => q.bind(*s),
                    Bind::Int(n) => q.bind(*n),
                };
            }
            let mut rows = Vec::new();
            for r in q.fetch_all(&mut *conn).await? {
                rows.push((int(&r, "a")?, text(&r, "key")?, int(&r, "b")?));
            }
            out.push(rows);
        }
        Ok(out)
    }
}

fn diff(k: &series::TallyKey, maintained: i64, recomputed: i64) -> Difference {
    Difference {
        series: k.0.to_owned(),
        dim: k.1.to_owned(),
        key: k.2.clone(),
        month: i64::from(k.3),
        maintained,
        recomputed,
    }
}

/// Breakdowns whose keys are the reference countries.
const COUNTRY_DIMS: [&str; 2] = ["nationality", "destination_country"];

/// The statements that answer the questions, each row (number, key, number): all the sums
/// of a formula in one statement (an indicator such as the people enrolled during a period
/// needs two; one round trip instead of one per sum), any other question in one of its own.
/// A total (`dim` `""`) names its one key, so that the primary key's month range is sought
/// instead of every month of the series read.
fn lookups(dim: &'static str, questions: &[Query]) -> Vec<Lookup> {
    let only_key = if dim.is_empty() { " AND key = ''" } else { "" };
    let sums: Vec<_> = questions
        .iter()
        .filter_map(|q| match q {
            Query::Sum { series, from, to } => Some((*series, *from, *to)),
            _ => None,
        })
        .collect();
    if !sums.is_empty() && sums.len() == questions.len() {
        return vec![sums_lookup(dim, only_key, &sums)];
    }
    questions.iter().map(|q| lookup(dim, only_key, q)).collect()
}

/// The sums of several series over month ranges, per key, in one statement: each row is
/// (the sum's place in `sums`, key, total).
fn sums_lookup(
    dim: &'static str,
    only_key: &str,
    sums: &[(&'static str, Option<i32>, i32)],
) -> Lookup {
    let parts: Vec<String> = (0..sums.len())
        .map(|i| {
            let p = 4 * i;
            format!(
                "SELECT CAST({i} AS BIGINT) AS a, key, CAST(SUM(value) AS BIGINT) AS b \
                 FROM stat_value WHERE series = ${} AND dim = ${}{only_key} \
                 AND month >= ${} AND month <= ${} GROUP BY key",
                p + 1,
                p + 2,
                p + 3,
                p + 4
            )
        })
        .collect();
    let binds = sums
        .iter()
        .flat_map(|(series, from, to)| {
            [
                Bind::Text(series),
                Bind::Text(dim),
                Bind::Int(i64::from(from.unwrap_or(0))),
                Bind::Int(i64::from(*to)),
            ]
        })
        .collect();
    Lookup {
        sql: parts.join(" UNION ALL "),
        binds,
    }
}

fn lookup(dim: &'static str, only_key: &str, q: &Query) -> Lookup {
    match *q {
        Query::Sum { series, from, to } => sums_lookup(dim, only_key, &[(series, from, to)]),
        Query::YearSums { series, to_year } => Lookup {
            sql: format!(
                "SELECT CAST(month / 100 AS BIGINT) AS a, key, CAST(SUM(value) AS BIGINT) AS b \
                 FROM stat_value WHERE series = $1 AND dim = $2{only_key} AND month <= $3 \
                 GROUP BY key, month / 100"
            ),
            binds: vec![
                Bind::Text(series),
                Bind::Text(dim),
                Bind::Int(i64::from(to_year) * 100 + 12),
            ],
        },
        // Every delta of these series is positive, so a key has a positive sum by `to`
        // exactly when it has a positive row by then: one index seek per country.
        Query::PositiveKeys { series, dim, to } if COUNTRY_DIMS.contains(&dim) => Lookup {
            sql: "SELECT CAST(COUNT(*) AS BIGINT) AS a, CAST('' AS TEXT) AS key, \
                  CAST(0 AS BIGINT) AS b FROM country c WHERE EXISTS (SELECT 1 FROM stat_value s \
                  WHERE s.series = $1 AND s.dim = $2 AND s.key = c.alpha2 AND s.month <= $3 \
                  AND s.value > 0)"
                .into(),
            binds: vec![
                Bind::Text(series),
                Bind::Text(dim),
                Bind::Int(i64::from(to)),
            ],
        },
        Query::PositiveKeys { series, dim, to } => Lookup {
            sql: "SELECT CAST(COUNT(*) AS BIGINT) AS a, CAST('' AS TEXT) AS key, \
                  CAST(0 AS BIGINT) AS b FROM (SELECT key FROM stat_value \
                  WHERE series = $1 AND dim = $2 AND month <= $3 GROUP BY key \
                  HAVING SUM(value) > 0) k"
                .into(),
            binds: vec![
                Bind::Text(series),
                Bind::Text(dim),
                Bind::Int(i64::from(to)),
            ],
        },
    }
}

/// The questions' answers from the rows of `lookups(dim, questions)`.
fn answers(questions: &[Query], rows: Vec<Vec<Triple>>) -> Vec<Answer> {
    let all_sums = questions.iter().all(|q| matches!(q, Query::Sum { .. }));
    if all_sums {
        let mut sums: Vec<Sums> = questions.iter().map(|_| Sums::new()).collect();
        for (i, key, total) in rows.into_iter().flatten() {
            if let Some(s) = usize::try_from(i).ok().and_then(|i| sums.get_mut(i)) {
                s.insert(key, total);
            }
        }
        return sums.into_iter().map(Answer::Sums).collect();
    }
    questions
        .iter()
        .zip(rows)
        .map(|(q, rows)| match q {
            Query::Sum { .. } => Answer::Sums(rows.into_iter().map(|(_, k, v)| (k, v)).collect()),
            Query::YearSums { .. } => {
                let mut by: HashMap<String, Vec<(i32, i64)>> = HashMap::new();
                for (year, key, total) in rows {
                    by.entry(key).or_default().push((year as i32, total));
                }
                Answer::YearSums(by)
            }
            Query::PositiveKeys { .. } => Answer::Count(rows.first().map_or(0, |r| r.0)),
        })
        .collect()
}
