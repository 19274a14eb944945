//! The partners: the list by kind with a form to add a country (chosen by name from ISO 3166)
//! and, for administrators, an organisation; and a partner's record with everything linked to
//! it: its contacts (a person of the registry chosen with the picker), its agreements (the
//! social security agreements among them, kept by the coverage register), events, projects and
//! timeline.

use super::timeline::{month_only, timeline_rows, TimelineRow};
use super::{agreement_href, form_refusal, names_of, partner_options, state_badge, Officer};
use crate::pages::case::picker::{pick_into, PickKind, Picker};
use crate::pages::extract::{allow, Found, OrPage, PageError};
use crate::pages::{render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hrx_domain::cooperation::PartnerKind;
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{
    EventFilter, NewPartner, PartnerRecord, TimelineFilter, CONTACT_ROLES,
};

/// The kinds an administrator may add by name (countries and regions come from ISO 3166).
const NAMED_KINDS: [&str; 3] = [
    "international_organisation",
    "regional_forum",
    "foreign_agency",
];

/// The partners of one kind, by name.
struct Group {
    kind: String,
    partners: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "cooperation_partners.html")]
struct PartnersPage {
    ctx: Ctx,
    groups: Vec<Group>,
    countries: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    all_countries: Vec<(String, String)>,
    values: FormValues,
    errors: Errors,
}

