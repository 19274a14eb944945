//! What is read of the agreements, and what the figures count: the agreements with their
//! parties, terms and signatories (the coverage register's social security agreements beside
//! them), the instruments and bilateral activities the counting rules take, and the series
//! they contribute to. Reads only: the statistics recompute from here, and nothing here
//! writes or refreshes them.

use crate::{fetch_all_as, int, opt_int, opt_text, text, StoreError};
use chrono::NaiveDate;
use hrx_domain::cooperation::count::{self, Activity, Counted, CountedEvent};
use hrx_domain::cooperation::{
    AgreementKind, ChineseParty, Dates, EndKind, PartnerKind, Reminder, Renewal, RenewalTerm, State,
};
use hrx_domain::statistics::series::Tally;
use serde::Serialize;
use sqlx::any::AnyRow;

pub(crate) fn integrity(e: impl ToString) -> StoreError {
    StoreError::Integrity(e.to_string())
}

pub(crate) fn day(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").map_err(integrity)
}

pub(crate) fn opt_day(value: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    value.as_deref().map(day).transpose()
}

/// A party to an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRef {
    pub code: String,
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    /// A foreign agency's country.
    pub country: Option<String>,
}

/// A signatory, for one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signatory {
    /// `chinese` or `partner`.
    pub side: String,
    pub name: String,
    pub title: String,
}

/// An agreement with its facts, parties and signatories, and its state today.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementRecord {
    /// Empty for a social security agreement of the coverage capability.
    pub id: Option<i64>,
    pub code: String,
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    pub chinese_party: String,
    pub areas: Vec<String>,
    pub partners: Vec<PartnerRef>,
    pub negotiation_started: Option<String>,
    pub initialled_on: Option<String>,
    pub signed_on: Option<String>,
    pub signed_place: String,
    pub entry_into_force_on: Option<String>,
    pub term_months: Option<i64>,
    pub renewal: String,
    pub notice_months: Option<i64>,
    pub notice_given_on: Option<String>,
    /// Renewals by a new signature, each a new term.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub renewals: Vec<RenewalTerm>,
    pub ended: Option<String>,
    pub ended_on: Option<String>,
    pub supersedes: Option<String>,
    pub parent: Option<String>,
    pub document_en: String,
    pub document_zh: String,
    pub source: String,
    /// `shipped`, `officer` or `coverage` (kept by the coverage capability).
    pub origin: String,
    /// The last stage recorded (the kernel's status).
    pub status: String,
    pub status_since: String,
    pub version: i64,
    pub signatories: Vec<Signatory>,
    /// The state today, derived from the dates (R1), and the day it began.
    pub state: String,
    pub state_since: Option<String>,
    /// The last day in force where it will expire then.
    pub expires_after: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub reminder: Option<Reminder>,
}

