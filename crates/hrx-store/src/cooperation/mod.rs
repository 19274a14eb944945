//! International cooperation: partners and their contacts, agreements on the case kernel
//! (with the coverage capability's social security agreements read from its own table,
//! not copied), projects, events with their delegations, outcomes and follow-up actions,
//! the timeline, the counting rules and what they contribute to the statistics.

mod agreements;
mod events;
mod import;
mod projects;
pub(crate) mod records;
mod timeline;

pub type DelegateRecord = LinkedPerson;
pub use agreements::{AgreementStep, CoopAgreement};
pub use events::{
    CoopFollowUp, EventFilter, EventRecord, FollowUpInput, FollowUpRecord, NewEvent, OutcomeInput,
    OutcomeRecord,
};
pub use import::{EventImportOptions, KIND as EVENTS_IMPORT_KIND};
pub use projects::{ProjectFields, ProjectRecord};
pub use records::{AgreementRecord, PartnerRef, Signatory};
pub use timeline::{TimelineEntry, TimelineFilter, ENTRY_KINDS};

use crate::statistics::rebuild_family;
use crate::{fetch_all_as, fetch_optional_as, int, now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::cooperation::count::{self, Partner};
use hrx_domain::cooperation::{data, PartnerKind, REGIONS};
use hrx_domain::reference::reference;
use hrx_domain::statistics::series::Family;
use hrx_domain::FieldErrors;
use records::{activities, counted, integrity};
use serde::Serialize;
use sqlx::any::AnyRow;

/// A partner on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRecord {
    pub id: i64,
    /// ISO 3166 alpha-2 for countries and regions; the acronym for organisations.
    pub code: String,
    /// `country`, `international_organisation`, `regional_forum`, `foreign_agency`, `region`.
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    /// A foreign agency's country.
    pub country: Option<String>,
    pub source: String,
}

/// A person of the registry linked to a partner (a focal point or contact, with a title) or
/// to an event (a delegate, with a role).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedPerson {
    pub id: i64,
    pub person_id: i64,
    pub name_native: Option<String>,
    pub name_latin: Option<String>,
    /// `focal_point` or `contact`; a delegate's `head`, `deputy`, `member`, `interpreter` or
    /// `expert`.
    pub role: String,
    /// A contact's title (empty for delegates).
    pub title: String,
}

/// A focal point or contact of a partner.
pub type ContactRecord = LinkedPerson;

/// The persons a table links to its owner (`coop_contact` by `partner_id`, `coop_delegate` by
/// `event_id`), in the order they were added.
pub(crate) async fn linked_persons(
    conn: &mut sqlx::AnyConnection,
    (table, owner): (&str, &str),
    owner_id: i64,
) -> Result<Vec<LinkedPerson>, StoreError> {
    let title = if table == "coop_contact" {
        "x.title"
    } else {
        "''"
    };
    let sql = format!(
        "SELECT x.id, x.person_id, x.role, {title} AS title, p.name_native, p.name_latin \
         FROM {table} x JOIN person p ON p.id = x.person_id WHERE x.{owner} = $1 ORDER BY x.id"
    );
    fetch_all_as(&mut *conn, sqlx::query(&sql).bind(owner_id), |r| {
        Ok(LinkedPerson {
            id: int(r, "id")?,
            person_id: int(r, "person_id")?,
            name_native: opt_text(r, "name_native")?,
            name_latin: opt_text(r, "name_latin")?,
            role: text(r, "role")?,
            title: text(r, "title")?,
        })
    })
    .await
}

const CONTACTS: (&str, &str) = ("coop_contact", "partner_id");

/// The roles of a partner's contacts.
pub const CONTACT_ROLES: [&str; 2] = ["focal_point", "contact"];

/// A partner counted on a day, with its names.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedPartner {
    pub code: String,
    pub name: String,
    pub name_zh: String,
    pub since: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub basis: Vec<count::Basis>,
}

fn partner(row: &AnyRow) -> Result<PartnerRecord, StoreError> {
    Ok(PartnerRecord {
        id: int(row, "id")?,
        code: text(row, "code")?,
        kind: text(row, "kind")?,
        name_en: text(row, "name_en")?,
        name_zh: text(row, "name_zh")?,
        country: opt_text(row, "country")?,
        source: text(row, "source")?,
    })
}

