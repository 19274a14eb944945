//! Vacancies: the list (open or all), the form a vacancy is recorded with (the organisation
//! chosen from the register by name, the deadline typed in the organisation's zone, the
//! requirements the matching rule reads; every value kept on error), and a vacancy's page:
//! its fields worded, its status changed (a cancellation confirmed first), its
//! recommendations, and the roster ranked for it with a button to recommend a candidate.

use super::home::{CaseRow, VacancyRow};
use super::{
    answer, badge, list_of, organisation_options, Kept, MatchView, Officer, BASE, DEGREES,
    LANGUAGES, LEVELS, WORDS, ZONES,
};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager, Searched};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::intorgs::matching::{DegreeLevel, Language, LanguageLevel};
use hrx_domain::intorgs::vacancy::{VacancyFields, FUNDING};
use hrx_domain::FieldErrors;
use hrx_store::intorgs::VacancyRecord;
use serde::Deserialize;

/// Rows of required languages and eligible nationalities a form offers.
const ROWS: usize = 3;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    status: String,
}

#[derive(Template)]
#[template(path = "io_vacancies.html")]
struct ListPage {
    ctx: Ctx,
    all: bool,
    rows: Vec<VacancyRow>,
    q: Searched,
    pager: KeysetPager,
}

/// Vacancies on a page of the list.
const LIST_ROWS: usize = 50;

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
    Query(searched): Query<Searched>,
) -> Result<Response, PageError> {
    let all = q.status == "all";
    let rows: Vec<VacancyRow> = state
        .store
        .io_vacancies(!all, state.today())
        .await
        .or_page(&ctx)?
        .iter()
        .map(|v| VacancyRow::of(&ctx, v))
        .collect();
    let status: &[(&str, &str)] = if all { &[("status", "all")] } else { &[] };
    let (rows, pager) = searched.page(
        (&format!("{BASE}/vacancies"), status),
        rows,
        |r| r.href.rsplit('/').next().unwrap_or_default().to_owned(),
        |r| {
            vec![
                r.title.clone(),
                r.organisation.clone(),
                r.grade.clone(),
                r.status.clone(),
            ]
        },
        LIST_ROWS,
    );
    let page = ListPage {
        ctx,
        all,
        rows,
        q: searched,
        pager,
    };
    Ok(render(StatusCode::OK, &page))
}

/// One row of the form's repeated inputs: its index and its values.
pub(super) struct FormRow {
    pub i: usize,
    pub a_name: String,
    pub a: String,
    pub b_name: String,
    pub b: String,
}

#[derive(Template)]
#[template(path = "io_vacancy_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    organisations: Vec<(String, String)>,
    zones: Vec<(String, String)>,
    countries: Vec<(String, String)>,
    fundings: Vec<(String, String)>,
    degrees: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    geo: Vec<(String, String)>,
    required: Vec<FormRow>,
    desirable: Vec<FormRow>,
    nationalities: Vec<FormRow>,
}

pub(super) fn language_options(ctx: &Ctx) -> Vec<(String, String)> {
    LANGUAGES
        .iter()
        .map(|c| ((*c).to_owned(), ctx.language(c)))
        .collect()
}

