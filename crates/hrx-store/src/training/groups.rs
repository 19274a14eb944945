//! Groups (团组) on the case kernel (data/training/group-workflow.toml) and their members.
//! Adding a member checks, in this order, the group's dates against the programme's window
//! (`outside_window`), the person's passport six months beyond the return
//! (`passport_expires`), the person's other groups (`overlapping_dispatch`) and, for a person
//! not yet nominated, the sending unit's quota (`quota_exceeded`). Departure runs every check
//! again and requires every member selected; it writes the participations the statistics
//! count, in the same transaction.

use super::{integrity, load_programme, ProgrammeRecord, UNIT_NAME};
use crate::case::{transitions_of, CaseHead, CaseType, StepRequest, TransitionRecord, Value};
use crate::statistics::Refresh;
use crate::{fetch_all_as, int, now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::statistics::series::Family;
use hrx_domain::training::{
    check_passport, check_window, destination_scope, duration_class, group_workflow, required_day,
    rules, Refusal,
};
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// The group case type.
pub struct TrainingGroup;

/// A member of a group, with their passport and where they stand.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRecord {
    pub id: i64,
    pub group_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub name_latin: Option<String>,
    pub passport_number: Option<String>,
    pub passport_expiry: Option<String>,
    pub nomination_id: i64,
    pub nomination_status: String,
    pub sending_unit_name: String,
    /// `member`, `leader` or `interpreter`.
    pub role: String,
    /// `active` or `withdrawn`.
    pub status: String,
    pub withdrawal_reason: Option<String>,
    /// `awaiting_selection`, `ready`, `abroad`, `returned`, `report_filed`, `withdrawn` or
    /// `cancelled`.
    pub travel_status: String,
}

/// One failed check of a group, about one member or the whole group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckFailure {
    pub member_id: Option<i64>,
    pub person_name: Option<String>,
    /// The passport's expiry, or the other group's code, where the check is about them.
    pub value: Option<String>,
    pub detail: String,
}

/// The checks of a group's dispatch: each passed, or the failures that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupChecks {
    /// The programme's window the dates must fit.
    pub window: (String, String),
    /// The day every passport must be valid until (six months after the return).
    pub passports_valid_until: String,
    pub outside_window: Vec<CheckFailure>,
    pub passport_expires: Vec<CheckFailure>,
    pub overlapping_dispatch: Vec<CheckFailure>,
    /// Active members whose nomination is not selected yet.
    pub not_selected: Vec<CheckFailure>,
}

impl GroupChecks {
    /// The first failure in the order of the checks, as the refusal of a departure.
    fn first_refusal(&self) -> Option<StoreError> {
        [
            ("outside_window", &self.outside_window),
            ("passport_expires", &self.passport_expires),
            ("overlapping_dispatch", &self.overlapping_dispatch),
            ("not_selected", &self.not_selected),
        ]
        .into_iter()
        .find(|(_, f)| !f.is_empty())
        .map(|(code, f)| StoreError::Refused {
            code,
            detail: f
                .iter()
                .map(|x| x.detail.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        })
    }
}

/// A group with its programme, members, checks and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRecord {
    pub id: i64,
    pub version: i64,
    pub code: String,
    pub programme_id: i64,
    pub programme_code: String,
    pub programme_title_en: String,
    pub programme_title_zh: String,
    pub programme_type: String,
    pub host_country: String,
    pub planned_departure: String,
    pub planned_return: String,
    pub actual_departure: Option<String>,
    pub actual_return: Option<String>,
    /// By the actual dates once known, the planned ones before (TA-R1).
    pub duration_class: String,
    /// `planned`, `departed`, `returned` or `cancelled`.
    pub status: String,
    pub status_since: String,
    pub members: Vec<MemberRecord>,
    pub checks: GroupChecks,
    pub history: Vec<TransitionRecord>,
    pub created_by: String,
    pub created_at: String,
}

impl GroupRecord {
    /// The people of the members not withdrawn.
    pub fn active_persons(&self) -> Vec<i64> {
        self.members
            .iter()
            .filter(|m| m.status == "active")
            .map(|m| m.person_id)
            .collect()
    }