/// The partner a code names: one on record, or a country or region of ISO 3166 recorded now
/// (its names from the reference table). `None` for an unknown code.
pub(crate) async fn partner_for_code(
    tx: &mut sqlx::AnyConnection,
    code: &str,
    actor: &str,
) -> Result<Option<PartnerRecord>, StoreError> {
    let code = code.trim().to_ascii_uppercase();
    let query = sqlx::query("SELECT * FROM coop_partner WHERE code = $1").bind(code.clone());
    if let Some(found) = fetch_optional_as(&mut *tx, query, partner).await? {
        return Ok(Some(found));
    }
    let Some(country) = reference().country(&code).filter(|c| c.alpha2 != "CN") else {
        return Ok(None);
    };
    let kind = if REGIONS.contains(&country.alpha2.as_str()) {
        PartnerKind::Region
    } else {
        PartnerKind::Country
    };
    let query = sqlx::query(
        "INSERT INTO coop_partner (code, kind, name_en, name_zh, country, source, created_by, created_at) \
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7) RETURNING *",
    )
    .bind(country.alpha2.clone())
    .bind(kind.code())
    .bind(country.name_en.clone())
    .bind(country.name_zh.clone())
    .bind("ISO 3166-1 (data/countries.csv)")
    .bind(actor)
    .bind(now());
    fetch_optional_as(&mut *tx, query, partner).await
}

/// What an administrator gives to add an organisation or a foreign agency.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewPartner {
    pub code: String,
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    /// A foreign agency's country (ISO alpha-2).
    pub country: String,
    pub source: String,
}

/// Refreshes the cooperation series in the caller's transaction.
pub(crate) async fn refresh(store: &Store, tx: &mut Tx) -> Result<(), StoreError> {
    rebuild_family(tx, store.backend(), Family::Cooperation).await?;
    Ok(())
}