async fn partners_view(
    state: &AppState,
    ctx: Ctx,
    values: FormValues,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let mut partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    // The social security agreements' countries are partners too, kept by the coverage
    // register rather than recorded here.
    for a in state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?
    {
        for p in a.partners {
            if !partners.iter().any(|x| x.code == p.code) {
                partners.push(PartnerRecord {
                    id: 0,
                    code: p.code,
                    kind: p.kind,
                    name_en: p.name_en,
                    name_zh: p.name_zh,
                    country: p.country,
                    source: String::new(),
                });
            }
        }
    }
    let groups = PartnerKind::ALL
        .iter()
        .map(|kind| Group {
            kind: ctx.tk("coop-partner-group", kind.code()),
            partners: partner_options(
                &ctx,
                &partners
                    .iter()
                    .filter(|p| p.kind == kind.code())
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
        })
        .filter(|g| !g.partners.is_empty())
        .collect();
    let all_countries: Vec<(String, String)> = ctx
        .countries()
        .into_iter()
        .filter(|(code, _)| code != "CN")
        .collect();
    let page = PartnersPage {
        countries: all_countries
            .iter()
            .filter(|(code, _)| !partners.iter().any(|p| &p.code == code))
            .cloned()
            .collect(),
        kinds: ctx.choices("coop-partner-kind", &NAMED_KINDS),
        all_countries,
        groups,
        errors: Errors::from(&ctx, errors),
        values,
        ctx,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    partners_view(&state, ctx, FormValues::default(), &FieldErrors::new()).await
}

/// Records a partner and goes to its page; a refusal shows the list again with the form as
/// typed (`field` renames the store's `code` for the form that chose a country).
async fn record(
    state: &AppState,
    (ctx, actor): (Ctx, &str),
    input: NewPartner,
    (values, field): (FormValues, &str),
) -> Result<Response, PageError> {
    let refused = match state.store.add_coop_partner(actor, &input).await {
        Ok(p) => {
            let to = format!("/cooperation/partners/{}", p.code);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => form_refusal(e, "code").or_page(&ctx)?,
    };
    let mut errors = FieldErrors::new();
    for e in refused.0 {
        let name = if e.field == "code" { field } else { &e.field };
        errors.add(name, e.code);
    }
    let ctx = Ctx {
        path: "/cooperation/partners".into(),
        ..ctx
    };
    partners_view(state, ctx, values, &errors).await
}

/// Adds a country (or Hong Kong, Macao, Taiwan as regions) chosen by name.
pub(super) async fn add(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let input = NewPartner {
        code: values.value("iso").to_owned(),
        kind: PartnerKind::Country.code().to_owned(),
        ..NewPartner::default()
    };
    if input.code.trim().is_empty() {
        let errors = FieldErrors::single("iso", "required");
        return partners_view(&state, ctx, values, &errors).await;
    }
    record(&state, (ctx, &p.username), input, (values, "iso")).await
}

/// Adds an organisation, regional forum or foreign agency: administrators only.
pub(super) async fn add_organisation(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    allow(ctx.is_admin(), &ctx)?;
    let field = |name: &str| values.value(name).to_owned();
    let input = NewPartner {
        code: field("code"),
        kind: field("kind"),
        name_en: field("name_en"),
        name_zh: field("name_zh"),
        country: field("country"),
        source: field("source"),
    };
    record(&state, (ctx, &p.username), input, (values, "code")).await
}

/// A contact as the record lists it.
struct ContactRow {
    name: String,
    person_id: i64,
    role: String,
    title: String,
}

/// An agreement of the partner.
struct AgreementRow {
    href: String,
    title: String,
    kind: String,
    social_security: bool,
    signed: String,
    state: String,
    badge: &'static str,
}

/// An event of the partner.
struct EventRow {
    href: String,
    date: String,
    name: String,
    kind: String,
}

/// A project of the partner.
struct ProjectRow {
    href: String,
    title: String,
    status: String,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "cooperation_partner.html")]
struct PartnerPage {
    ctx: Ctx,
    p: PartnerRecord,
    heading: String,
    other_name: String,
    kind: String,
    country: String,
    contacts: Vec<ContactRow>,
    agreements: Vec<AgreementRow>,
    events: Vec<EventRow>,
    projects: Vec<ProjectRow>,
    timeline: Vec<TimelineRow>,
    picker: String,
    roles: Vec<(String, String)>,
    values: FormValues,
    errors: Errors,
}

async fn partner_view(
    state: &AppState,
    ctx: Ctx,
    code: &str,
    (values, picker, errors): (FormValues, Picker, &FieldErrors),
) -> Result<Response, PageError> {
    let store = &state.store;
    let p = store.coop_partner(code).await.found(&ctx)?;
    let partners = store.coop_partners(None).await.or_page(&ctx)?;
    let contacts = if p.id > 0 {
        store.coop_contacts(p.id).await.or_page(&ctx)?
    } else {
        Vec::new()
    };
    let contacts = contacts
        .into_iter()
        .map(|c| ContactRow {
            name: hrx_domain::registry::display_name(
                c.name_native.as_deref(),
                c.name_latin.as_deref(),
            ),
            person_id: c.person_id,
            role: ctx.tk("coop-contact-role", &c.role),
            title: if c.title == "-" {
                String::new()
            } else {
                c.title
            },
        })
        .collect();
    let agreements = store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|a| {
            a.partners
                .iter()
                .any(|x| x.code == p.code || x.country.as_deref() == Some(&p.code))
        })
        .map(|a| {
            let state = a.state.as_str();
            AgreementRow {
                href: agreement_href(&a),
                title: ctx.both(&a.title_en, &a.title_zh),
                kind: ctx.tk("coop-kind", &a.kind),
                social_security: a.id.is_none(),
                signed: ctx.date_or_dash(a.signed_on.as_deref()),
                state: ctx.tk("coop-state", state),
                badge: state_badge(state),
            }
        })
        .collect();
    let filter = EventFilter {
        partner: Some(p.code.clone()),
        ..EventFilter::default()
    };
    let records = store.coop_events(&filter).await.or_page(&ctx)?;
    let months = month_only(&records);
    let mut events: Vec<EventRow> = records
        .into_iter()
        .map(|e| EventRow {
            href: format!("/cooperation/events/{}", e.id),
            date: if e.month_only {
                ctx.month(&e.starts_on)
            } else {
                ctx.date(&e.starts_on)
            },
            name: ctx.both(&e.name_en, &e.name_zh),
            kind: ctx.tk("coop-event-kind", &e.kind),
        })
        .collect();
    events.reverse();
    let projects = store
        .coop_projects(state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|j| j.partner == p.code)
        .map(|j| ProjectRow {
            href: format!("/cooperation/projects/{}", j.id),
            title: ctx.both(&j.title_en, &j.title_zh),
            status: ctx.tk("coop-project-status", &j.status),
            badge: state_badge(&j.status),
        })
        .collect();
    let filter = TimelineFilter {
        partner: Some(p.code.clone()),
        ..TimelineFilter::default()
    };
    let entries = store
        .coop_timeline(&filter, state.today())
        .await
        .or_page(&ctx)?;
    let timeline = timeline_rows(&ctx, &partners, entries, &months);
    let errors = Errors::from(&ctx, errors);
    let page = PartnerPage {
        heading: ctx.both(&p.name_en, &p.name_zh),
        other_name: ctx.other(&p.name_en, &p.name_zh),
        kind: ctx.tk("coop-partner-kind", &p.kind),
        country: p
            .country
            .as_deref()
            .map(|c| names_of(&ctx, &partners, &[c.to_owned()]))
            .unwrap_or_default(),
        contacts,
        agreements,
        events,
        projects,
        timeline,
        picker: picker.html(&ctx, &errors),
        roles: ctx.choices("coop-contact-role", &CONTACT_ROLES),
        values,
        p,
        errors,
        ctx,
    };
    let status = if page.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let picker = Picker::new("person_id", PickKind::Person);
    let nothing = (FormValues::default(), picker, &FieldErrors::new());
    partner_view(&state, ctx, &code, nothing).await
}

/// Resolves the person picker of a form (the chosen id, or the one match of the typed text)
/// into `person_id`; the errors are for text that matches nothing or several, or nothing
/// chosen.
pub(super) async fn person_picked(
    state: &AppState,
    ctx: &Ctx,
    principal: &hrx_domain::access::Principal,
    values: &FormValues,
    errors: &mut FieldErrors,
) -> Result<(Picker, Option<i64>), PageError> {
    let mut picker = Picker::new("person_id", PickKind::Person);
    let mut id = values.value("person_id").to_owned();
    let query = values.value("person_id_q");
    let scope = principal.person_scope();
    pick_into(
        &state.store,
        ctx,
        &mut picker,
        (&mut id, query, scope),
        errors,
    )
    .await
    .or_page(ctx)?;
    let chosen = id.trim().parse::<i64>().ok().filter(|id| *id > 0);
    if chosen.is_none() && errors.code_for("person_id").is_none() {
        errors.add("person_id", "required");
    }
    Ok((picker, chosen))
}

/// Adds a focal point or contact to the partner; a refusal shows its page again with the
/// form as typed.
pub(super) async fn add_contact(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(code): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let (picker, person) = person_picked(&state, &ctx, &p, &values, &mut errors).await?;
    let role = values.value("role");
    if role.is_empty() {
        errors.add("role", "required");
    }
    if let (Some(person), true) = (person, errors.is_empty()) {
        let title = values.value("title");
        match state
            .store
            .add_coop_contact(&p.username, &code, person, role, title)
            .await
        {
            Ok(_) => {
                let to = format!("/cooperation/partners/{code}#contacts");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(hrx_store::StoreError::NotFound) => return Err(PageError::not_found(ctx)),
            Err(e) => errors.merge(form_refusal(e, "person_id").or_page(&ctx)?),
        }
    }
    let ctx = Ctx {
        path: format!("/cooperation/partners/{code}"),
        ..ctx
    };
    partner_view(&state, ctx, &code, (values, picker, &errors)).await
}