    /// The days the group is away: the actual ones once known, the planned ones before.
    pub fn dates(&self) -> Result<(NaiveDate, NaiveDate), StoreError> {
        let dep = self
            .actual_departure
            .as_deref()
            .unwrap_or(&self.planned_departure);
        let ret = self
            .actual_return
            .as_deref()
            .unwrap_or(&self.planned_return);
        Ok((day(dep)?, day(ret)?))
    }
}

/// A group as recorded.
#[derive(Debug, Clone, Default)]
pub struct NewGroup {
    /// A code; made from the programme's when empty.
    pub code: String,
    pub programme_id: i64,
    pub planned_departure: String,
    pub planned_return: String,
}

/// A person to add to a group, by the unit that sends them (their organisation by default).
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub person_id: i64,
    pub sending_unit_id: Option<i64>,
    /// `member` (default), `leader` or `interpreter`.
    pub role: Option<String>,
}

pub(super) fn day(s: &str) -> Result<NaiveDate, StoreError> {
    s.get(..10)
        .unwrap_or(s)
        .parse()
        .map_err(|_| integrity("a training date is not a date"))
}

pub(super) fn refused(r: Refusal) -> StoreError {
    StoreError::Refused {
        code: r.code,
        detail: r.detail,
    }
}

const GROUP_SELECT: &str = "SELECT g.*, pr.code AS programme_code, pr.title_en AS programme_title_en, \
     pr.title_zh AS programme_title_zh, pr.programme_type, pr.host_country, pr.window_start, pr.window_end \
     FROM training_group g JOIN training_programme pr ON pr.id = g.programme_id";

fn member_select() -> String {
    format!(
        "SELECT m.*, COALESCE(p.name_native, p.name_latin, '') AS person_name, p.name_latin, \
         n.status AS nomination_status, {UNIT_NAME} AS unit_name, \
         (SELECT d.number FROM identity_document d WHERE d.person_id = m.person_id AND d.kind = 'passport' \
          ORDER BY d.expiry_date DESC LIMIT 1) AS passport_number, \
         (SELECT MAX(d.expiry_date) FROM identity_document d WHERE d.person_id = m.person_id \
          AND d.kind = 'passport') AS passport_expiry, \
         (SELECT COUNT(*) FROM training_report r WHERE r.member_id = m.id) AS reports \
         FROM training_member m JOIN person p ON p.id = m.person_id \
         JOIN training_nomination n ON n.id = m.nomination_id \
         JOIN organisation o ON o.id = n.sending_unit_id"
    )
}

fn member_of(row: &AnyRow, group_status: &str) -> Result<MemberRecord, StoreError> {
    let status = text(row, "status")?;
    let nomination_status = text(row, "nomination_status")?;
    let travel_status = match (status.as_str(), group_status) {
        ("withdrawn", _) => "withdrawn",
        (_, "cancelled") => "cancelled",
        (_, "departed") => "abroad",
        (_, "returned") if int(row, "reports")? > 0 => "report_filed",
        (_, "returned") => "returned",
        _ if nomination_status == "selected" => "ready",
        _ => "awaiting_selection",
    };
    Ok(MemberRecord {
        id: int(row, "id")?,
        group_id: int(row, "group_id")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        name_latin: opt_text(row, "name_latin")?,
        passport_number: opt_text(row, "passport_number")?,
        passport_expiry: opt_text(row, "passport_expiry")?,
        nomination_id: int(row, "nomination_id")?,
        nomination_status,
        sending_unit_name: text(row, "unit_name")?,
        role: text(row, "role")?,
        status,
        withdrawal_reason: opt_text(row, "withdrawal_reason")?,
        travel_status: travel_status.to_owned(),
    })
}