pub(crate) fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl AgreementRecord {
    pub fn dates(&self) -> Dates {
        let d = |v: &Option<String>| v.as_deref().and_then(|s| s.parse().ok());
        Dates {
            negotiation_started: d(&self.negotiation_started),
            initialled_on: d(&self.initialled_on),
            signed_on: d(&self.signed_on),
            entry_into_force_on: d(&self.entry_into_force_on),
            term_months: self.term_months.and_then(|m| u32::try_from(m).ok()),
            renewal: Renewal::parse(&self.renewal),
            notice_months: self.notice_months.and_then(|m| u32::try_from(m).ok()),
            notice_given_on: d(&self.notice_given_on),
            // The stage recorded is `signed` while the entry into force is awaited.
            pending_entry: self.status == "signed" && self.entry_into_force_on.is_none(),
            renewals: self.renewals.clone(),
            ended: self
                .ended
                .as_deref()
                .and_then(EndKind::parse)
                .zip(d(&self.ended_on)),
        }
    }

    /// Fills the state on `today` from the dates.
    pub fn derive(&mut self, today: NaiveDate) {
        let dates = self.dates();
        let (state, since) = dates.state_on(today);
        self.state = state.code().to_owned();
        self.state_since = opt_date(since);
        self.expires_after = opt_date(dates.expires_after(today));
        self.reminder = dates.expiry_reminder(today);
    }

    /// The state on another day.
    pub fn state_on(&self, day: NaiveDate) -> State {
        self.dates().state_on(day).0
    }

    pub(crate) fn counted(&self) -> Counted {
        let mut countries = Vec::new();
        let mut organisations = Vec::new();
        for p in &self.partners {
            match PartnerKind::parse(&p.kind) {
                Some(PartnerKind::Country) => countries.push(p.code.clone()),
                Some(PartnerKind::ForeignAgency) => countries.extend(p.country.clone()),
                Some(PartnerKind::Organisation | PartnerKind::RegionalForum) => {
                    organisations.push(p.code.clone())
                }
                Some(PartnerKind::Region) | None => {}
            }
        }
        Counted {
            code: self.code.clone(),
            kind: AgreementKind::parse(&self.kind).unwrap_or(AgreementKind::Mou),
            party: ChineseParty::parse(&self.chinese_party).unwrap_or(ChineseParty::Provincial),
            dates: self.dates(),
            countries,
            organisations,
        }
    }
}

