//! Agreements and memoranda on the case kernel: recorded with their facts and moved through
//! their life cycle by steps that each record a dated fact (their reading is in `records`).

use super::records::{self, load, opt_date, opt_day, social_security, AgreementRecord, Signatory};
use super::{partner_for_code, refresh};
use crate::case::{CaseHead, CaseType, StepRequest, Value};
use crate::{int, now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::cooperation::{
    self, agreement_workflow, check_supersedes, AgreementInput, EndKind, Renewal, RenewalTerm,
};
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;

/// The agreement case type.
pub struct CoopAgreement;

impl CaseType for CoopAgreement {
    const TYPE: &'static str = "coop_agreement";
    const NOUN: &'static str = "agreement";
    type Record = AgreementRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        agreement_workflow()
    }

    fn head(r: &AgreementRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "agreement",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<AgreementRecord>, StoreError> {
        Ok(load(conn, Some(id), records::wall_today())
            .await?
            .into_iter()
            .next())
    }
}

/// Inserts an agreement checked, with its parties and terms; the kernel status is its state
/// today. Answers the id.
pub(crate) async fn insert(
    tx: &mut Tx,
    actor: &str,
    a: &AgreementInput,
    origin: &str,
    today: NaiveDate,
) -> Result<i64, StoreError> {
    let mut e = FieldErrors::new();
    let mut partner_ids = Vec::new();
    for code in &a.partners {
        match partner_for_code(tx, code, actor).await? {
            Some(p) if !partner_ids.contains(&p.id) => partner_ids.push(p.id),
            Some(_) => {}
            None => e.add("partners", "unknown_partner"),
        }
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM coop_agreement WHERE code = $1")
        .bind(a.code.clone())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        e.add("code", "already_in_use");
    }
    let mut ids = [None, None];
    for (i, (field, code)) in [("supersedes", &a.supersedes), ("parent", &a.parent)]
        .into_iter()
        .enumerate()
    {
        let Some(code) = code else { continue };
        let found = sqlx::query("SELECT id, signed_on FROM coop_agreement WHERE code = $1")
            .bind(code.clone())
            .fetch_optional(&mut **tx)
            .await?;
        match found {
            Some(r) => {
                let signed = opt_day(opt_text(&r, "signed_on")?)?;
                if field == "supersedes" && !check_supersedes(a.dates.signed_on, signed) {
                    e.add(field, "signed_later");
                }
                if let Some(slot) = ids.get_mut(i) {
                    *slot = Some(int(&r, "id")?);
                }
            }
            None => e.add(field, "unknown_agreement"),
        }
    }
    e.into_result().map_err(StoreError::Invalid)?;
    let [supersedes_id, parent_id] = ids;
    let d = &a.dates;
    let state = d.state_on(today).0;
    let at = now();
    let areas: Vec<&str> = a.areas.iter().map(|x| x.code()).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO coop_agreement (code, kind, title_en, title_zh, chinese_party, areas, \
         negotiation_started, initialled_on, signed_on, signed_place, entry_into_force_on, term_months, \
         renewal, notice_months, notice_given_on, ended, ended_on, supersedes_id, parent_id, \
         document_en, document_zh, source, origin, status, status_since, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $26, $27, $20, $21, $22, $23, $24, $25, $25) RETURNING id",
    )
    .bind(a.code.clone())
    .bind(a.kind.code())
    .bind(a.title_en.clone())
    .bind(a.title_zh.clone())
    .bind(a.chinese_party.code())
    .bind(areas.join(";"))
    .bind(opt_date(d.negotiation_started))
    .bind(opt_date(d.initialled_on))
    .bind(opt_date(d.signed_on))
    .bind(a.signed_place.clone())
    .bind(opt_date(d.entry_into_force_on))
    .bind(d.term_months.map(i64::from))
    .bind(d.renewal.unwrap_or(Renewal::None).code())
    .bind(d.notice_months.map(i64::from))
    .bind(opt_date(d.notice_given_on))
    .bind(d.ended.map(|(k, _)| k.code()))
    .bind(opt_date(d.ended.map(|(_, x)| x)))
    .bind(supersedes_id)
    .bind(parent_id)
    .bind(a.source.clone())
    .bind(origin)
    .bind(state.code())
    .bind(today.to_string())
    .bind(actor)
    .bind(&at)
    .bind(a.document_en.clone())
    .bind(a.document_zh.clone())
    .fetch_one(&mut **tx)
    .await?;
    for p in partner_ids {
        sqlx::query("INSERT INTO coop_agreement_party (agreement_id, partner_id) VALUES ($1, $2)")
            .bind(id)
            .bind(p)
            .execute(&mut **tx)
            .await?;
    }
    for (i, r) in d.renewals.iter().enumerate() {
        insert_term(tx, id, i64::try_from(i).unwrap_or_default() + 2, r).await?;
    }
    Ok(id)
}

