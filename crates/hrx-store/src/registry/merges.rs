//! Merging two person records that are one human, and undoing it. A merge moves every record
//! of every capability from the merged person to the survivor in one transaction with its
//! audit entry and the statistics counted in persons; the merged person's row stays, pointing
//! at the survivor. What was moved is kept, so an undo moves exactly that back.

use super::keys::{delete_keys, insert_keys, keys_of, write_terms};
use super::persons::{load, PersonRecord};
use crate::audit::Change;
use crate::statistics::Refresh;
use crate::{int, now, opt_text, text, Store, StoreError, Tx};
use hrx_domain::access::Scope;
use hrx_domain::statistics::series::Family;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every table whose rows name a person, besides the registry's own (search terms, blocking
/// keys, the work-permit number). A test checks it against the schema's foreign keys.
pub const LINKED_TABLES: [&str; 21] = [
    "identity_document",
    "app_user",
    "work_permit",
    "work_permit_application",
    "study_abroad",
    "foreign_student",
    "overseas_credential",
    "startup_application",
    "coverage_certificate",
    "coop_contact",
    "coop_delegate",
    "training_nomination",
    "training_member",
    "training_participation",
    "io_roster_entry",
    "io_recommendation",
    "io_serving_record",
    "io_exam_candidate",
    "award_nomination",
    "award_laureate",
    "expert_engagement",
];

/// The fields a merge may take from the merged record instead of the survivor's.
pub const MERGE_FIELDS: [&str; 6] = [
    "name_native",
    "name_latin",
    "sex",
    "birth_date",
    "nationality",
    "organisation_id",
];

/// A merge as kept: who survived, who was merged, what moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRecord {
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    pub taken: Vec<String>,
    /// Row ids moved, by table.
    pub moved: BTreeMap<String, Vec<i64>>,
    pub permit_moved: bool,
    pub merged_at: String,
    pub merged_by: String,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
}

/// The survivor's own fields, as they were before a merge.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Fields {
    name_native: Option<String>,
    name_latin: Option<String>,
    sex: String,
    birth_date: String,
    nationality: String,
    organisation_id: Option<i64>,
}

impl Fields {
    fn of(p: &PersonRecord) -> Fields {
        Fields {
            name_native: p.name_native.clone(),
            name_latin: p.name_latin.clone(),
            sex: p.sex.clone(),
            birth_date: p.birth_date.clone(),
            nationality: p.nationality.clone(),
            organisation_id: p.organisation_id,
        }
    }

    fn take(&mut self, field: &str, from: &Fields) {
        match field {
            "name_native" => self.name_native.clone_from(&from.name_native),
            "name_latin" => self.name_latin.clone_from(&from.name_latin),
            "sex" => self.sex.clone_from(&from.sex),
            "birth_date" => self.birth_date.clone_from(&from.birth_date),
            "nationality" => self.nationality.clone_from(&from.nationality),
            "organisation_id" => self.organisation_id = from.organisation_id,
            _ => {}
        }
    }
}

fn refused(code: &'static str, detail: impl Into<String>) -> StoreError {
    StoreError::Refused {
        code,
        detail: detail.into(),
    }
}