/// The person's groups other than `group_id`, not cancelled and not withdrawn from, whose
/// days share one with `dates` (TA-R3).
pub(super) async fn overlapping(
    conn: &mut sqlx::AnyConnection,
    person_id: i64,
    group_id: i64,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<(String, String, String)>, StoreError> {
    let sql = "SELECT g.code, COALESCE(g.actual_departure, g.planned_departure) AS dep, \
               COALESCE(g.actual_return, g.planned_return) AS ret \
               FROM training_member m JOIN training_group g ON g.id = m.group_id \
               WHERE m.person_id = $1 AND m.status = 'active' AND g.status <> 'cancelled' \
               AND g.id <> $2 AND COALESCE(g.actual_departure, g.planned_departure) <= $3 \
               AND COALESCE(g.actual_return, g.planned_return) >= $4 ORDER BY g.id";
    fetch_all_as(
        conn,
        sqlx::query(sql)
            .bind(person_id)
            .bind(group_id)
            .bind(to.to_string())
            .bind(from.to_string()),
        |r| Ok((text(r, "code")?, text(r, "dep")?, text(r, "ret")?)),
    )
    .await
}

pub(super) fn overlap_failure(
    code: &str,
    dep: &str,
    ret: &str,
    dates: (NaiveDate, NaiveDate),
) -> String {
    format!(
        "already in group {code} from {dep} to {ret}, which shares days with {} – {}",
        dates.0, dates.1
    )
}

/// The checks of a group on its members (the active ones).
async fn checks_of(
    conn: &mut sqlx::AnyConnection,
    g: &GroupRecord,
    window: (NaiveDate, NaiveDate),
) -> Result<GroupChecks, StoreError> {
    let dates = g.dates()?;
    let months = rules().passport_months_after_return;
    let until = dates
        .1
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    let mut c = GroupChecks {
        window: (window.0.to_string(), window.1.to_string()),
        passports_valid_until: until.to_string(),
        outside_window: Vec::new(),
        passport_expires: Vec::new(),
        overlapping_dispatch: Vec::new(),
        not_selected: Vec::new(),
    };
    if let Err(r) = check_window(window, dates.0, dates.1) {
        c.outside_window.push(CheckFailure {
            member_id: None,
            person_name: None,
            value: None,
            detail: r.detail,
        });
    }
    for m in g.members.iter().filter(|m| m.status == "active") {
        let failure = |value: Option<String>, detail: String| CheckFailure {
            member_id: Some(m.id),
            person_name: Some(m.person_name.clone()),
            value,
            detail: format!("{}: {detail}", m.person_name),
        };
        let passport = m
            .passport_number
            .as_deref()
            .map(|n| (n, m.passport_expiry.as_deref().and_then(|e| day(e).ok())));
        if let Err(r) = check_passport(passport, dates.1, months) {
            c.passport_expires
                .push(failure(m.passport_expiry.clone(), r.detail));
        }
        if g.status == "planned" {
            for (code, dep, ret) in overlapping(conn, m.person_id, g.id, dates).await? {
                let detail = overlap_failure(&code, &dep, &ret, dates);
                c.overlapping_dispatch.push(failure(Some(code), detail));
            }
            if m.nomination_status != "selected" {
                c.not_selected.push(failure(
                    Some(m.nomination_status.clone()),
                    format!(
                        "the nomination is {}: two approvals select it",
                        m.nomination_status
                    ),
                ));
            }
        }
    }
    Ok(c)
}

pub(crate) async fn load_group(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<GroupRecord>, StoreError> {
    let sql = format!("{GROUP_SELECT} WHERE g.id = $1");
    let Some(row) = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let status = text(&row, "status")?;
    let members_sql = format!("{} WHERE m.group_id = $1 ORDER BY m.id", member_select());
    let members = fetch_all_as(&mut *conn, sqlx::query(&members_sql).bind(id), |r| {
        member_of(r, &status)
    })
    .await?;
    let planned_departure = text(&row, "planned_departure")?;
    let planned_return = text(&row, "planned_return")?;
    let actual_departure = opt_text(&row, "actual_departure")?;
    let actual_return = opt_text(&row, "actual_return")?;
    let (dep, ret) = (
        day(actual_departure.as_deref().unwrap_or(&planned_departure))?,
        day(actual_return.as_deref().unwrap_or(&planned_return))?,
    );
    let window = (
        day(&text(&row, "window_start")?)?,
        day(&text(&row, "window_end")?)?,
    );
    let mut g = GroupRecord {
        id,
        version: int(&row, "version")?,
        code: text(&row, "code")?,
        programme_id: int(&row, "programme_id")?,
        programme_code: text(&row, "programme_code")?,
        programme_title_en: text(&row, "programme_title_en")?,
        programme_title_zh: text(&row, "programme_title_zh")?,
        programme_type: text(&row, "programme_type")?,
        host_country: text(&row, "host_country")?,
        planned_departure,
        planned_return,
        actual_departure,
        actual_return,
        duration_class: duration_class(dep, ret).code().to_owned(),
        status,
        status_since: text(&row, "status_since")?,
        members,
        checks: GroupChecks {
            window: (String::new(), String::new()),
            passports_valid_until: String::new(),
            outside_window: Vec::new(),
            passport_expires: Vec::new(),
            overlapping_dispatch: Vec::new(),
            not_selected: Vec::new(),
        },
        history: transitions_of(conn, TrainingGroup::TYPE, id).await?,
        created_by: text(&row, "created_by")?,
        created_at: text(&row, "created_at")?,
    };
    g.checks = checks_of(conn, &g, window).await?;
    Ok(Some(g))
}

impl CaseType for TrainingGroup {
    const TYPE: &'static str = "training_group";
    const NOUN: &'static str = "group";
    type Record = GroupRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        group_workflow()
    }

    fn head(r: &GroupRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "group",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<GroupRecord>, StoreError> {
        load_group(conn, id).await
    }
}

/// The participations of a departed group's active members, as the statistics count them.
async fn write_participations(
    tx: &mut Tx,
    g: &GroupRecord,
    programme: &ProgrammeRecord,
    (departure, return_on): (NaiveDate, NaiveDate),
) -> Result<(), StoreError> {
    let at = now();
    let class = duration_class(departure, return_on).code();
    let scope = destination_scope(&programme.host_country).code();
    for m in g.members.iter().filter(|m| m.status == "active") {
        sqlx::query("DELETE FROM training_participation WHERE member_id = $1")
            .bind(m.id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO training_participation (record_ref, person_id, programme_code, \
             programme_type, host_country, host_institution, sending_unit, funding_channel, \
             group_code, departure_date, return_date, duration_class, destination_scope, member_id, \
             origin, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, 'dispatch', $15, $15)",
        )
        .bind(format!("TG{}-{}", g.id, m.id))
        .bind(m.person_id)
        .bind(programme.code.clone())
        .bind(programme.programme_type.clone())
        .bind(programme.host_country.clone())
        .bind(programme.host_institution.clone())
        .bind(m.sending_unit_name.clone())
        .bind(programme.funding_channel.clone())
        .bind(g.code.clone())
        .bind(departure.to_string())
        .bind(return_on.to_string())
        .bind(class)
        .bind(scope)
        .bind(m.id)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Plans a group of a programme. Its dates are checked against the programme's window
    /// on its page and refused when members are added or the group departs.
    pub async fn create_training_group(
        &self,
        actor: &str,
        input: &NewGroup,
        today: NaiveDate,
    ) -> Result<GroupRecord, StoreError> {
        let mut e = FieldErrors::new();
        let dep = required_day(&mut e, "planned_departure", &input.planned_departure);
        let ret = required_day(&mut e, "planned_return", &input.planned_return);
        if let (Some(a), Some(b)) = (dep, ret) {
            if b < a {
                e.add("planned_return", "before_start");
            }
        }
        let code = input.code.trim().to_owned();
        if code.chars().count() > 40 {
            e.add("code", "too_long");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let programme = load_programme(&mut tx, input.programme_id).await?.ok_or(
            StoreError::UnknownReference {
                field: "programme_id",
            },
        )?;
        let code = if code.is_empty() {
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM training_group WHERE programme_id = $1")
                    .bind(programme.id)
                    .fetch_one(&mut *tx)
                    .await?;
            format!("{}-G{}", programme.code, n + 1)
        } else {
            code
        };
        crate::refuse_taken_code(&mut tx, "training_group", &code).await?;
        let at = now();
        let initial = group_workflow().map_err(integrity)?.initial.clone();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_group (code, programme_id, planned_departure, planned_return, \
             status, status_since, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(code)
        .bind(programme.id)
        .bind(dep.map(|d| d.to_string()))
        .bind(ret.map(|d| d.to_string()))
        .bind(initial)
        .bind(today.to_string())
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = load_group(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (TrainingGroup::TYPE, id), record)
            .await
    }

    /// Departs (with the actual departure day, today by default), returns (with the actual
    /// return day) or cancels a group. Departure runs every check and writes the
    /// participations; return sets their return day; both refresh the statistics of the
    /// members in the same transaction.
    pub async fn training_group_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        day_given: Option<&str>,
    ) -> Result<GroupRecord, StoreError> {
        let mut step = self
            .open_step::<TrainingGroup>(actor, id, request, Scope::All)
            .await?;
        let g = step.before.clone();
        let given = match day_given.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                let field = if request.action == "depart" {
                    "actual_departure"
                } else {
                    "actual_return"
                };
                let mut e = FieldErrors::new();
                let d = required_day(&mut e, field, s);
                e.into_result().map_err(StoreError::Invalid)?;
                d
            }
            None => None,
        };
        let patch = match request.action {
            "depart" => {
                if let Some(refusal) = g.checks.first_refusal() {
                    return Err(refusal);
                }
                if !g.members.iter().any(|m| m.status == "active") {
                    return Err(StoreError::Refused {
                        code: "no_members",
                        detail: format!("group {} has no members to send", g.code),
                    });
                }
                let departure = given.unwrap_or(request.today);
                let planned_return = day(&g.planned_return)?;
                if planned_return < departure {
                    return Err(StoreError::Invalid(FieldErrors::single(
                        "actual_departure",
                        "after_return",
                    )));
                }
                let programme = load_programme(&mut step.tx, g.programme_id)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let refresh = Refresh::begin(
                    &mut step.tx,
                    self.backend(),
                    &[Family::Training],
                    g.active_persons(),
                )
                .await?;
                write_participations(&mut step.tx, &g, &programme, (departure, planned_return))
                    .await?;
                refresh.finish(&mut step.tx).await?;
                vec![("actual_departure", Value::Text(Some(departure.to_string())))]
            }
            "return" => {
                let departure = day(g
                    .actual_departure
                    .as_deref()
                    .unwrap_or(&g.planned_departure))?;
                let return_on = given.unwrap_or(request.today);
                if return_on < departure {
                    return Err(StoreError::Invalid(FieldErrors::single(
                        "actual_return",
                        "before_start",
                    )));
                }
                let refresh = Refresh::begin(
                    &mut step.tx,
                    self.backend(),
                    &[Family::Training],
                    g.active_persons(),
                )
                .await?;
                sqlx::query(
                    "UPDATE training_participation SET return_date = $1, duration_class = $2, updated_at = $3 \
                     WHERE member_id IN (SELECT id FROM training_member WHERE group_id = $4)",
                )
                .bind(return_on.to_string())
                .bind(duration_class(departure, return_on).code())
                .bind(now())
                .bind(id)
                .execute(&mut *step.tx)
                .await?;
                refresh.finish(&mut step.tx).await?;
                vec![("actual_return", Value::Text(Some(return_on.to_string())))]
            }
            _ => Vec::new(),
        };
        step.apply(None, patch).await?;
        step.commit(self).await
    }

    pub async fn training_group(&self, id: i64) -> Result<Option<GroupRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_group(&mut conn, id).await
    }

    /// Groups of a programme (or all), by planned departure.
    pub async fn training_groups(
        &self,
        programme_id: Option<i64>,
    ) -> Result<Vec<GroupRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let ids: Vec<i64> = match programme_id {
            Some(p) => sqlx::query_scalar(
                "SELECT id FROM training_group WHERE programme_id = $1 ORDER BY planned_departure, id",
            )
            .bind(p)
            .fetch_all(&mut *conn)
            .await?,
            None => sqlx::query_scalar("SELECT id FROM training_group ORDER BY planned_departure DESC, id DESC LIMIT 200")
                .fetch_all(&mut *conn)
                .await?,
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(g) = load_group(&mut conn, id).await? {
                out.push(g);
            }
        }
        Ok(out)
    }
}