async fn form_view(
    state: &AppState,
    ctx: Ctx,
    form: FormValues,
    kept: Kept,
) -> Result<Response, PageError> {
    let register = state.store.io_organisations().await.or_page(&ctx)?;
    let rows = |a: &str, b: &str| {
        (0..ROWS)
            .map(|i| FormRow {
                i,
                a_name: format!("{a}_{i}"),
                a: form.value(&format!("{a}_{i}")).to_owned(),
                b_name: format!("{b}_{i}"),
                b: form.value(&format!("{b}_{i}")).to_owned(),
            })
            .collect::<Vec<_>>()
    };
    let page = FormPage {
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        organisations: organisation_options(&ctx, &register),
        zones: ZONES
            .iter()
            .map(|z| ((*z).to_owned(), format!("{} ({z})", ctx.zone_name(z))))
            .collect(),
        countries: ctx.countries(),
        fundings: ctx.choices("io-funding", &FUNDING),
        degrees: ctx.choices("io-degree", &DEGREES),
        languages: language_options(&ctx),
        levels: ctx.choices("io-level", &LEVELS),
        geo: vec![
            ("yes".into(), ctx.t("io-yes")),
            ("no".into(), ctx.t("io-no")),
        ],
        required: rows("req_lang", "req_level"),
        desirable: rows("des_lang", "des_level"),
        nationalities: rows("nat", "nat_unused"),
        form,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let mut form = FormValues::default();
    for (name, value) in [
        ("deadline_zone", "America/New_York"),
        ("funding", "regular_budget"),
        ("req_lang_0", "en"),
        ("req_level_0", "fluent"),
    ] {
        form.0.insert(name.into(), value.into());
    }
    form_view(&state, ctx, form, Kept::default()).await
}

pub(super) fn degree(code: &str) -> Option<DegreeLevel> {
    match code {
        "bachelor" => Some(DegreeLevel::Bachelor),
        "master" => Some(DegreeLevel::Master),
        "doctorate" => Some(DegreeLevel::Doctorate),
        _ => None,
    }
}

pub(super) fn level(code: &str) -> Option<LanguageLevel> {
    match code {
        "basic" => Some(LanguageLevel::Basic),
        "working" => Some(LanguageLevel::Working),
        "fluent" => Some(LanguageLevel::Fluent),
        _ => None,
    }
}

/// A day typed in a date input; an error on the field when it is not one.
pub(super) fn day_of(
    errors: &mut FieldErrors,
    form: &FormValues,
    name: &str,
) -> Option<chrono::NaiveDate> {
    let text = form.value(name).trim();
    if text.is_empty() {
        return None;
    }
    let parsed = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.add(name, "invalid_date");
    }
    parsed
}

/// The vacancy's fields as typed: numbers as people write them, lists split at commas.
/// The language rows `{prefix}_lang_{i}` with their levels `{prefix}_level_{i}`; a row with a
/// language and no level is an error beside the level.
fn languages_of(e: &mut FieldErrors, form: &FormValues, prefix: &str) -> Vec<Language> {
    let mut out = Vec::new();
    for i in 0..ROWS {
        let code = form.value(&format!("{prefix}_lang_{i}")).trim();
        if code.is_empty() {
            continue;
        }
        match level(form.value(&format!("{prefix}_level_{i}"))) {
            Some(level) => out.push(Language {
                language: code.to_owned(),
                level,
            }),
            None => e.add(format!("{prefix}_level_{i}"), "required"),
        }
    }
    out
}

fn fields_of(form: &FormValues) -> Result<VacancyFields, FieldErrors> {
    let mut e = FieldErrors::new();
    let posted_on = day_of(&mut e, form, "posted_on");
    let age_on = day_of(&mut e, form, "age_on");
    let years = match form.value("min_years_experience").trim() {
        "" => None,
        t => match t.replace(',', ".").parse::<f64>() {
            Ok(y) => Some(y),
            Err(_) => {
                e.add("min_years_experience", "not_a_number");
                None
            }
        },
    };
    let age_max = match form.value("age_max").trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => {
                e.add("age_max", "not_a_number");
                None
            }
        },
    };
    let grade = form.value("grade").trim().to_owned();
    let required = languages_of(&mut e, form, "req");
    let desirable = languages_of(&mut e, form, "des");
    let fields = VacancyFields {
        organisation: form.value("organisation").trim().to_owned(),
        reference_no: form.value("reference_no").trim().to_owned(),
        title: form.value("title").trim().to_owned(),
        grade: grade.clone(),
        job_family: form.value("job_family").trim().to_owned(),
        duty_station: form.value("duty_station").trim().to_owned(),
        duty_country: form.value("duty_country").trim().to_owned(),
        posted_on,
        deadline: form.value("deadline").trim().to_owned(),
        deadline_zone: form.value("deadline_zone").trim().to_owned(),
        subject_to_geo: match form.value("subject_to_geo") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        funding: form.value("funding").trim().to_owned(),
        needs: hrx_domain::intorgs::VacancyNeeds {
            min_degree: degree(form.value("min_degree")),
            degree_fields: list_of(form.value("degree_fields")),
            min_years_experience: years,
            grade: (!grade.is_empty()).then_some(grade),
            required_languages: required,
            fields_of_experience: list_of(form.value("fields_of_experience")),
            age_max,
            age_on,
            eligible_nationalities: (0..ROWS)
                .map(|i| form.value(&format!("nat_{i}")).trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect(),
            degree_substitution_allowed: form.value("degree_substitution_allowed") == "1",
        },
        desirable_languages: desirable,
    };
    // Every error at once: the form's own and the rule's.
    if let Err(more) = fields.check() {
        e.merge(more);
    }
    e.into_result().map(|()| fields)
}

