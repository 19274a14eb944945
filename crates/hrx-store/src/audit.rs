//! The append-only audit chain, written in the same transaction as the change it records.

use crate::{fetch_all_as, int, now, opt_text, text, Store, StoreError, Tx};
use hrx_domain::audit::{AuditEntry, BrokenLink, ChainVerifier};
use serde::Serialize;
use sqlx::any::AnyRow;

/// What changed, for one audit entry.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A record as the audit chain keeps it: its JSON form.
pub(crate) fn snapshot<T: Serialize + ?Sized>(record: &T) -> serde_json::Value {
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

impl<'a> Change<'a> {
    /// A record that did not exist before the change.
    pub(crate) fn created(
        actor: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        after: &(impl Serialize + ?Sized),
    ) -> Change<'a> {
        Change::edited(
            actor,
            "create",
            entity_type,
            entity_id,
            None::<&()>,
            Some(after),
        )
    }

    /// A record that existed before the change and still does after it.
    pub(crate) fn updated(
        actor: &'a str,
        action: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        before: &(impl Serialize + ?Sized),
        after: &(impl Serialize + ?Sized),
    ) -> Change<'a> {
        Change::edited(
            actor,
            action,
            entity_type,
            entity_id,
            Some(before),
            Some(after),
        )
    }

    /// A record written whether or not it was there: `update` if it was, `create` if not.
    pub(crate) fn upserted<T: Serialize>(
        actor: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        before: Option<&T>,
        after: &T,
    ) -> Change<'a> {
        let action = if before.is_some() { "update" } else { "create" };
        Change::edited(actor, action, entity_type, entity_id, before, Some(after))
    }

    /// A record that the change removed.
    pub(crate) fn deleted(
        actor: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        before: &(impl Serialize + ?Sized),
    ) -> Change<'a> {
        Change::edited(
            actor,
            "delete",
            entity_type,
            entity_id,
            Some(before),
            None::<&()>,
        )
    }

    /// Any change, with the record's snapshots before and after it (if there are any).
    pub(crate) fn edited<B: Serialize + ?Sized, A: Serialize + ?Sized>(
        actor: &'a str,
        action: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Change<'a> {
        Change {
            actor,
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            before: before.map(snapshot),
            after: after.map(snapshot),
        }
    }
}

fn entry(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        seq: int(row, "seq")?,
        at: text(row, "at")?,
        actor: text(row, "actor")?,
        action: text(row, "action")?,
        entity_type: text(row, "entity_type")?,
        entity_id: text(row, "entity_id")?,
        before: opt_text(row, "before_value")?,
        after: opt_text(row, "after_value")?,
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

const COLUMNS: &str =
    "seq, at, actor, action, entity_type, entity_id, before_value, after_value, prev_hash, hash";

impl Store {
    /// Appends one entry to the chain. The head row is locked first, so concurrent writers
    /// (two processes on one PostgreSQL) chain one after the other.
    pub async fn audit(&self, tx: &mut Tx, change: Change<'_>) -> Result<(), StoreError> {
        self.audit_on(tx, change).await
    }

    /// Audits the change and commits the transaction that made it.
    pub(crate) async fn commit_audited(
        &self,
        mut tx: Tx,
        change: Change<'_>,
    ) -> Result<(), StoreError> {
        self.audit(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Audits the creation of `record`, commits, and hands the record back: the end of every
    /// "insert, read back, audit, commit".
    pub(crate) async fn commit_created<T: Serialize>(
        &self,
        tx: Tx,
        actor: &str,
        (entity_type, entity_id): (&str, impl ToString),
        record: T,
    ) -> Result<T, StoreError> {
        let change = Change::created(actor, entity_type, entity_id, &record);
        self.commit_audited(tx, change).await?;
        Ok(record)
    }

    /// [`Store::audit`] on a connection whose transaction the caller manages.
    pub(crate) async fn audit_on(
        &self,
        tx: &mut sqlx::AnyConnection,
        change: Change<'_>,
    ) -> Result<(), StoreError> {
        let head = sqlx::query(&format!(
            "SELECT seq, hash FROM audit_head WHERE id = 1{}",
            self.for_update()
        ))
        .fetch_one(&mut *tx)
        .await?;
        let seq = int(&head, "seq")? + 1;
        let prev_hash = text(&head, "hash")?;
        let at = now();
        let before = change.before.map(|v| v.to_string());
        let after = change.after.map(|v| v.to_string());
        let mut entry = AuditEntry {
            seq,
            at,
            actor: change.actor.to_owned(),
            action: change.action.to_owned(),
            entity_type: change.entity_type.to_owned(),
            entity_id: change.entity_id,
            before,
            after,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.content_hash();
        sqlx::query(&format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(entry.seq)
        .bind(&entry.at)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.entity_type)
        .bind(&entry.entity_id)
        .bind(&entry.before)
        .bind(&entry.after)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(entry.seq)
            .bind(&entry.hash)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }

    /// The history of one record, oldest first.
    pub async fn history(
        &self,
        entity_type: &str,
        entity_id: &str,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq"
        ))
            .bind(entity_type)
            .bind(entity_id),
            entry,
        )
        .await
    }

    /// Walks the whole chain in batches; `Ok(n)` is the number of entries checked, and the
    /// inner error names the first broken link.
    pub async fn verify_audit(&self) -> Result<Result<i64, BrokenLink>, StoreError> {
        let head_seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let mut verifier = ChainVerifier::default();
        let mut after = 0_i64;
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 2000"
            ))
            .bind(after)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let e = entry(row)?;
                if let Err(broken) = verifier.check(&e) {
                    return Ok(Err(broken));
                }
                after = e.seq;
            }
        }
        Ok(verifier.finish(head_seq))
    }
}