impl Store {
    /// Merges `merged` into `survivor`, the survivor taking the fields named in `take` from
    /// the merged record. Refused when either is missing or merged already, when they are
    /// the same, or when both hold a record that may exist once per person (the same event's
    /// delegation, the roster ...): nothing is written then.
    pub async fn merge_persons(
        &self,
        actor: &str,
        survivor: i64,
        merged: i64,
        take: &[String],
    ) -> Result<MergeRecord, StoreError> {
        if survivor == merged {
            return Err(refused(
                "same_person",
                "a person cannot be merged into itself",
            ));
        }
        if let Some(unknown) = take.iter().find(|f| !MERGE_FIELDS.contains(&f.as_str())) {
            return Err(refused("unknown_field", format!("no field {unknown}")));
        }
        let mut tx = self.begin_write().await?;
        for id in [survivor.min(merged), survivor.max(merged)] {
            self.locked_version(&mut tx, "person", id)
                .await?
                .ok_or(StoreError::NotFound)?;
        }
        let before = live(&mut tx, survivor).await?;
        let gone = live(&mut tx, merged).await?;
        let refresh =
            Refresh::begin(&mut tx, self.backend, &Family::ALL, [survivor, merged]).await?;

        let mut moved: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for table in LINKED_TABLES {
            let ids: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT id FROM {table} WHERE person_id = $1 ORDER BY id"
            ))
            .bind(merged)
            .fetch_all(&mut *tx)
            .await?;
            if ids.is_empty() {
                continue;
            }
            sqlx::query(&format!(
                "UPDATE {table} SET person_id = $1 WHERE person_id = $2"
            ))
            .bind(survivor)
            .bind(merged)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict(e, table))?;
            moved.insert(table.to_owned(), ids);
        }
        let permit_moved = move_permit_number(&mut tx, merged, survivor).await?;

        let mut fields = Fields::of(&before);
        let theirs = Fields::of(&gone);
        for field in take {
            fields.take(field, &theirs);
        }
        write_fields(&mut tx, survivor, &fields).await?;
        sqlx::query("UPDATE person SET merged_into = $1, version = version + 1, updated_at = $2 WHERE id = $3")
            .bind(survivor)
            .bind(now())
            .bind(merged)
            .execute(&mut *tx)
            .await?;
        // The survivor is found by either record's names from now on; the merged by none.
        reindex(&mut tx, self.numbered(), merged, &[&gone], &[]).await?;
        reindex(
            &mut tx,
            self.numbered(),
            survivor,
            &[&before],
            &[&before, &gone],
        )
        .await?;
        refresh.finish(&mut tx).await?;

        let at = now();
        let row = sqlx::query(
            "INSERT INTO person_merge (survivor_id, merged_id, survivor_before, taken, moved, permit_moved, merged_at, merged_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(survivor)
        .bind(merged)
        .bind(serde_json::to_string(&Fields::of(&before)).unwrap_or_default())
        .bind(serde_json::to_string(take).unwrap_or_default())
        .bind(serde_json::to_string(&moved).unwrap_or_default())
        .bind(i64::from(permit_moved))
        .bind(&at)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
        let record = MergeRecord {
            id: int(&row, "id")?,
            survivor_id: survivor,
            merged_id: merged,
            taken: take.to_vec(),
            moved,
            permit_moved,
            merged_at: at,
            merged_by: actor.to_owned(),
            undone_at: None,
            undone_by: None,
        };
        let after = load(&mut tx, survivor, Scope::All).await?;
        let audit = serde_json::json!({"merge": &record, "survivor_before": before, "merged": gone, "survivor_after": after});
        self.commit_audited(
            tx,
            Change::created(actor, "person_merge", record.id, &audit),
        )
        .await?;
        Ok(record)
    }

    /// Undoes a merge: the records it moved go back to the merged person, the survivor's
    /// fields are as before it, and the merged person is a person again. Records added to the
    /// survivor since stay with the survivor.
    pub async fn unmerge_persons(&self, actor: &str, id: i64) -> Result<MergeRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut merge = merge_record(&mut tx, id, self.for_update())
            .await?
            .ok_or(StoreError::NotFound)?;
        if merge.undone_at.is_some() {
            return Err(refused("already_undone", "this merge was undone already"));
        }
        let (survivor, merged) = (merge.survivor_id, merge.merged_id);
        let survivor_now = live(&mut tx, survivor).await.map_err(|_| {
            refused(
                "survivor_merged",
                "the survivor was merged into another person since: undo that merge first",
            )
        })?;
        let before: Fields = sqlx::query_scalar::<_, String>(
            "SELECT survivor_before FROM person_merge WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| refused("unreadable", "the merge's record cannot be read"))?;
        let refresh =
            Refresh::begin(&mut tx, self.backend, &Family::ALL, [survivor, merged]).await?;
        for (table, ids) in &merge.moved {
            let Some(table) = LINKED_TABLES.iter().find(|t| *t == table) else {
                continue;
            };
            for chunk in ids.chunks(500) {
                let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
                sqlx::query(&format!(
                    "UPDATE {table} SET person_id = $1 WHERE person_id = $2 AND id IN ({})",
                    list.join(", ")
                ))
                .bind(merged)
                .bind(survivor)
                .execute(&mut *tx)
                .await
                .map_err(|e| conflict(e, table))?;
            }
        }
        if merge.permit_moved {
            move_permit_number(&mut tx, survivor, merged).await?;
        }
        write_fields(&mut tx, survivor, &before).await?;
        sqlx::query("UPDATE person SET merged_into = NULL, version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(now())
            .bind(merged)
            .execute(&mut *tx)
            .await?;
        let merged_now = load(&mut tx, merged, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        let survivor_after = load(&mut tx, survivor, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        reindex(&mut tx, self.numbered(), merged, &[], &[&merged_now]).await?;
        reindex(
            &mut tx,
            self.numbered(),
            survivor,
            &[&survivor_now, &merged_now, &survivor_after],
            &[&survivor_after],
        )
        .await?;
        refresh.finish(&mut tx).await?;
        let at = now();
        sqlx::query("UPDATE person_merge SET undone_at = $1, undone_by = $2 WHERE id = $3")
            .bind(&at)
            .bind(actor)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let before_undo = merge.clone();
        merge.undone_at = Some(at);
        merge.undone_by = Some(actor.to_owned());
        self.commit_audited(
            tx,
            Change::updated(actor, "unmerge", "person_merge", id, &before_undo, &merge),
        )
        .await?;
        Ok(merge)
    }

    /// One merge, as kept.
    pub async fn person_merge(&self, id: i64) -> Result<Option<MergeRecord>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let found = merge_record(&mut tx, id, "").await?;
        tx.commit().await?;
        Ok(found)
    }

    fn numbered(&self) -> bool {
        self.backend == crate::Backend::Postgres
    }
}

/// A person who exists and was not merged into another.
async fn live(tx: &mut Tx, id: i64) -> Result<PersonRecord, StoreError> {
    let person = load(tx, id, Scope::All)
        .await?
        .ok_or(StoreError::NotFound)?;
    let merged_into: Option<i64> =
        sqlx::query_scalar("SELECT merged_into FROM person WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    match merged_into {
        Some(into) => Err(refused(
            "merged_already",
            format!("person {id} was merged into person {into}"),
        )),
        None => Ok(person),
    }
}

fn conflict(error: sqlx::Error, table: &str) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        if db.is_unique_violation() {
            return refused(
                "merge_conflict",
                format!("both persons hold a record of {table} that a person may hold once: resolve it first"),
            );
        }
    }
    StoreError::from(error)
}

