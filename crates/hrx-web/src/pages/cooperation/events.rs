//! Events: the history filtered by kind and year (the shipped 1983–2011 history with the
//! events officers record), the form that records one with its partners, and an event's page
//! with its partners, its Chinese delegation (a person of the registry chosen with the picker,
//! and a role), its outcome documents and under each its follow-up actions (an owner chosen
//! among the officers' accounts, a deadline in working days or as a date; marked done, or
//! cancelled with a reason after a confirmation).

use super::partners::person_picked;
use super::{
    codes, form_refusal, names_of, partner_choices, sorted, step_answer, FollowUpView, Kept,
    Officer, FOLLOW_UP_WORDS, ROLE,
};
use crate::pages::case::picker::{PickKind, Picker};
use crate::pages::case::{actions, confirm_page, ConfirmTarget, StepAction, StepForm};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{
    no_store, page_in_memory, parse_id, render, words_in, Ctx, Errors, FormValues, KeysetPager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Datelike;
use hrx_domain::cooperation::events::{
    ChineseRole, DelegateRole, EventKind, EventRow, OutcomeKind, PartnerRole,
};
use hrx_domain::cooperation::followup_workflow;
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{
    EventFilter, EventRecord, FollowUpInput, FollowUpRecord, NewEvent, OutcomeInput, PartnerRecord,
};
use hrx_store::StoreError;
use serde::Deserialize;

const BASE: &str = "/cooperation/events";

/// The partner rows the event form offers.
const PARTNER_ROWS: usize = 3;

/// An event's dates as the reader's language writes them: the month only where the day is
/// not known, and the last day after the first.
fn when(ctx: &Ctx, e: &EventRecord) -> String {
    let start = if e.month_only {
        ctx.month(&e.starts_on)
    } else {
        ctx.date(&e.starts_on)
    };
    match &e.ends_on {
        Some(end) if *end != e.starts_on => format!("{start} – {}", ctx.date(end)),
        _ => start,
    }
}

/// Where an event was held: the city as recorded and the country by name.
fn place(ctx: &Ctx, e: &EventRecord) -> String {
    let country = e
        .host_country
        .as_deref()
        .map(|c| ctx.country_name(c))
        .unwrap_or_default();
    [e.host_city.as_str(), country.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(ctx.lang.pick("，", ", "))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    q: String,
    kind: String,
    year: String,
    after: String,
}

/// Events on a page of the history.
const LIST_ROWS: usize = 50;

struct Row {
    id: i64,
    href: String,
    when: String,
    name: String,
    other: String,
    kind: String,
    place: String,
    partners: String,
    outcomes: Vec<String>,
}

#[derive(Template)]
#[template(path = "cooperation_events.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    kinds: Vec<(String, String)>,
    years: Vec<(String, String)>,
    rows: Vec<Row>,
    pager: KeysetPager,
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let all = state
        .store
        .coop_events(&EventFilter::default())
        .await
        .or_page(&ctx)?;
    let mut years: Vec<i32> = all
        .iter()
        .filter_map(|e| super::day(&e.starts_on).map(|d| d.year()))
        .collect();
    years.sort_unstable();
    years.dedup();
    let year = q.year.trim().parse::<i32>().ok();
    let rows = all
        .iter()
        .rev()
        .filter(|e| q.kind.is_empty() || e.kind == q.kind)
        .filter(|e| year.is_none_or(|y| e.starts_on.starts_with(&format!("{y:04}-"))))
        .filter_map(|e| {
            let codes: Vec<String> = e.partners.iter().map(|p| p.code.clone()).collect();
            let partner_names = names_of(&ctx, &partners, &codes);
            let place = place(&ctx, e);
            let searched = [
                e.name_en.as_str(),
                e.name_zh.as_str(),
                partner_names.as_str(),
                place.as_str(),
                e.host_city.as_str(),
            ];
            words_in(&q.q, &searched).then(|| Row {
                id: e.id,
                href: format!("{BASE}/{}", e.id),
                when: when(&ctx, e),
                name: ctx.both(&e.name_en, &e.name_zh),
                other: ctx.other(&e.name_en, &e.name_zh),
                kind: ctx.tk("coop-event-kind", &e.kind),
                place,
                partners: partner_names,
                outcomes: e
                    .outcomes
                    .iter()
                    .map(|o| ctx.both(&o.title_en, &o.title_zh))
                    .collect(),
            })
        })
        .collect();
    let (rows, total, next) = page_in_memory(rows, |r: &Row| r.id.to_string(), &q.after, LIST_ROWS);
    let pager = KeysetPager::new(
        BASE,
        &[("q", &q.q), ("kind", &q.kind), ("year", &q.year)],
        &q.after,
        (total, false),
        next.as_deref(),
    );
    let page = ListPage {
        kinds: ctx.choices("coop-event-kind", &codes(EventKind::ALL, EventKind::code)),
        years: years
            .iter()
            .rev()
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
        rows,
        pager,
        q,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The event form as typed: the row of the import layout, China's part, and its partners
/// with their parts.
struct EventForm {
    row: EventRow,
    chinese_role: String,
    partners: Vec<(String, String)>,
}

impl EventForm {
    fn read(values: &FormValues) -> EventForm {
        let field = |name: &str| values.value(name).to_owned();
        EventForm {
            row: EventRow {
                date: field("date"),
                end_date: field("end_date"),
                name_en: field("name_en"),
                name_zh: field("name_zh"),
                kind: field("kind"),
                organiser: field("organiser"),
                host_city: field("host_city"),
                host_country: field("host_country"),
                outcome_document: field("outcome_document"),
                source: field("source"),
            },
            chinese_role: field("chinese_role"),
            partners: (1..=PARTNER_ROWS)
                .map(|i| (field(&format!("partner_{i}")), field(&format!("role_{i}"))))
                .collect(),
        }
    }

    /// The event checked, with its partners; every field refused is named.
    fn check(&self) -> Result<NewEvent, FieldErrors> {
        let mut errors = FieldErrors::new();
        let chinese_role = match self.chinese_role.trim() {
            "" => None,
            code => {
                let role = ChineseRole::parse(code);
                if role.is_none() {
                    errors.add("chinese_role", "unknown_value");
                }
                role
            }
        };
        let mut partners = Vec::new();
        for (i, (code, role)) in self.partners.iter().enumerate() {
            if code.trim().is_empty() {
                continue;
            }
            match PartnerRole::parse(role) {
                Some(role) => partners.push((code.clone(), role)),
                None => errors.add(format!("role_{}", i + 1), "required"),
            }
        }
        let event = self.row.check();
        match event {
            Ok(event) if errors.is_empty() => Ok(NewEvent {
                event,
                chinese_role,
                partners,
            }),
            Ok(_) => Err(errors),
            Err(mut found) => {
                found.merge(errors);
                Err(found)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "cooperation_event_form.html")]
struct FormPage {
    ctx: Ctx,
    form: EventForm,
    errors: Errors,
    kinds: Vec<(String, String)>,
    china_roles: Vec<(String, String)>,
    partner_roles: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    countries: Vec<(String, String)>,
}

async fn form_view(
    state: &AppState,
    ctx: Ctx,
    form: EventForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let page = FormPage {
        kinds: ctx.choices("coop-event-kind", &codes(EventKind::ALL, EventKind::code)),
        china_roles: ctx.choices(
            "coop-china-role",
            &codes(ChineseRole::ALL, ChineseRole::code),
        ),
        partner_roles: ctx.choices(
            "coop-partner-role",
            &codes(PartnerRole::ALL, PartnerRole::code),
        ),
        partners: partner_choices(&ctx, &partners),
        countries: ctx.countries(),
        errors: Errors::from(&ctx, errors),
        form,
        ctx,
    };
    let status = page.errors.status();
    Ok(no_store(render(status, &page)))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let form = EventForm::read(&FormValues::default());
    form_view(&state, ctx, form, &FieldErrors::new()).await
}

/// Records an event and goes to its page; a refusal shows the form again with every error
/// and everything typed.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let form = EventForm::read(&values);
    let errors = match form.check() {
        Ok(event) => match state.store.create_coop_event(&p.username, &event).await {
            Ok(e) => return Ok(Redirect::to(&format!("{BASE}/{}", e.id)).into_response()),
            Err(e) => form_refusal(e, "name_en").or_page(&ctx)?,
        },
        Err(errors) => errors,
    };
    let ctx = Ctx {
        path: format!("{BASE}/new"),
        ..ctx
    };
    form_view(&state, ctx, form, &errors).await
}

/// A follow-up action on the event's page, with the steps this officer may take on it.
struct FollowUpItem {
    view: FollowUpView,
    actions: Vec<StepAction>,
    action_href: String,
    /// Keeps the inputs' ids of its forms apart from the other actions'.
    form_id: String,
}

/// An outcome document with its follow-up actions.
struct OutcomeItem {
    id: i64,
    kind: String,
    title: String,
    other: String,
    adopted: String,
    text_ref: String,
    follow_ups: Vec<FollowUpItem>,
}

#[derive(Template)]
#[template(path = "cooperation_event.html")]
struct EventPage {
    ctx: Ctx,
    e: EventRecord,
    name: String,
    other: String,
    kind: String,
    when: String,
    place: String,
    china_role: String,
    partners: Vec<(String, String, String)>,
    delegates: Vec<(i64, String, String)>,
    outcomes: Vec<OutcomeItem>,
    picker: String,
    delegate_roles: Vec<(String, String)>,
    outcome_kinds: Vec<(String, String)>,
    outcome_choices: Vec<(String, String)>,
    owners: Vec<(String, String)>,
    today: String,
    /// The form posted before a refusal, as typed.
    values: FormValues,
    errors: Errors,
    message: String,
}

/// What the event page shows again after a refused post.
struct EventKept {
    values: FormValues,
    picker: Option<Picker>,
    /// A follow-up's step as typed, with its refusal.
    step: Option<(i64, StepForm)>,
    kept: Kept,
}

/// The officers' accounts that may own a follow-up action, by name.
async fn owners(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, PageError> {
    let users = state.store.users().await.or_page(ctx)?;
    Ok(sorted(
        users
            .into_iter()
            .filter(|u| !u.disabled && (u.role == "officer" || u.role == "admin"))
            .filter(|u| u.role == "admin" || u.capabilities.contains("cooperation"))
            .map(|u| {
                let role = ctx.tk("role", &u.role);
                (u.username.clone(), format!("{} · {role}", u.username))
            })
            .collect(),
    ))
}

async fn event_view(
    state: &AppState,
    ctx: Ctx,
    e: EventRecord,
    kept: Option<EventKept>,
) -> Result<Response, PageError> {
    let today = state.today();
    let partners: Vec<PartnerRecord> = state.store.coop_partners(None).await.or_page(&ctx)?;
    let calendar = state.store.working_calendar().await.or_page(&ctx)?;
    let flow = followup_workflow()
        .map_err(|x| StoreError::Integrity(x.to_owned()))
        .or_page(&ctx)?;
    let (step_kept, errors) = match &kept {
        Some(k) => (k.step.as_ref(), Errors::from(&ctx, &k.kept.errors)),
        None => (None, Errors::default()),
    };
    let outcomes = e
        .outcomes
        .iter()
        .map(|o| OutcomeItem {
            id: o.id,
            kind: ctx.tk("coop-outcome-kind", &o.kind),
            title: ctx.both(&o.title_en, &o.title_zh),
            other: ctx.other(&o.title_en, &o.title_zh),
            adopted: ctx.date_or_dash(o.adopted_on.as_deref()),
            text_ref: o.text_ref.clone(),
            follow_ups: o
                .follow_ups
                .iter()
                .map(|f| {
                    let mut actions = actions(
                        &ctx,
                        flow,
                        (&f.status, "follow_up"),
                        Some(ROLE),
                        FOLLOW_UP_WORDS,
                    );
                    if let Some((_, form)) = step_kept.filter(|(id, _)| *id == f.id) {
                        for a in actions.iter_mut().filter(|a| a.action == form.action) {
                            a.comment = form.comment.clone();
                        }
                    }
                    FollowUpItem {
                        action_href: format!("/cooperation/follow-ups/{}/steps", f.id),
                        form_id: format!("fu{}-", f.id),
                        actions,
                        view: FollowUpView::new(&ctx, f.clone(), today, &calendar),
                    }
                })
                .collect(),
        })
        .collect();
    let (values, picker, status, message) = match kept {
        Some(k) => (k.values, k.picker, k.kept.status, k.kept.message),
        None => (FormValues::default(), None, StatusCode::OK, String::new()),
    };
    let picker = picker.unwrap_or_else(|| Picker::new("person_id", PickKind::Person));
    let page = EventPage {
        name: ctx.both(&e.name_en, &e.name_zh),
        other: ctx.other(&e.name_en, &e.name_zh),
        kind: ctx.tk("coop-event-kind", &e.kind),
        when: when(&ctx, &e),
        place: place(&ctx, &e),
        china_role: e
            .chinese_role
            .as_deref()
            .map(|r| ctx.tk("coop-china-role", r))
            .unwrap_or_default(),
        partners: e
            .partners
            .iter()
            .map(|p| {
                (
                    format!("/cooperation/partners/{}", p.code),
                    names_of(&ctx, &partners, std::slice::from_ref(&p.code)),
                    ctx.tk("coop-partner-role", &p.role),
                )
            })
            .collect(),
        delegates: e
            .delegates
            .iter()
            .map(|d| {
                (
                    d.person_id,
                    hrx_domain::registry::display_name(
                        d.name_native.as_deref(),
                        d.name_latin.as_deref(),
                    ),
                    ctx.tk("coop-delegate-role", &d.role),
                )
            })
            .collect(),
        outcome_choices: e
            .outcomes
            .iter()
            .map(|o| (o.id.to_string(), ctx.both(&o.title_en, &o.title_zh)))
            .collect(),
        outcomes,
        picker: picker.html(&ctx, &errors),
        delegate_roles: ctx.choices(
            "coop-delegate-role",
            &codes(DelegateRole::ALL, DelegateRole::code),
        ),
        outcome_kinds: ctx.choices(
            "coop-outcome-kind",
            &codes(OutcomeKind::ALL, OutcomeKind::code),
        ),
        owners: owners(state, &ctx).await?,
        today: today.to_string(),
        values,
        errors,
        message,
        e,
        ctx,
    };
    Ok(no_store(render(status, &page)))
}

/// The event the path names: 404 for a malformed id or none.
async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<EventRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.coop_event(id, state.today()).await.found(ctx)
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = found(&state, &ctx, &id).await?;
    event_view(&state, ctx, e, None).await
}

/// After a post on the event's page: to the section it changed, or the page again at its
/// own address with the refusal and what was typed.
async fn answered<T>(
    state: &AppState,
    ctx: Ctx,
    e: EventRecord,
    (result, anchor): (Result<Result<T, StoreError>, FieldErrors>, &str),
    (values, picker): (FormValues, Option<Picker>),
) -> Result<Response, PageError> {
    let href = format!("{BASE}/{}", e.id);
    let errors = match result {
        Ok(Ok(_)) => return Ok(Redirect::to(&format!("{href}#{anchor}")).into_response()),
        Ok(Err(StoreError::NotFound)) => return Err(PageError::not_found(ctx)),
        Ok(Err(refused)) => form_refusal(refused, anchor).or_page(&ctx)?,
        Err(errors) => errors,
    };
    let kept = EventKept {
        values,
        picker,
        step: None,
        kept: Kept::fields(errors),
    };
    let ctx = Ctx { path: href, ..ctx };
    event_view(state, ctx, e, Some(kept)).await
}

/// Adds a member of the Chinese delegation: a person chosen with the picker, and a role.
pub(super) async fn add_delegate(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let e = found(&state, &ctx, &id).await?;
    let mut errors = FieldErrors::new();
    let (picker, person) = person_picked(&state, &ctx, &p, &values, &mut errors).await?;
    let role = values.value("role");
    if role.is_empty() {
        errors.add("role", "required");
    }
    let result = match person {
        Some(person) if errors.is_empty() => Ok(state
            .store
            .add_coop_delegate(&p.username, e.id, person, role)
            .await),
        _ => Err(errors),
    };
    answered(
        &state,
        ctx,
        e,
        (result, "delegation"),
        (values, Some(picker)),
    )
    .await
}

/// Records an outcome document of the event.
pub(super) async fn add_outcome(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let e = found(&state, &ctx, &id).await?;
    let field = |name: &str| values.value(name).to_owned();
    let input = OutcomeInput {
        kind: field("kind"),
        title_en: field("title_en"),
        title_zh: field("title_zh"),
        adopted_on: field("adopted_on"),
        text_ref: field("text_ref"),
    };
    let result = Ok(state
        .store
        .add_coop_outcome(&p.username, e.id, &input)
        .await);
    answered(&state, ctx, e, (result, "outcomes"), (values, None)).await
}

/// Records a follow-up action of one of the event's outcomes: its owner chosen among the
/// officers' accounts, its deadline a number of working days from today or a date.
pub(super) async fn add_follow_up(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let e = found(&state, &ctx, &id).await?;
    let mut errors = FieldErrors::new();
    let outcome = values.value("outcome").trim().parse::<i64>().ok();
    let outcome = outcome.filter(|id| e.outcomes.iter().any(|o| o.id == *id));
    if outcome.is_none() {
        errors.add("outcome", "required");
    }
    let working_days = match values.value("working_days").trim() {
        "" => None,
        text => {
            let days = text.parse::<i64>().ok();
            if days.is_none() {
                errors.add("working_days", "not_a_number");
            }
            days
        }
    };
    let input = FollowUpInput {
        description: values.value("description").to_owned(),
        owner: values.value("owner").to_owned(),
        due_on: values.value("due_on").to_owned(),
        working_days,
    };
    let result = match outcome {
        Some(outcome) if errors.is_empty() => Ok(state
            .store
            .add_coop_followup(&p.username, outcome, &input, state.today())
            .await),
        _ => Err(errors),
    };
    answered(&state, ctx, e, (result, "outcomes"), (values, None)).await
}

/// Marks a follow-up action done, or cancels it (with a reason, after a confirmation); a
/// refusal shows its event's page again with the reason.
pub(super) async fn follow_up_step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let f: FollowUpRecord = state
        .store
        .coop_followups(false, None, state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .find(|f| f.id == id)
        .found(&ctx)?;
    let flow = followup_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("{BASE}/{}#follow-up-{id}", f.event_id);
    if let Some(step) = form.needs_confirmation(flow, (&f.status, "follow_up")) {
        if !step.comment_required || form.comment().is_some() {
            let target = ConfirmTarget {
                title: f.description.clone(),
                record_href: &href,
                action_href: &format!("/cooperation/follow-ups/{id}/steps"),
            };
            return Ok(confirm_page(
                ctx,
                target,
                step,
                FOLLOW_UP_WORDS,
                &form,
                Vec::new(),
            ));
        }
    }
    let comment = form.comment();
    let request = form.request(ROLE, &comment, state.today());
    let taken = state
        .store
        .coop_followup_step(&p.username, id, &request)
        .await;
    match step_answer(taken, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let e = state
                .store
                .coop_event(f.event_id, state.today())
                .await
                .found(&ctx)?;
            let ctx = Ctx {
                path: format!("{BASE}/{}", f.event_id),
                ..ctx
            };
            let kept = EventKept {
                values: FormValues::default(),
                picker: None,
                step: Some((id, form)),
                kept,
            };
            event_view(&state, ctx, e, Some(kept)).await
        }
    }
}
