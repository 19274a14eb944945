//! The roster of qualified nationals (personal data: every read is recorded): the list, the
//! form a national is put on it with (the person chosen with the picker; languages, degrees
//! and periods of work as a few rows each; lists typed with commas; every value kept on
//! error), and an entry's page with all its facts, the years derived from the periods and
//! the consent.

use super::vacancies::{day_of, degree, language_options, level};
use super::{answer, badge, list_of, Kept, Officer, BASE, DEGREES, LEVELS};
use crate::pages::case::picker::{pick_person, PickKind, Picker};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager, Searched};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::intorgs::roster::{
    Experience, RosterDegree, RosterLanguage, EVIDENCE, SOURCES, STATUSES,
};
use hrx_domain::intorgs::RosterFields;
use hrx_domain::FieldErrors;
use hrx_store::intorgs::RosterRecord;

/// Rows of languages, degrees and periods of work the form offers.
const LANGUAGE_ROWS: usize = 4;
const DEGREE_ROWS: usize = 3;
const EXPERIENCE_ROWS: usize = 4;

struct Row {
    href: String,
    person: String,
    source: String,
    status: String,
    badge: &'static str,
    valid_until: String,
    years: String,
    fields: String,
}

#[derive(Template)]
#[template(path = "io_roster.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Row>,
    q: Searched,
    pager: KeysetPager,
}

/// Candidates on a page of the roster.
const LIST_ROWS: usize = 50;

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Query(q): Query<Searched>,
) -> Result<Response, PageError> {
    let rows: Vec<Row> = state
        .store
        .io_roster(&p.username, state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|r| Row {
            href: format!("{BASE}/roster/{}", r.id),
            person: r.person_name.clone(),
            source: ctx.tk("io-rsource", &r.source),
            status: ctx.tk("io-rstatus", &r.status),
            badge: badge(&r.status),
            valid_until: r
                .valid_until
                .as_deref()
                .map_or_else(|| "—".into(), |d| ctx.date(d)),
            years: ctx.years(r.relevant_years),
            fields: r.fields.join(ctx.lang.pick("、", ", ")),
        })
        .collect();
    let (rows, pager) = q.page(
        (&format!("{BASE}/roster"), &[]),
        rows,
        |r| r.href.rsplit('/').next().unwrap_or_default().to_owned(),
        |r| {
            vec![
                r.person.clone(),
                r.source.clone(),
                r.status.clone(),
                r.fields.clone(),
            ]
        },
        LIST_ROWS,
    );
    let page = ListPage {
        ctx,
        rows,
        q,
        pager,
    };
    Ok(no_store(render(StatusCode::OK, &page)))
}

/// A row of the form's repeated inputs: its index (names end in `_{i}`).
pub(super) struct FormRow {
    pub i: usize,
}

impl FormRow {
    /// The name of this row's input `prefix`.
    pub fn n(&self, prefix: &str) -> String {
        format!("{prefix}_{}", self.i)
    }
}

#[derive(Template)]
#[template(path = "io_roster_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    person_picker: String,
    sources: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    evidence: Vec<(String, String)>,
    degrees: Vec<(String, String)>,
    countries: Vec<(String, String)>,
    language_rows: Vec<FormRow>,
    degree_rows: Vec<FormRow>,
    experience_rows: Vec<FormRow>,
    editing: Option<Editing>,
}

fn rows(n: usize) -> Vec<FormRow> {
    (0..n).map(|i| FormRow { i }).collect()
}

/// How many rows of a repeated input the form has: at least `min`, and one spare after the
/// last filled in (an entry edited with more rows than the form offers loses none).
fn row_count(form: &FormValues, first: &str, min: usize) -> usize {
    let last = form
        .0
        .iter()
        .filter(|(k, v)| !v.trim().is_empty() && k.starts_with(first))
        .filter_map(|(k, _)| k[first.len()..].strip_prefix('_')?.parse::<usize>().ok())
        .max();
    last.map_or(min, |i| min.max(i + 2)).min(MAX_ROWS)
}

/// The most rows a repeated input may have.
const MAX_ROWS: usize = 40;

/// The entry being edited: its id, the version the form was read at and whose it is.
pub(super) struct Editing {
    pub id: i64,
    pub version: i64,
    pub person: String,
}

