//! Members of a group: added through their nomination (or nominated in the same step, by
//! the sending unit, within its quota), after the checks of the programme's window, the
//! passport and the other groups, in that order; withdrawn with a reason before departure.

use super::groups::{
    day, load_group, overlap_failure, overlapping, refused, GroupRecord, MemberInput, MemberRecord,
    TrainingGroup,
};
use super::nominations::{nominate_in, withdraw_members_of, NominationInput, TrainingNomination};
use crate::audit::Change;
use crate::case::CaseType;
use crate::{int, now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::training::{check_passport, check_window, rules, Refusal};
use hrx_domain::FieldErrors;

impl Store {
    /// Adds a person to a planned group (see the module's order of checks); a person not
    /// yet nominated for the programme is nominated by the sending unit in the same step.
    pub async fn add_training_member(
        &self,
        actor: &str,
        group_id: i64,
        input: &MemberInput,
        today: NaiveDate,
    ) -> Result<MemberRecord, StoreError> {
        let role = input.role.as_deref().map(str::trim).unwrap_or("member");
        if !["member", "leader", "interpreter"].contains(&role) {
            return Err(StoreError::Invalid(FieldErrors::single(
                "role",
                "unknown_value",
            )));
        }
        let mut tx = self.begin_write().await?;
        self.locked_version(&mut tx, TrainingGroup::TYPE, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let g = load_group(&mut tx, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if g.status != "planned" {
            return Err(StoreError::Refused {
                code: "group_not_open",
                detail: format!(
                    "group {} is {}: members are added while it is planned",
                    g.code, g.status
                ),
            });
        }
        let person = sqlx::query(
            "SELECT COALESCE(name_native, name_latin, '') AS name FROM person WHERE id = $1",
        )
        .bind(input.person_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::UnknownReference { field: "person_id" })?;
        let name = text(&person, "name")?;
        if g.members
            .iter()
            .any(|m| m.person_id == input.person_id && m.status == "active")
        {
            return Err(StoreError::Refused {
                code: "already_member",
                detail: format!("{name} is already a member of group {}", g.code),
            });
        }
        let dates = g.dates()?;
        let window = (day(&g.checks.window.0)?, day(&g.checks.window.1)?);
        check_window(window, dates.0, dates.1).map_err(refused)?;
        let passport = sqlx::query(
            "SELECT number, expiry_date FROM identity_document WHERE person_id = $1 AND kind = 'passport' \
             ORDER BY expiry_date DESC LIMIT 1",
        )
        .bind(input.person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let passport = match &passport {
            Some(r) => Some((
                text(r, "number")?,
                opt_text(r, "expiry_date")?.map(|e| day(&e)).transpose()?,
            )),
            None => None,
        };
        check_passport(
            passport.as_ref().map(|(n, e)| (n.as_str(), *e)),
            dates.1,
            rules().passport_months_after_return,
        )
        .map_err(|r| {
            refused(Refusal {
                detail: format!("{name}: {}", r.detail),
                ..r
            })
        })?;
        if let Some((code, dep, ret)) = overlapping(&mut tx, input.person_id, group_id, dates)
            .await?
            .into_iter()
            .next()
        {
            return Err(StoreError::Refused {
                code: "overlapping_dispatch",
                detail: format!("{name} is {}", overlap_failure(&code, &dep, &ret, dates)),
            });
        }
        let live = sqlx::query(
            "SELECT n.id, (SELECT MAX(g.code) FROM training_member m JOIN training_group g ON g.id = m.group_id \
             WHERE m.nomination_id = n.id AND m.status = 'active' AND g.status <> 'cancelled') AS other \
             FROM training_nomination n WHERE n.programme_id = $1 AND n.person_id = $2 \
             AND n.status NOT IN ('rejected', 'withdrawn')",
        )
        .bind(g.programme_id)
        .bind(input.person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let nomination_id = match live {
            Some(r) => {
                if let Some(other) = opt_text(&r, "other")? {
                    return Err(StoreError::Refused {
                        code: "already_in_group",
                        detail: format!(
                            "{name}'s place in {} is taken in group {other}",
                            g.programme_code
                        ),
                    });
                }
                int(&r, "id")?
            }
            None => {
                let n = NominationInput {
                    programme_id: g.programme_id,
                    person_id: input.person_id,
                    sending_unit_id: input.sending_unit_id,
                };
                nominate_in(self, &mut tx, actor, n, today).await?
            }
        };
        let at = now();
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM training_member WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id)
        .bind(input.person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let member_id = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE training_member SET nomination_id = $1, role = $2, status = 'active', \
                     withdrawal_reason = NULL, added_by = $3, added_at = $4 WHERE id = $5",
                )
                .bind(nomination_id)
                .bind(role)
                .bind(actor)
                .bind(&at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => sqlx::query_scalar(
                "INSERT INTO training_member (group_id, person_id, nomination_id, role, status, \
                     added_by, added_at) VALUES ($1, $2, $3, $4, 'active', $5, $6) RETURNING id",
            )
            .bind(group_id)
            .bind(input.person_id)
            .bind(nomination_id)
            .bind(role)
            .bind(actor)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?,
        };
        bump(&mut tx, group_id).await?;
        let after = load_group(&mut tx, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let member = after
            .members
            .iter()
            .find(|m| m.id == member_id)
            .cloned()
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(
            actor,
            "add_member",
            TrainingGroup::TYPE,
            group_id,
            &g,
            &after,
        );
        self.commit_audited(tx, change).await?;
        Ok(member)
    }

    /// Takes a member out of a planned group with the reason; their nomination is
    /// withdrawn too, which frees the unit's place.
    pub async fn withdraw_training_member(
        &self,
        actor: &str,
        group_id: i64,
        member_id: i64,
        reason: &str,
        today: NaiveDate,
    ) -> Result<GroupRecord, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "reason", "required",
            )));
        }
        if reason.chars().count() > 500 {
            return Err(StoreError::Invalid(FieldErrors::single(
                "reason", "too_long",
            )));
        }
        let mut tx = self.begin_write().await?;
        self.locked_version(&mut tx, TrainingGroup::TYPE, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = load_group(&mut tx, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let m = before
            .members
            .iter()
            .find(|m| m.id == member_id && m.status == "active")
            .ok_or(StoreError::NotFound)?;
        if before.status != "planned" {
            return Err(StoreError::Refused {
                code: "group_not_open",
                detail: format!(
                    "group {} is {}: members are withdrawn before it leaves",
                    before.code, before.status
                ),
            });
        }
        let nomination = m.nomination_id;
        withdraw_members_of(&mut tx, nomination, reason).await?;
        self.system_step::<TrainingNomination>(
            &mut tx,
            actor,
            nomination,
            ("withdraw", "withdrawn"),
            Some(reason),
            today,
            Vec::new(),
        )
        .await?;
        bump(&mut tx, group_id).await?;
        let after = load_group(&mut tx, group_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(
            actor,
            "withdraw_member",
            TrainingGroup::TYPE,
            group_id,
            &before,
            &after,
        );
        self.commit_audited(tx, change).await?;
        Ok(after)
    }
}

/// A change of a group's members is a change of the group: its version moves on.
async fn bump(tx: &mut Tx, group_id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE training_group SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(group_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