async fn insert_term(
    tx: &mut Tx,
    id: i64,
    term_no: i64,
    r: &RenewalTerm,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO coop_agreement_term (agreement_id, term_no, signed_on, starts_on, months) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(term_no)
    .bind(r.signed_on.to_string())
    .bind(r.starts_on.to_string())
    .bind(r.months.map(i64::from))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The inputs of a step beyond the kernel's: the dates and fields it records.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AgreementStep {
    pub initialled_on: String,
    pub signed_on: String,
    pub signed_place: String,
    pub entry_into_force_on: String,
    pub renewal_signed_on: String,
    pub renewal_starts_on: String,
    /// A number of months, as text (a form) or a number (JSON).
    #[serde(deserialize_with = "text_or_number")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub renewal_months: String,
    pub notice_given_on: String,
    pub ended_on: String,
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Given {
        Text(String),
        Number(u64),
    }
    Ok(match <Given as serde::Deserialize>::deserialize(d)? {
        Given::Text(t) => t,
        Given::Number(n) => n.to_string(),
    })
}

fn given_day(e: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        e.add(field, "required");
        return None;
    }
    cooperation::parse_day(text, false)
        .map(|(d, _)| d)
        .or_else(|| {
            e.add(field, "invalid_date");
            None
        })
}

impl Store {
    /// Records an agreement with the facts known so far; a newer one that supersedes an older
    /// one ends the older one (a `supersede` step on it) on the day it takes effect.
    pub async fn create_coop_agreement(
        &self,
        actor: &str,
        input: &AgreementInput,
        signatories: &[Signatory],
    ) -> Result<AgreementRecord, StoreError> {
        let mut e = FieldErrors::new();
        for s in signatories {
            if !["chinese", "partner"].contains(&s.side.as_str()) {
                e.add("signatories", "unknown_value");
            }
            e.text("signatories", &s.name, 200);
            if !s.title.is_empty() {
                e.text("signatories", &s.title, 200);
            }
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let today = chrono::Utc::now().date_naive();
        let mut tx = self.begin_write().await?;
        let id = insert(&mut tx, actor, input, "officer", today).await?;
        for s in signatories {
            sqlx::query(
                "INSERT INTO coop_signatory (agreement_id, side, name, title) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(s.side.clone())
            .bind(s.name.trim().to_owned())
            .bind(s.title.trim().to_owned())
            .execute(&mut *tx)
            .await?;
        }
        if let (Some(older), Some(from)) = (&input.supersedes, input.dates.effective_from()) {
            self.supersede(&mut tx, actor, older, from, today).await?;
        }
        refresh(self, &mut tx).await?;
        let record = CoopAgreement::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (CoopAgreement::TYPE, id), record)
            .await
    }

    async fn supersede(
        &self,
        tx: &mut Tx,
        actor: &str,
        older: &str,
        from: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let row = sqlx::query("SELECT id, status FROM coop_agreement WHERE code = $1")
            .bind(older.to_owned())
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::UnknownReference {
                field: "supersedes",
            })?;
        let id = int(&row, "id")?;
        let patch = vec![
            (
                "ended",
                Value::Text(Some(EndKind::Superseded.code().to_owned())),
            ),
            ("ended_on", Value::Text(Some(from.to_string()))),
        ];
        if ["in_force", "expired"].contains(&text(&row, "status")?.as_str()) {
            self.system_step::<CoopAgreement>(
                tx,
                actor,
                id,
                ("supersede", "superseded"),
                None,
                today,
                patch,
            )
            .await
        } else {
            Err(StoreError::Refused {
                code: "transition_not_allowed",
                detail: format!("{older} is not in force and cannot be superseded"),
            })
        }
    }

    /// Every agreement with its state on `today`: the ones on the kernel and the social
    /// security agreements.
    pub async fn coop_agreements(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<AgreementRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let mut out = load(&mut conn, None, today).await?;
        out.extend(social_security(&mut conn, today).await?);
        out.sort_by(|a, b| a.signed_on.cmp(&b.signed_on).then(a.code.cmp(&b.code)));
        Ok(out)
    }