/// An entry's facts as the form's values.
fn form_of(f: &RosterFields) -> FormValues {
    let mut form = FormValues::default();
    let mut set = |k: String, v: String| {
        form.0.insert(k, v);
    };
    for (i, l) in f.languages.iter().enumerate() {
        set(format!("lang_{i}"), l.language.clone());
        set(format!("level_{i}"), l.level.code().to_owned());
        set(format!("evidence_{i}"), l.evidence.clone());
        set(format!("note_{i}"), l.evidence_note.clone());
    }
    // The spare rows start as the new form's do.
    for i in f.languages.len()..LANGUAGE_ROWS.max(f.languages.len() + 1) {
        set(format!("evidence_{i}"), "self_declared".into());
    }
    for (i, d) in f.degrees.iter().enumerate() {
        set(format!("deg_level_{i}"), d.degree.level.code().to_owned());
        set(format!("deg_field_{i}"), d.degree.field.clone());
        set(format!("deg_inst_{i}"), d.institution.clone());
        set(format!("deg_country_{i}"), d.country.clone());
        set(
            format!("deg_year_{i}"),
            d.year.map(|y| y.to_string()).unwrap_or_default(),
        );
    }
    for (i, x) in f.experience.iter().enumerate() {
        set(format!("exp_employer_{i}"), x.employer.clone());
        set(format!("exp_from_{i}"), x.from.to_string());
        set(
            format!("exp_to_{i}"),
            x.to.map(|d| d.to_string()).unwrap_or_default(),
        );
        set(format!("exp_field_{i}"), x.field.clone());
        if x.international {
            set(format!("exp_intl_{i}"), "1".into());
        }
        if !x.relevant {
            set(format!("exp_other_{i}"), "1".into());
        }
    }
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    set("fields".into(), f.fields.join(", "));
    set(
        "preferred_organisations".into(),
        f.preferred_organisations.join(", "),
    );
    set(
        "preferred_duty_stations".into(),
        f.preferred_duty_stations.join(", "),
    );
    if f.willing_field_mission {
        set("willing_field_mission".into(), "1".into());
    }
    set("source".into(), f.source.clone());
    set("status".into(), f.status.clone());
    set("valid_until".into(), day(f.valid_until));
    set("consent_on".into(), day(f.consent_on));
    set("retain_until".into(), day(f.retain_until));
    form
}

fn form_view(
    ctx: Ctx,
    form: FormValues,
    picker: Picker,
    kept: Kept,
    editing: Option<Editing>,
) -> Response {
    let errors = Errors::from(&ctx, &kept.errors);
    let page = FormPage {
        person_picker: picker.html(&ctx, &errors),
        errors,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        sources: ctx.choices("io-rsource", &SOURCES),
        statuses: ctx.choices("io-rstatus", &STATUSES),
        languages: language_options(&ctx),
        levels: ctx.choices("io-level", &LEVELS),
        evidence: ctx.choices("io-evidence", &EVIDENCE),
        degrees: ctx.choices("io-degree", &DEGREES),
        countries: ctx.countries(),
        language_rows: rows(row_count(&form, "lang", LANGUAGE_ROWS)),
        degree_rows: rows(row_count(&form, "deg_level", DEGREE_ROWS)),
        experience_rows: rows(row_count(&form, "exp_employer", EXPERIENCE_ROWS)),
        editing,
        form,
        ctx,
    };
    no_store(render(kept.status(), &page))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let mut form = FormValues::default();
    for (name, value) in [
        ("status", "active"),
        ("source", "ncre_roster"),
        ("lang_0", "zh"),
        ("level_0", "fluent"),
        ("evidence_0", "self_declared"),
        ("lang_1", "en"),
        ("evidence_1", "self_declared"),
        ("evidence_2", "self_declared"),
        ("evidence_3", "self_declared"),
    ] {
        form.0.insert(name.into(), value.into());
    }
    form.0
        .insert("consent_on".into(), state.today().to_string());
    Ok(form_view(
        ctx,
        form,
        Picker::new("person_id", PickKind::Person),
        Kept::default(),
        None,
    ))
}

/// The store's names of a row's fields (`experience[1].to`) as the form's (`exp_to_1`).
fn form_field(field: &str) -> String {
    let Some((list, rest)) = field.split_once('[') else {
        return field.to_owned();
    };
    let Some((i, name)) = rest.split_once("].") else {
        return field.to_owned();
    };
    let prefix = match (list, name) {
        ("languages", "language") => "lang",
        ("languages", "evidence") => "evidence",
        ("degrees", "year") => "deg_year",
        ("experience", "employer") => "exp_employer",
        ("experience", "from") => "exp_from",
        ("experience", "to") => "exp_to",
        _ => return field.to_owned(),
    };
    format!("{prefix}_{i}")
}