fn split(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn row(r: &AnyRow) -> Result<AgreementRecord, StoreError> {
    Ok(AgreementRecord {
        id: Some(int(r, "id")?),
        code: text(r, "code")?,
        kind: text(r, "kind")?,
        title_en: text(r, "title_en")?,
        title_zh: text(r, "title_zh")?,
        chinese_party: text(r, "chinese_party")?,
        areas: split(&text(r, "areas")?),
        partners: Vec::new(),
        negotiation_started: opt_text(r, "negotiation_started")?,
        initialled_on: opt_text(r, "initialled_on")?,
        signed_on: opt_text(r, "signed_on")?,
        signed_place: text(r, "signed_place")?,
        entry_into_force_on: opt_text(r, "entry_into_force_on")?,
        term_months: opt_int(r, "term_months")?,
        renewal: text(r, "renewal")?,
        notice_months: opt_int(r, "notice_months")?,
        notice_given_on: opt_text(r, "notice_given_on")?,
        renewals: Vec::new(),
        ended: opt_text(r, "ended")?,
        ended_on: opt_text(r, "ended_on")?,
        supersedes: opt_text(r, "supersedes")?,
        parent: opt_text(r, "parent")?,
        document_en: text(r, "document_en")?,
        document_zh: text(r, "document_zh")?,
        source: text(r, "source")?,
        origin: text(r, "origin")?,
        status: text(r, "status")?,
        status_since: text(r, "status_since")?,
        version: int(r, "version")?,
        signatories: Vec::new(),
        state: String::new(),
        state_since: None,
        expires_after: None,
        reminder: None,
    })
}

/// Agreements (one, or all in code order) with their parties, terms and signatories: four
/// statements whatever the number.
pub(crate) async fn load(
    conn: &mut sqlx::AnyConnection,
    id: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<AgreementRecord>, StoreError> {
    let only = if id.is_some() { " WHERE a.id = $1" } else { "" };
    let sql = format!(
        "SELECT a.*, s.code AS supersedes, p.code AS parent FROM coop_agreement a \
         LEFT JOIN coop_agreement s ON s.id = a.supersedes_id \
         LEFT JOIN coop_agreement p ON p.id = a.parent_id{only} ORDER BY a.code"
    );
    let mut records = fetch_all_as(&mut *conn, sqlx::query(&sql).bind(id), row).await?;
    let only = if id.is_some() {
        " WHERE x.agreement_id = $1"
    } else {
        ""
    };
    let sql = format!(
        "SELECT x.agreement_id, p.code, p.kind, p.name_en, p.name_zh, p.country \
         FROM coop_agreement_party x JOIN coop_partner p ON p.id = x.partner_id{only} ORDER BY p.code"
    );
    let parties = fetch_all_as(&mut *conn, sqlx::query(&sql).bind(id), |r| {
        Ok((
            int(r, "agreement_id")?,
            PartnerRef {
                code: text(r, "code")?,
                kind: text(r, "kind")?,
                name_en: text(r, "name_en")?,
                name_zh: text(r, "name_zh")?,
                country: opt_text(r, "country")?,
            },
        ))
    })
    .await?;
    let sql = format!(
        "SELECT x.agreement_id, x.signed_on, x.starts_on, x.months FROM coop_agreement_term x{only} \
         ORDER BY x.term_no"
    );
    let terms = fetch_all_as(&mut *conn, sqlx::query(&sql).bind(id), |r| {
        Ok((
            int(r, "agreement_id")?,
            RenewalTerm {
                signed_on: day(&text(r, "signed_on")?)?,
                starts_on: day(&text(r, "starts_on")?)?,
                months: opt_int(r, "months")?.and_then(|m| u32::try_from(m).ok()),
            },
        ))
    })
    .await?;
    let sql = format!(
        "SELECT x.agreement_id, x.side, x.name, x.title FROM coop_signatory x{only} ORDER BY x.id"
    );
    let signatories = fetch_all_as(&mut *conn, sqlx::query(&sql).bind(id), |r| {
        Ok((
            int(r, "agreement_id")?,
            Signatory {
                side: text(r, "side")?,
                name: text(r, "name")?,
                title: text(r, "title")?,
            },
        ))
    })
    .await?;
    for a in &mut records {
        let own = a.id.unwrap_or_default();
        a.partners = parties
            .iter()
            .filter(|(i, _)| *i == own)
            .map(|(_, p)| p.clone())
            .collect();
        a.renewals = terms
            .iter()
            .filter(|(i, _)| *i == own)
            .map(|(_, t)| t.clone())
            .collect();
        a.signatories = signatories
            .iter()
            .filter(|(i, _)| *i == own)
            .map(|(_, s)| s.clone())
            .collect();
        a.derive(today);
    }
    Ok(records)
}

/// The coverage capability's social security agreements, as agreements of their partners.
pub(crate) async fn social_security(
    conn: &mut sqlx::AnyConnection,
    today: NaiveDate,
) -> Result<Vec<AgreementRecord>, StoreError> {
    let query = sqlx::query(
        "SELECT a.code, a.partner_iso2, a.signed, a.in_force, a.in_force_until, a.source, a.version, \
         c.name_en, c.name_zh FROM coverage_agreement a JOIN country c ON c.alpha2 = a.partner_iso2 \
         ORDER BY a.code",
    );
    let mut out = fetch_all_as(&mut *conn, query, |r| {
        let until = opt_day(opt_text(r, "in_force_until")?.filter(|s| !s.is_empty()))?;
        let name_en = text(r, "name_en")?;
        let name_zh = text(r, "name_zh")?;
        Ok(AgreementRecord {
            id: None,
            code: text(r, "code")?,
            kind: AgreementKind::SocialSecurity.code().to_owned(),
            title_en: format!("Social security agreement between China and {name_en}"),
            title_zh: format!("中国与{name_zh}社会保障协定"),
            chinese_party: ChineseParty::Government.code().to_owned(),
            areas: vec!["social_security".to_owned()],
            partners: vec![PartnerRef {
                code: text(r, "partner_iso2")?,
                kind: PartnerKind::Country.code().to_owned(),
                name_en,
                name_zh,
                country: None,
            }],
            negotiation_started: None,
            initialled_on: None,
            signed_on: Some(text(r, "signed")?),
            signed_place: String::new(),
            // Signed and not yet in force where the register gives no entry into force.
            entry_into_force_on: Some(text(r, "in_force")?).filter(|d| !d.is_empty()),
            term_months: None,
            renewal: Renewal::None.code().to_owned(),
            notice_months: None,
            notice_given_on: None,
            renewals: Vec::new(),
            ended: until.map(|_| EndKind::Superseded.code().to_owned()),
            ended_on: until
                .and_then(|u| u.checked_add_days(chrono::Days::new(1)))
                .map(|d| d.to_string()),
            supersedes: None,
            parent: None,
            document_en: String::new(),
            document_zh: String::new(),
            source: text(r, "source")?,
            origin: "coverage".into(),
            status: if text(r, "in_force")?.is_empty() {
                "signed".into()
            } else {
                "in_force".into()
            },
            status_since: String::new(),
            version: int(r, "version")?,
            signatories: Vec::new(),
            state: String::new(),
            state_since: None,
            expires_after: None,
            reminder: None,
        })
    })
    .await?;
    for a in &mut out {
        a.derive(today);
        a.status = a.state.clone();
    }
    Ok(out)
}

/// Today by the clock, for what a case type's load derives (a caller with a business date
/// re-derives with it).
pub(crate) fn wall_today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Every series figure and page reads the same counted instruments (their facts, not a
/// state on a day).
pub(crate) async fn counted(conn: &mut sqlx::AnyConnection) -> Result<Vec<Counted>, StoreError> {
    let today = wall_today();
    let mut out: Vec<Counted> = load(conn, None, today)
        .await?
        .iter()
        .map(AgreementRecord::counted)
        .collect();
    out.extend(
        social_security(conn, today)
            .await?
            .iter()
            .map(AgreementRecord::counted),
    );
    Ok(out)
}

/// The bilateral activities of the secondary definition: projects with a country partner,
/// events with a country as organiser or counterpart.
pub(crate) async fn activities(
    conn: &mut sqlx::AnyConnection,
) -> Result<Vec<Activity>, StoreError> {
    let query = sqlx::query(
        "SELECT p.code AS country, e.id, e.name_en, e.starts_on, e.ends_on \
         FROM coop_event_partner ep JOIN coop_event e ON e.id = ep.event_id \
         JOIN coop_partner p ON p.id = ep.partner_id \
         WHERE p.kind = 'country' AND ep.role IN ('organiser', 'counterpart')",
    );
    let mut out = fetch_all_as(&mut *conn, query, |r| {
        let from = day(&text(r, "starts_on")?)?;
        Ok(Activity {
            kind: "event",
            reference: format!("{} {}", int(r, "id")?, text(r, "name_en")?),
            country: text(r, "country")?,
            from,
            until: Some(opt_day(opt_text(r, "ends_on")?)?.unwrap_or(from)),
        })
    })
    .await?;
    let query = sqlx::query(
        "SELECT p.code AS country, j.code, j.starts_on, j.actual_end_on FROM coop_project j \
         JOIN coop_partner p ON p.id = j.partner_id WHERE p.kind = 'country' AND j.starts_on IS NOT NULL",
    );
    out.extend(
        fetch_all_as(&mut *conn, query, |r| {
            Ok(Activity {
                kind: "project",
                reference: text(r, "code")?,
                country: text(r, "country")?,
                from: day(&text(r, "starts_on")?)?,
                until: opt_day(opt_text(r, "actual_end_on")?)?,
            })
        })
        .await?,
    );
    Ok(out)
}

/// What the cooperation records contribute to the series, recomputed from them all.
pub(crate) async fn tally(conn: &mut sqlx::AnyConnection) -> Result<Tally, StoreError> {
    let agreements = counted(conn).await?;
    let query = sqlx::query("SELECT starts_on, kind FROM coop_event");
    let events = fetch_all_as(&mut *conn, query, |r| {
        Ok(CountedEvent {
            starts_on: day(&text(r, "starts_on")?)?,
            kind: text(r, "kind")?,
        })
    })
    .await?;
    let horizon = wall_today();
    let mut tally = Tally::default();
    tally.add(&count::contributions(&agreements, &events, horizon), 1);
    Ok(tally)
}