/// Moves `from`'s work-permit number to `to` when `to` has none; answers whether it moved.
async fn move_permit_number(tx: &mut Tx, from: i64, to: i64) -> Result<bool, StoreError> {
    let theirs: Option<String> =
        sqlx::query_scalar("SELECT number FROM person_permit_number WHERE person_id = $1")
            .bind(from)
            .fetch_optional(&mut **tx)
            .await?;
    let ours: Option<String> =
        sqlx::query_scalar("SELECT number FROM person_permit_number WHERE person_id = $1")
            .bind(to)
            .fetch_optional(&mut **tx)
            .await?;
    if theirs.is_none() || ours.is_some() {
        return Ok(false);
    }
    sqlx::query("UPDATE person_permit_number SET person_id = $1 WHERE person_id = $2")
        .bind(to)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

async fn write_fields(tx: &mut Tx, id: i64, f: &Fields) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE person SET name_native = $1, name_latin = $2, sex = $3, birth_date = $4, nationality = $5, \
         organisation_id = $6, version = version + 1, updated_at = $7 WHERE id = $8",
    )
    .bind(f.name_native.clone())
    .bind(f.name_latin.clone())
    .bind(f.sex.clone())
    .bind(f.birth_date.clone())
    .bind(f.nationality.clone())
    .bind(f.organisation_id)
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rewrites a person's search terms and blocking keys from the names and birth dates of
/// `records` (none: the person is found by nothing); `held` are the records whose keys the
/// person holds now.
async fn reindex(
    tx: &mut Tx,
    numbered: bool,
    id: i64,
    held: &[&PersonRecord],
    records: &[&PersonRecord],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM person_search_term WHERE person_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let held: Vec<(Option<&str>, Option<&str>, &str)> = held
        .iter()
        .map(|r| {
            (
                r.name_native.as_deref(),
                r.name_latin.as_deref(),
                r.birth_date.as_str(),
            )
        })
        .collect();
    delete_keys(tx, id, &held).await?;
    let names: Vec<&str> = records
        .iter()
        .flat_map(|r| [r.name_native.as_deref(), r.name_latin.as_deref()])
        .flatten()
        .collect();
    write_terms(tx, id, &names).await?;
    let mut keys = Vec::new();
    for r in records {
        let of = keys_of(
            r.name_native.as_deref(),
            r.name_latin.as_deref(),
            &r.birth_date,
        );
        keys.extend(of.into_iter().map(|k| (k, id)));
    }
    insert_keys(tx, numbered, keys).await
}

async fn merge_record(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    lock: &str,
) -> Result<Option<MergeRecord>, StoreError> {
    let Some(row) = sqlx::query(&format!(
        "SELECT id, survivor_id, merged_id, taken, moved, permit_moved, merged_at, merged_by, undone_at, undone_by \
         FROM person_merge WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(MergeRecord {
        id: int(&row, "id")?,
        survivor_id: int(&row, "survivor_id")?,
        merged_id: int(&row, "merged_id")?,
        taken: serde_json::from_str(&text(&row, "taken")?).unwrap_or_default(),
        moved: serde_json::from_str(&text(&row, "moved")?).unwrap_or_default(),
        permit_moved: int(&row, "permit_moved")? != 0,
        merged_at: text(&row, "merged_at")?,
        merged_by: text(&row, "merged_by")?,
        undone_at: opt_text(&row, "undone_at")?,
        undone_by: opt_text(&row, "undone_by")?,
    }))
}