/// The entry's facts as typed: a row counts when its first input is filled in.
fn fields_of(form: &FormValues) -> Result<RosterFields, FieldErrors> {
    let mut e = FieldErrors::new();
    let v = |name: String| form.value(&name).trim().to_owned();
    let mut languages = Vec::new();
    for i in 0..row_count(form, "lang", LANGUAGE_ROWS) {
        let code = v(format!("lang_{i}"));
        if code.is_empty() {
            continue;
        }
        match level(&v(format!("level_{i}"))) {
            Some(level) => languages.push(RosterLanguage {
                language: code,
                level,
                evidence: match v(format!("evidence_{i}")) {
                    s if s.is_empty() => "self_declared".into(),
                    s => s,
                },
                evidence_note: v(format!("note_{i}")),
            }),
            None => e.add(format!("level_{i}"), "required"),
        }
    }
    let mut degrees = Vec::new();
    for i in 0..row_count(form, "deg_level", DEGREE_ROWS) {
        let code = v(format!("deg_level_{i}"));
        if code.is_empty() {
            continue;
        }
        let year = match v(format!("deg_year_{i}")) {
            s if s.is_empty() => None,
            s => match s.parse() {
                Ok(y) => Some(y),
                Err(_) => {
                    e.add(format!("deg_year_{i}"), "not_a_number");
                    None
                }
            },
        };
        if let Some(level) = degree(&code) {
            degrees.push(RosterDegree {
                degree: hrx_domain::intorgs::matching::Degree {
                    level,
                    field: v(format!("deg_field_{i}")),
                },
                institution: v(format!("deg_inst_{i}")),
                country: v(format!("deg_country_{i}")),
                year,
            });
        }
    }
    let mut experience = Vec::new();
    let experience_rows = row_count(form, "exp_employer", EXPERIENCE_ROWS).max(row_count(
        form,
        "exp_from",
        EXPERIENCE_ROWS,
    ));
    for i in 0..experience_rows {
        let employer = v(format!("exp_employer_{i}"));
        let from = day_of(&mut e, form, &format!("exp_from_{i}"));
        let to = day_of(&mut e, form, &format!("exp_to_{i}"));
        if employer.is_empty() && from.is_none() {
            continue;
        }
        if employer.is_empty() {
            e.add(format!("exp_employer_{i}"), "required");
        }
        let Some(from) = from else {
            e.add(format!("exp_from_{i}"), "required");
            continue;
        };
        experience.push(Experience {
            employer,
            from,
            to,
            field: v(format!("exp_field_{i}")),
            international: form.value(&format!("exp_intl_{i}")) == "1",
            relevant: form.value(&format!("exp_other_{i}")) != "1",
        });
    }
    let fields = RosterFields {
        languages,
        degrees,
        experience,
        fields: list_of(form.value("fields")),
        preferred_organisations: list_of(form.value("preferred_organisations")),
        preferred_duty_stations: list_of(form.value("preferred_duty_stations")),
        willing_field_mission: form.value("willing_field_mission") == "1",
        source: v("source".into()),
        status: v("status".into()),
        valid_until: day_of(&mut e, form, "valid_until"),
        consent_on: day_of(&mut e, form, "consent_on"),
        retain_until: day_of(&mut e, form, "retain_until"),
    };
    if let Err(more) = fields.check() {
        for f in more.0 {
            e.add(form_field(&f.field), f.code);
        }
    }
    e.into_result().map(|()| fields)
}