/// Records a vacancy and goes to its page.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let kept = match fields_of(&form) {
        Err(errors) => Kept {
            message: ctx.t("form-has-errors"),
            ..Kept::fields(errors)
        },
        Ok(fields) => {
            let created = state
                .store
                .create_io_vacancy(&p.username, &fields, state.today())
                .await;
            let href = match &created {
                Ok(v) => format!("{BASE}/vacancies/{}", v.id),
                Err(_) => String::new(),
            };
            match answer(created, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
    };
    let ctx = Ctx {
        path: format!("{BASE}/vacancies/new"),
        ..ctx
    };
    form_view(&state, ctx, form, kept).await
}

/// A candidate of the roster ranked for the vacancy.
struct CandidateRow {
    entry_id: i64,
    href: String,
    person: String,
    rank: usize,
    matched: MatchView,
}

#[derive(Template)]
#[template(path = "io_vacancy.html")]
struct RecordPage {
    ctx: Ctx,
    v: VacancyRecord,
    row: VacancyRow,
    facts: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    eligible: Vec<CandidateRow>,
    ineligible: Vec<CandidateRow>,
    cases: Vec<CaseRow>,
    message: String,
    detail: String,
}

pub(super) async fn found(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
) -> Result<VacancyRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.io_vacancy(id, state.today()).await.found(ctx)
}