/// Loads the shipped organisations, instruments and events: new ones are added, the ones
/// there are kept (as are an officer's changes to them).
pub(crate) async fn load_shipped(store: &Store, tx: &mut Tx) -> Result<(), StoreError> {
    let at = now();
    for o in data::organisations().map_err(StoreError::Integrity)? {
        sqlx::query(
            "INSERT INTO coop_partner (code, kind, name_en, name_zh, country, source, created_by, created_at) \
             VALUES ($1, $2, $3, $4, NULL, $5, 'system', $6) ON CONFLICT (code) DO NOTHING",
        )
        .bind(o.acronym.clone())
        .bind(o.kind().code())
        .bind(o.name_en.clone())
        .bind(o.name_zh.clone())
        .bind(format!("data/cooperation/organisations.csv: {}", o.source))
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    let today = chrono::Utc::now().date_naive();
    for a in data::shipped_agreements().map_err(StoreError::Integrity)? {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM coop_agreement WHERE code = $1")
                .bind(a.code.clone())
                .fetch_optional(&mut **tx)
                .await?;
        if known.is_none() {
            agreements::insert(tx, "system", &a, "shipped", today).await?;
        }
    }
    for (_, e) in data::shipped_events().map_err(StoreError::Integrity)? {
        events::upsert_event(tx, "system", &e, "shipped").await?;
    }
    refresh(store, tx).await
}

impl Store {
    /// Every partner on record, by kind then name.
    pub async fn coop_partners(
        &self,
        kind: Option<&str>,
    ) -> Result<Vec<PartnerRecord>, StoreError> {
        let query = match kind {
            Some(k) => sqlx::query("SELECT * FROM coop_partner WHERE kind = $1 ORDER BY name_en")
                .bind(k.to_owned()),
            None => sqlx::query("SELECT * FROM coop_partner ORDER BY kind, name_en"),
        };
        fetch_all_as(&self.pool, query, partner).await
    }

    /// A partner by its code; a country of ISO 3166 not on record yet is answered as it
    /// would be recorded (id 0), so that its page shows what links to it.
    pub async fn coop_partner(&self, code: &str) -> Result<Option<PartnerRecord>, StoreError> {
        let code = code.trim().to_ascii_uppercase();
        let query = sqlx::query("SELECT * FROM coop_partner WHERE code = $1").bind(code.clone());
        if let Some(p) = fetch_optional_as(&self.pool, query, partner).await? {
            return Ok(Some(p));
        }
        Ok(reference()
            .country(&code)
            .filter(|c| c.alpha2 != "CN")
            .map(|c| PartnerRecord {
                id: 0,
                code: c.alpha2.clone(),
                kind: if REGIONS.contains(&c.alpha2.as_str()) {
                    PartnerKind::Region
                } else {
                    PartnerKind::Country
                }
                .code()
                .to_owned(),
                name_en: c.name_en.clone(),
                name_zh: c.name_zh.clone(),
                country: None,
                source: "ISO 3166-1 (data/countries.csv)".into(),
            }))
    }

    /// Records a partner: a country or region by its ISO code (names from the reference
    /// table), or an organisation, regional forum or foreign agency with its names.
    pub async fn add_coop_partner(
        &self,
        actor: &str,
        input: &NewPartner,
    ) -> Result<PartnerRecord, StoreError> {
        let mut e = FieldErrors::new();
        let kind = match PartnerKind::parse(&input.kind) {
            Some(k) => Some(k),
            None => {
                e.add(
                    "kind",
                    if input.kind.trim().is_empty() {
                        "required"
                    } else {
                        "unknown_value"
                    },
                );
                None
            }
        };
        let mut tx = self.begin_write().await?;
        if matches!(kind, Some(PartnerKind::Country | PartnerKind::Region)) {
            if reference()
                .country(&input.code)
                .filter(|c| c.alpha2 != "CN")
                .is_none()
            {
                e.add("code", "unknown_country");
            }
            e.into_result().map_err(StoreError::Invalid)?;
            let record = partner_for_code(&mut tx, &input.code, actor)
                .await?
                .ok_or(StoreError::UnknownReference { field: "code" })?;
            return self
                .commit_created(tx, actor, ("coop_partner", record.id), record)
                .await;
        }
        let code = hrx_domain::cooperation::check_code(&input.code)
            .map_err(|c| e.add("code", c))
            .unwrap_or_default();
        let name_en = e.text("name_en", &input.name_en, 200);
        let name_zh = e.text("name_zh", &input.name_zh, 200);
        let source = e.text("source", &input.source, 1000);
        let country = if kind == Some(PartnerKind::ForeignAgency) {
            let c = reference()
                .country(&input.country)
                .map(|c| c.alpha2.clone());
            if c.is_none() {
                e.add("country", "unknown_country");
            }
            c
        } else {
            None
        };
        e.into_result().map_err(StoreError::Invalid)?;
        let kind = kind.ok_or(StoreError::UnknownReference { field: "kind" })?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM coop_partner WHERE code = $1")
            .bind(code.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate { field: "code" });
        }
        let query = sqlx::query(
            "INSERT INTO coop_partner (code, kind, name_en, name_zh, country, source, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(code)
        .bind(kind.code())
        .bind(name_en)
        .bind(name_zh)
        .bind(country)
        .bind(source)
        .bind(actor)
        .bind(now());
        let record = fetch_optional_as(&mut *tx, query, partner)
            .await?
            .ok_or_else(|| integrity("the partner was not recorded"))?;
        self.commit_created(tx, actor, ("coop_partner", record.id), record)
            .await
    }

    /// Adds a focal point or contact (a person of the registry) to a partner.
    pub async fn add_coop_contact(
        &self,
        actor: &str,
        code: &str,
        person_id: i64,
        role: &str,
        title: &str,
    ) -> Result<ContactRecord, StoreError> {
        let mut e = FieldErrors::new();
        if !CONTACT_ROLES.contains(&role) {
            e.add("role", "unknown_value");
        }
        let title = e.text(
            "title",
            if title.trim().is_empty() { "-" } else { title },
            200,
        );
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let partner = partner_for_code(&mut tx, code, actor)
            .await?
            .ok_or(StoreError::NotFound)?;
        crate::require_id(&mut tx, "person", person_id, "person_id").await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coop_contact (partner_id, person_id, role, title, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(partner.id)
        .bind(person_id)
        .bind(role)
        .bind(title)
        .bind(actor)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::from_constraint(e, &[("coop_contact", "person_id")]))?;
        let record = linked_persons(&mut tx, CONTACTS, partner.id)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("coop_contact", id), record)
            .await
    }

    /// A partner's contacts.
    pub async fn coop_contacts(&self, partner_id: i64) -> Result<Vec<ContactRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        linked_persons(&mut conn, CONTACTS, partner_id).await
    }

    /// The partners counted on `as_of` (headline definition), or in the year of `as_of`
    /// under the secondary definition; `kind` is `country` or `international_organisation`.
    pub async fn counted_partners(
        &self,
        as_of: NaiveDate,
        kind: PartnerKind,
        secondary: bool,
    ) -> Result<Vec<CountedPartner>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let agreements = counted(&mut conn).await?;
        let partners: Vec<Partner> = match (kind, secondary) {
            (PartnerKind::Country, false) => count::partner_countries(&agreements, as_of),
            (PartnerKind::Country, true) => count::partner_countries_active_in_year(
                &agreements,
                &activities(&mut conn).await?,
                chrono::Datelike::year(&as_of),
            ),
            _ => count::partner_organisations(&agreements, as_of),
        };
        let names = self.coop_partners(None).await?;
        Ok(partners
            .into_iter()
            .map(|p| {
                let (en, zh) = names
                    .iter()
                    .find(|n| n.code == p.code)
                    .map(|n| (n.name_en.clone(), n.name_zh.clone()))
                    .or_else(|| {
                        reference()
                            .country(&p.code)
                            .map(|c| (c.name_en.clone(), c.name_zh.clone()))
                    })
                    .unwrap_or_else(|| (p.code.clone(), p.code.clone()));
                CountedPartner {
                    code: p.code,
                    name: en,
                    name_zh: zh,
                    since: p.since.to_string(),
                    basis: p.basis,
                }
            })
            .collect())
    }
}