    /// One agreement with its state on `today`.
    pub async fn coop_agreement(
        &self,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<AgreementRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(load(&mut conn, Some(id), today).await?.into_iter().next())
    }

    /// Takes a step that records a fact of the agreement's life cycle; the facts together
    /// are checked again (R2) before anything is written.
    pub async fn coop_agreement_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        input: &AgreementStep,
    ) -> Result<AgreementRecord, StoreError> {
        let mut step = self
            .open_step::<CoopAgreement>(actor, id, request, Scope::All)
            .await?;
        let mut e = FieldErrors::new();
        let mut facts = step.before.dates();
        let mut new_term = None;
        let date = |d: Option<NaiveDate>| Value::Text(d.map(|d| d.to_string()));
        let patch: Vec<(&'static str, Value)> = match request.action {
            "initial" => {
                facts.initialled_on = given_day(&mut e, "initialled_on", &input.initialled_on);
                vec![("initialled_on", date(facts.initialled_on))]
            }
            "sign" | "sign_in_force" => {
                facts.signed_on = given_day(&mut e, "signed_on", &input.signed_on);
                facts.pending_entry = request.action == "sign";
                let place = if input.signed_place.trim().is_empty() {
                    String::new()
                } else {
                    e.text("signed_place", &input.signed_place, 100)
                };
                let mut patch = vec![
                    ("signed_on", date(facts.signed_on)),
                    ("signed_place", Value::Text(Some(place))),
                ];
                if request.action == "sign_in_force" {
                    facts.entry_into_force_on = facts.signed_on;
                    patch.push(("entry_into_force_on", date(facts.signed_on)));
                }
                patch
            }
            "enter_into_force" => {
                facts.entry_into_force_on =
                    given_day(&mut e, "entry_into_force_on", &input.entry_into_force_on);
                vec![("entry_into_force_on", date(facts.entry_into_force_on))]
            }
            "renew" => {
                let signed_on = given_day(&mut e, "renewal_signed_on", &input.renewal_signed_on);
                let starts_on = if input.renewal_starts_on.trim().is_empty() {
                    signed_on
                } else {
                    given_day(&mut e, "renewal_starts_on", &input.renewal_starts_on)
                };
                let months = if input.renewal_months.trim().is_empty() {
                    None
                } else {
                    match input.renewal_months.trim().parse::<u32>() {
                        Ok(m) if (1..=1200).contains(&m) => Some(m),
                        _ => {
                            e.add("renewal_months", "out_of_range");
                            None
                        }
                    }
                };
                if let (Some(signed_on), Some(starts_on)) = (signed_on, starts_on) {
                    let term = RenewalTerm {
                        signed_on,
                        starts_on,
                        months,
                    };
                    facts.renewals.push(term.clone());
                    new_term = Some(term);
                }
                facts.renewal = Some(Renewal::ByInstrument);
                // A renewal restores an instrument that had expired by a recorded fact.
                if matches!(facts.ended, Some((EndKind::Expired, _))) {
                    facts.ended = None;
                }
                vec![
                    (
                        "renewal",
                        Value::Text(Some(Renewal::ByInstrument.code().to_owned())),
                    ),
                    (
                        "ended",
                        Value::Text(facts.ended.map(|(k, _)| k.code().to_owned())),
                    ),
                    ("ended_on", date(facts.ended.map(|(_, x)| x))),
                ]
            }
            "give_notice" => {
                if facts.renewal != Some(Renewal::Tacit) {
                    e.add("notice_given_on", "not_tacit");
                }
                facts.notice_given_on =
                    given_day(&mut e, "notice_given_on", &input.notice_given_on);
                vec![("notice_given_on", date(facts.notice_given_on))]
            }
            "expire" | "terminate" => {
                let on = given_day(&mut e, "ended_on", &input.ended_on);
                let kind = if request.action == "expire" {
                    EndKind::Expired
                } else {
                    EndKind::Terminated
                };
                facts.ended = on.map(|x| (kind, x));
                vec![
                    ("ended", Value::Text(Some(kind.code().to_owned()))),
                    ("ended_on", date(on)),
                ]
            }
            _ => Vec::new(),
        };
        e.merge(facts.check());
        e.into_result().map_err(StoreError::Invalid)?;
        if let Some(term) = new_term {
            let n = i64::try_from(facts.renewals.len()).unwrap_or_default() + 1;
            insert_term(&mut step.tx, id, n, &term).await?;
        }
        step.apply(None, patch).await?;
        refresh(self, &mut step.tx).await?;
        step.commit(self).await
    }
}