/// Puts a national on the roster and goes to the entry.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let (picker, person) = pick_person(&state.store, &ctx, &p, &form, &mut errors).await?;
    let checked = fields_of(&form);
    let kept = match (person, checked) {
        (Some(person), Ok(fields)) if errors.is_empty() => {
            let created = state
                .store
                .create_io_roster_entry(&p.username, person, &fields, state.today())
                .await;
            let href = match &created {
                Ok(r) => format!("{BASE}/roster/{}", r.id),
                Err(_) => String::new(),
            };
            match answer(created, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        (_, checked) => {
            if let Err(more) = checked {
                errors.merge(more);
            }
            Kept {
                message: ctx.t("form-has-errors"),
                ..Kept::fields(errors)
            }
        }
    };
    let ctx = Ctx {
        path: format!("{BASE}/roster/new"),
        ..ctx
    };
    Ok(form_view(ctx, form, picker, kept, None))
}

#[derive(Template)]
#[template(path = "io_roster_entry.html")]
struct RecordPage {
    ctx: Ctx,
    r: RosterRecord,
    person: Vec<(String, String)>,
    languages: Vec<String>,
    degrees: Vec<String>,
    experience: Vec<String>,
    facts: Vec<(String, String)>,
}

fn entry_page(ctx: Ctx, r: RosterRecord) -> RecordPage {
    let date = |d: Option<&str>| d.map_or_else(|| "—".to_owned(), |d| ctx.date(d));
    let sep = ctx.lang.pick("、", ", ");
    let dash = |s: String| if s.trim().is_empty() { "—".into() } else { s };
    let person = vec![
        (
            ctx.t("io-name"),
            format!(
                "{}{}",
                r.person_name,
                r.name_latin
                    .as_deref()
                    .map_or_else(String::new, |l| format!(" · {l}"))
            ),
        ),
        (ctx.t("io-sex"), ctx.tk("sex", &r.sex)),
        (ctx.t("io-birth-date"), ctx.date(&r.birth_date)),
        (ctx.t("io-nationality"), ctx.country_name(&r.nationality)),
    ];
    let languages = r
        .facts
        .languages
        .iter()
        .map(|l| {
            let mut s = format!(
                "{} · {} · {}",
                ctx.language(&l.language),
                ctx.tk("io-level", l.level.code()),
                ctx.tk("io-evidence", &l.evidence)
            );
            if !l.evidence_note.is_empty() {
                s.push_str(&format!(" ({})", l.evidence_note));
            }
            s
        })
        .collect();
    let degrees = r
        .facts
        .degrees
        .iter()
        .map(|d| {
            let mut parts = vec![ctx.tk("io-degree", d.degree.level.code())];
            for x in [&d.degree.field, &d.institution] {
                if !x.is_empty() {
                    parts.push(x.clone());
                }
            }
            if !d.country.is_empty() {
                parts.push(ctx.country_name(&d.country));
            }
            if let Some(y) = d.year {
                parts.push(y.to_string());
            }
            parts.join(" · ")
        })
        .collect();
    let experience = r
        .facts
        .experience
        .iter()
        .map(|x| {
            let mut s = format!(
                "{} · {} – {}",
                x.employer,
                ctx.date(&x.from.to_string()),
                x.to.map_or_else(|| ctx.t("io-to-date"), |t| ctx.date(&t.to_string()))
            );
            if !x.field.is_empty() {
                s.push_str(&format!(" · {}", x.field));
            }
            if x.international {
                s.push_str(&format!(" · {}", ctx.t("io-international")));
            }
            if !x.relevant {
                s.push_str(&format!(" · {}", ctx.t("io-not-relevant")));
            }
            s
        })
        .collect();
    let f = &r.facts;
    let facts = vec![
        (ctx.t("io-fields"), dash(f.fields.join(sep))),
        (ctx.t("io-relevant-years"), ctx.years(r.relevant_years)),
        (
            ctx.t("io-international-years"),
            ctx.years(r.international_years),
        ),
        (
            ctx.t("io-preferred-organisations"),
            dash(f.preferred_organisations.join(sep)),
        ),
        (
            ctx.t("io-preferred-duty-stations"),
            dash(f.preferred_duty_stations.join(sep)),
        ),
        (
            ctx.t("io-field-mission"),
            ctx.t(if f.willing_field_mission {
                "io-yes"
            } else {
                "io-no"
            }),
        ),
        (ctx.t("io-source"), ctx.tk("io-rsource", &r.source)),
        (ctx.t("io-valid-until"), date(r.valid_until.as_deref())),
        (ctx.t("io-consent-on"), ctx.date(&r.consent_on)),
        (ctx.t("io-retain-until"), date(r.retain_until.as_deref())),
        (
            ctx.t("io-recorded-by"),
            format!("{} · {}", r.created_by, ctx.datetime(&r.created_at)),
        ),
    ];
    RecordPage {
        person,
        languages,
        degrees,
        experience,
        facts,
        r,
        ctx,
    }
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let r = state
        .store
        .io_roster_entry(&p.username, id, state.today())
        .await
        .found(&ctx)?;
    Ok(no_store(render(StatusCode::OK, &entry_page(ctx, r))))
}

/// The form an entry is edited with, filled in with its facts (the read recorded).
pub(super) async fn edit_form(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let r = state
        .store
        .io_roster_entry(&p.username, id, state.today())
        .await
        .found(&ctx)?;
    let editing = Editing {
        id: r.id,
        version: r.version,
        person: r.person_name.clone(),
    };
    Ok(form_view(
        ctx,
        form_of(&r.facts),
        Picker::new("person_id", PickKind::Person),
        Kept::default(),
        Some(editing),
    ))
}

/// Saves an edited entry (refused when someone saved it since the form was read) and goes
/// back to it.
pub(super) async fn update(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let r = state
        .store
        .io_roster_entry(&p.username, id, state.today())
        .await
        .found(&ctx)?;
    let href = format!("{BASE}/roster/{id}");
    let version = form.value("version").trim().parse().unwrap_or(-1);
    let kept = match fields_of(&form) {
        Ok(fields) => {
            let saved = state
                .store
                .update_io_roster_entry(&p.username, id, version, &fields, state.today())
                .await;
            match answer(saved, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        Err(errors) => Kept {
            message: ctx.t("form-has-errors"),
            ..Kept::fields(errors)
        },
    };
    let editing = Editing {
        id,
        version,
        person: r.person_name,
    };
    let ctx = Ctx {
        path: format!("{href}/edit"),
        ..ctx
    };
    let picker = Picker::new("person_id", PickKind::Person);
    Ok(form_view(ctx, form, picker, kept, Some(editing)))
}