fn facts(ctx: &Ctx, v: &VacancyRecord) -> Vec<(String, String)> {
    let n = &v.needs;
    let dash = |s: String| if s.trim().is_empty() { "—".into() } else { s };
    let join = |l: &[String]| dash(l.join(ctx.lang.pick("、", ", ")));
    let worded = |list: &[Language]| {
        list.iter()
            .map(|l| {
                format!(
                    "{} ({})",
                    ctx.language(&l.language),
                    ctx.tk("io-level", l.level.code())
                )
            })
            .collect::<Vec<_>>()
    };
    let languages = worded(&n.required_languages);
    let desirable = worded(&v.desirable_languages);
    vec![
        (
            ctx.t("io-organisation"),
            ctx.io_organisation(
                &v.organisation,
                &v.organisation_name_en,
                &v.organisation_name_zh,
            ),
        ),
        (ctx.t("io-reference"), v.reference_no.clone()),
        (ctx.t("io-grade"), v.grade.clone()),
        (ctx.t("io-job-family"), dash(v.job_family.clone())),
        (
            ctx.t("io-duty-station"),
            format!("{} · {}", v.duty_station, ctx.country_name(&v.duty_country)),
        ),
        (
            ctx.t("io-posted-on"),
            v.posted_on
                .as_deref()
                .map_or_else(|| "—".into(), |d| ctx.date(d)),
        ),
        (
            ctx.t("io-funding"),
            ctx.tk(
                "io-funding",
                if v.funding.is_empty() {
                    "unknown"
                } else {
                    &v.funding
                },
            ),
        ),
        (
            ctx.t("io-subject-to-geo"),
            match v.subject_to_geo {
                Some(true) => ctx.t("io-yes"),
                Some(false) => ctx.t("io-no"),
                None => ctx.t("io-unknown"),
            },
        ),
        (
            ctx.t("io-min-degree"),
            n.min_degree
                .map_or_else(|| "—".into(), |d| ctx.tk("io-degree", d.code())),
        ),
        (ctx.t("io-degree-fields"), join(&n.degree_fields)),
        (
            ctx.t("io-min-years"),
            n.min_years_experience
                .map_or_else(|| ctx.t("io-min-years-grade"), |y| ctx.years(y)),
        ),
        (ctx.t("io-required-languages"), join(&languages)),
        (ctx.t("io-desirable-languages"), join(&desirable)),
        (
            ctx.t("io-fields-of-experience"),
            join(&n.fields_of_experience),
        ),
        (
            ctx.t("io-age-max"),
            n.age_max.map_or_else(
                || "—".into(),
                |a| match n.age_on {
                    Some(d) => ctx.t2(
                        "io-age-on",
                        ("age", &a.to_string()),
                        ("date", &ctx.date(&d.to_string())),
                    ),
                    None => a.to_string(),
                },
            ),
        ),
        (
            ctx.t("io-nationalities"),
            join(
                &n.eligible_nationalities
                    .iter()
                    .map(|c| ctx.country_name(c))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            ctx.t("io-substitution"),
            ctx.t(if n.degree_substitution_allowed {
                "io-yes"
            } else {
                "io-no"
            }),
        ),
        (
            ctx.t("io-recorded-by"),
            format!("{} · {}", v.created_by, ctx.datetime(&v.created_at)),
        ),
    ]
}

async fn record_view(
    state: &AppState,
    ctx: Ctx,
    username: &str,
    v: VacancyRecord,
    kept: Kept,
) -> Result<Response, PageError> {
    let ranked = state
        .store
        .rank_io_vacancy(username, v.id, state.today())
        .await
        .or_page(&ctx)?;
    let (mut eligible, mut ineligible) = (Vec::new(), Vec::new());
    for c in ranked {
        let value = serde_json::to_value(&c.matched).unwrap_or_default();
        let row = CandidateRow {
            entry_id: c.roster_entry_id,
            href: format!("{BASE}/roster/{}", c.roster_entry_id),
            person: c.person_name.clone(),
            rank: eligible.len() + 1,
            matched: MatchView::of(&ctx, &value),
        };
        if c.eligible {
            eligible.push(row);
        } else {
            ineligible.push(row);
        }
    }
    let cases = state
        .store
        .io_recommendations(Some(v.id))
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|r| CaseRow {
            href: format!("{BASE}/recommendations/{}", r.id),
            person: r.person_name.clone(),
            vacancy: r.score_drafted.map_or_else(String::new, |s| {
                ctx.t1("io-score-of", "score", format!("{s:.1}"))
            }),
            status: ctx.tk(WORDS.statuses, &r.status),
            badge: badge(&r.status),
            since: ctx.datetime(&r.status_since),
        })
        .collect();
    let statuses = hrx_domain::intorgs::vacancy::STATUSES
        .iter()
        .filter(|s| **s != v.status)
        .map(|s| ((*s).to_owned(), ctx.tk("io-vstatus", s)))
        .collect();
    let page = RecordPage {
        row: VacancyRow::of(&ctx, &v),
        facts: facts(&ctx, &v),
        statuses,
        eligible,
        ineligible,
        cases,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        v,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let v = found(&state, &ctx, &id).await?;
    record_view(&state, ctx, &p.username, v, Kept::default()).await
}

/// Closes, fills or cancels the vacancy; a cancellation is confirmed first.
pub(super) async fn status(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let v = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/vacancies/{}", v.id);
    let status = form.value("status").trim().to_owned();
    if status == "cancelled" && form.value("confirmed") != "yes" {
        let open = state
            .store
            .io_recommendations(Some(v.id))
            .await
            .or_page(&ctx)?
            .into_iter()
            .filter(|r| !super::home::TERMINAL.contains(&r.status.as_str()))
            .map(|r| format!("{} · {}", r.person_name, ctx.tk(WORDS.statuses, &r.status)))
            .collect();
        let page = super::ConfirmPage {
            title: format!("{} · {}", v.title, v.reference_no),
            heading: ctx.t("io-cancel-vacancy"),
            lead: ctx.t("io-cancel-vacancy-lead"),
            points: open,
            record_href: href.clone(),
            action_href: format!("{href}/status"),
            hidden: vec![
                ("version".into(), form.value("version").to_owned()),
                ("status".into(), status),
            ],
            go: ctx.t("io-cancel-vacancy-go"),
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let version = form.value("version").trim().parse().unwrap_or(-1);
    let set = state
        .store
        .set_io_vacancy_status(&p.username, v.id, version, &status, state.today())
        .await;
    match answer(set, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            record_view(&state, ctx, &p.username, v, kept).await
        }
    }
}

/// Drafts a recommendation of a roster entry to the vacancy and goes to the case.
pub(super) async fn recommend(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let v = found(&state, &ctx, &id).await?;
    let entry = form.value("roster_entry_id").trim().parse().unwrap_or(-1);
    let drafted = state
        .store
        .draft_io_recommendation(&p.username, v.id, entry, state.today())
        .await;
    let href = match &drafted {
        Ok(r) => format!("{BASE}/recommendations/{}", r.id),
        Err(_) => String::new(),
    };
    match answer(drafted, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx {
                path: format!("{BASE}/vacancies/{}", v.id),
                ..ctx
            };
            record_view(&state, ctx, &p.username, v, kept).await
        }
    }
}
