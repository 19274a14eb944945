//! Agreements and memoranda: the list (with the social security agreements of the coverage
//! register), the form that records one with every fact known so far (partners chosen by
//! name, errors beside the fields, values kept), and an agreement's page on the case kernel:
//! its state today (derived from its dates) beside the stage recorded, its parties,
//! signatories, terms and renewals, the steps taken, and the steps allowed from its stage
//! with the dates each records; expiring and terminating ask for confirmation first.

use super::{
    agreement_choices, agreement_href, codes, form_refusal, name_of, names_of, partner_choices,
    state_badge, step_answer, step_inputs, Kept, Officer, AGREEMENT_WORDS, ROLE,
};
use crate::pages::case::{
    actions, confirm_recording, tabs, ConfirmTarget, StepAction, StepForm, StepInput, Words,
};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{
    no_store, page_in_memory, parse_id, render, words_in, Ctx, Errors, KeysetPager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hrx_domain::cooperation::{
    agreement_workflow, AgreementFields, AgreementKind, Area, ChineseParty, EndKind, Renewal,
    State as AgreementState,
};
use hrx_domain::FieldErrors;
use hrx_store::case::TransitionRecord;
use hrx_store::cooperation::{AgreementRecord, AgreementStep, CoopAgreement, Signatory};
use hrx_store::StoreError;
use serde::Deserialize;

const BASE: &str = "/cooperation/agreements";

/// The partner selects the form offers.
const PARTNER_ROWS: usize = 3;

/// The inputs the steps take (`AgreementStep`): the input's type and whether it may be left
/// blank.
const STEP_FIELDS: [(&str, &str, bool); 9] = [
    ("initialled_on", "date", false),
    ("signed_on", "date", false),
    ("signed_place", "", true),
    ("entry_into_force_on", "date", false),
    ("renewal_signed_on", "date", false),
    ("renewal_starts_on", "date", true),
    ("renewal_months", "number", true),
    ("notice_given_on", "date", false),
    ("ended_on", "date", false),
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    q: String,
    kind: String,
    state: String,
    after: String,
}

/// Agreements on a page of the list.
const LIST_ROWS: usize = 50;

struct Row {
    /// The row's key in the list's addresses: the id, or the code of a social security
    /// agreement.
    key: String,
    href: String,
    title: String,
    other: String,
    kind: String,
    partners: String,
    party: String,
    signed: String,
    state: String,
    badge: &'static str,
    reminder: String,
}

#[derive(Template)]
#[template(path = "cooperation_agreements.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    kinds: Vec<(String, String)>,
    states: Vec<(String, String)>,
    rows: Vec<Row>,
    pager: KeysetPager,
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let mut rows = Vec::new();
    for a in state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?
    {
        let current = a.state.as_str();
        if (!q.kind.is_empty() && a.kind != q.kind) || (!q.state.is_empty() && current != q.state) {
            continue;
        }
        let codes: Vec<String> = a.partners.iter().map(|p| p.code.clone()).collect();
        let partner_names = names_of(&ctx, &partners, &codes);
        let searched = [
            a.title_en.as_str(),
            a.title_zh.as_str(),
            partner_names.as_str(),
            &codes.join(" "),
        ];
        if !words_in(&q.q, &searched) {
            continue;
        }
        rows.push(Row {
            key: a.id.map_or_else(|| a.code.clone(), |id| id.to_string()),
            href: agreement_href(&a),
            title: ctx.both(&a.title_en, &a.title_zh),
            other: ctx.other(&a.title_en, &a.title_zh),
            kind: ctx.tk("coop-kind", &a.kind),
            partners: partner_names,
            party: ctx.tk("coop-party", &a.chinese_party),
            signed: ctx.date_or_dash(a.signed_on.as_deref()),
            state: ctx.tk("coop-state", current),
            badge: state_badge(current),
            reminder: a
                .reminder
                .as_ref()
                .map(|r| ctx.reminder(r))
                .unwrap_or_default(),
        });
    }
    rows.reverse();
    let (rows, total, next) = page_in_memory(rows, |r| r.key.clone(), &q.after, LIST_ROWS);
    let pager = KeysetPager::new(
        BASE,
        &[("q", &q.q), ("kind", &q.kind), ("state", &q.state)],
        &q.after,
        (total, false),
        next.as_deref(),
    );
    let page = ListPage {
        kinds: ctx.choices("coop-kind", &codes(AgreementKind::ALL, AgreementKind::code)),
        states: ctx.choices(
            "coop-state",
            &codes(AgreementState::ALL, AgreementState::code),
        ),
        rows,
        pager,
        q,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The form as typed: the fields of `AgreementFields` (partners and areas chosen, several to
/// a name), and the two signatories.
#[derive(Default)]
struct AgreementForm {
    f: AgreementFields,
    partners: Vec<String>,
    areas: Vec<String>,
    /// (name, title) of the Chinese and of the partner's signatory.
    signatories: [(String, String); 2],
}

impl AgreementForm {
    fn read(pairs: Vec<(String, String)>) -> AgreementForm {
        let mut map = serde_json::Map::new();
        let (mut partners, mut areas) = (Vec::new(), Vec::new());
        for (name, value) in pairs {
            match name.as_str() {
                "partners" => partners.push(value),
                "areas" => areas.push(value),
                _ => {
                    map.insert(name, serde_json::Value::String(value));
                }
            }
        }
        let text = |name: &str| {
            map.get(name)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let signatories = [
            (text("chinese_signatory"), text("chinese_signatory_title")),
            (text("partner_signatory"), text("partner_signatory_title")),
        ];
        let mut f: AgreementFields =
            serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default();
        partners.retain(|p| !p.trim().is_empty());
        f.partners = partners.join(";");
        f.areas = areas.join(";");
        partners.resize(PARTNER_ROWS.max(partners.len()), String::new());
        AgreementForm {
            f,
            partners,
            areas,
            signatories,
        }
    }

    fn blank() -> AgreementForm {
        AgreementForm {
            partners: vec![String::new(); PARTNER_ROWS],
            ..AgreementForm::default()
        }
    }

    /// The signatories named.
    fn signatories(&self) -> Vec<Signatory> {
        ["chinese", "partner"]
            .iter()
            .zip(&self.signatories)
            .filter(|(_, (name, _))| !name.trim().is_empty())
            .map(|(side, (name, title))| Signatory {
                side: (*side).to_owned(),
                name: name.clone(),
                title: title.clone(),
            })
            .collect()
    }

    fn has_area(&self, code: &str) -> bool {
        self.areas.iter().any(|a| a == code)
    }
}

#[derive(Template)]
#[template(path = "cooperation_agreement_form.html")]
struct FormPage {
    ctx: Ctx,
    form: AgreementForm,
    errors: Errors,
    kinds: Vec<(String, String)>,
    parties: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    areas: Vec<(String, String)>,
    renewals: Vec<(String, String)>,
    ends: Vec<(String, String)>,
    agreements: Vec<(String, String)>,
}

async fn form_view(
    state: &AppState,
    ctx: Ctx,
    form: AgreementForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let agreements = state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?;
    // The steps' renewal fields are typed in the form's list of renewals.
    let mut shown = FieldErrors::new();
    for e in &errors.0 {
        let field = match e.field.as_str() {
            "renewal_starts_on" | "renewal_months" => "renewals",
            other => other,
        };
        shown.add(field, e.code);
    }
    let page = FormPage {
        kinds: ctx.choices("coop-kind", &codes(AgreementKind::ALL, AgreementKind::code)),
        parties: ctx.choices("coop-party", &codes(ChineseParty::ALL, ChineseParty::code)),
        partners: partner_choices(&ctx, &partners),
        areas: ctx.choices("coop-area", &codes(Area::ALL, Area::code)),
        renewals: ctx.choices("coop-renewal", &codes(Renewal::ALL, Renewal::code)),
        ends: ctx.choices("coop-ended", &codes(EndKind::ALL, EndKind::code)),
        agreements: agreement_choices(&ctx, &agreements),
        errors: Errors::from(&ctx, &shown),
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
    form_view(&state, ctx, AgreementForm::blank(), &FieldErrors::new()).await
}

/// Records an agreement and goes to its page; every error is shown beside its field, with
/// everything typed kept.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = AgreementForm::read(pairs);
    let errors = match form.f.check() {
        Ok(input) => {
            let created = state
                .store
                .create_coop_agreement(&p.username, &input, &form.signatories())
                .await;
            match created {
                Ok(a) => {
                    let to = format!("{BASE}/{}", a.id.unwrap_or_default());
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(e) => form_refusal(e, "supersedes").or_page(&ctx)?,
            }
        }
        Err(errors) => errors,
    };
    let ctx = Ctx {
        path: format!("{BASE}/new"),
        ..ctx
    };
    form_view(&state, ctx, form, &errors).await
}

/// A party, linked to its record.
struct PartyLink {
    href: String,
    name: String,
    kind: String,
}

/// A term of the instrument.
struct TermRow {
    number: u32,
    starts: String,
    ends: String,
    renewal_signed: String,
}

/// Another agreement this one refers to, or that refers to it.
struct Related {
    relation: String,
    href: String,
    title: String,
}

#[derive(Template)]
#[template(path = "cooperation_agreement.html")]
struct RecordPage {
    ctx: Ctx,
    a: AgreementRecord,
    title: String,
    other_title: String,
    kind: String,
    party: String,
    areas: String,
    state: String,
    state_badge: &'static str,
    state_since: String,
    stage: String,
    expires: String,
    reminder: String,
    renewal: String,
    ended: String,
    parties: Vec<PartyLink>,
    terms: Vec<TermRow>,
    related: Vec<Related>,
    signatories: Vec<(String, String, String)>,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    today: String,
    steps: Vec<TransitionRecord>,
    words: Words,
    tabs: Vec<(&'static str, String)>,
    error: String,
}

/// The agreement the path names (on the kernel): 404 for a malformed id or none.
async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<(i64, AgreementRecord), PageError> {
    let id = parse_id(id).found(ctx)?;
    let a = state
        .store
        .coop_agreement(id, state.today())
        .await
        .found(ctx)?;
    Ok((id, a))
}

/// The steps allowed from the agreement's stage, each with the dates it records: blank, or
/// as typed before a refusal, with the errors beside them.
fn step_actions(
    ctx: &Ctx,
    a: &AgreementRecord,
    kept: Option<(&StepForm, &Errors)>,
) -> Vec<StepAction> {
    let Ok(flow) = agreement_workflow() else {
        return Vec::new();
    };
    let mut list = actions(
        ctx,
        flow,
        (&a.status, "agreement"),
        Some(ROLE),
        AGREEMENT_WORDS,
    );
    // Notice not to renew is for an instrument renewed tacitly.
    list.retain(|s| s.action != "give_notice" || a.renewal == "tacit");
    for step in &mut list {
        let typed = kept.filter(|(f, _)| f.action == step.action);
        if let Some((f, _)) = typed {
            step.comment = f.comment.clone();
        }
        for (name, input_type, optional) in STEP_FIELDS {
            if !step.has_field(name) {
                continue;
            }
            step.inputs.push(StepInput {
                name,
                label: ctx.tk("coop-field", name),
                value: typed
                    .and_then(|(f, _)| f.extra.get(name).cloned())
                    .unwrap_or_default(),
                error: typed.map(|(_, e)| e.get(name)).unwrap_or_default(),
                input_type,
                optional,
                ..StepInput::default()
            });
        }
    }
    list
}

async fn record_view(
    state: &AppState,
    ctx: Ctx,
    (id, a): (i64, AgreementRecord),
    kept: Option<(StepForm, Kept)>,
) -> Result<Response, PageError> {
    let today = state.today();
    let dates = a.dates();
    let current = a.state.as_str();
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let all = state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?;
    let mut related = Vec::new();
    let mut relate = |key: &str, other: &AgreementRecord| {
        related.push(Related {
            relation: ctx.t(key),
            href: agreement_href(other),
            title: ctx.both(&other.title_en, &other.title_zh),
        });
    };
    for other in &all {
        let is = |code: &Option<String>| code.as_deref() == Some(other.code.as_str());
        if is(&a.supersedes) {
            relate("coop-supersedes", other);
        }
        if is(&a.parent) {
            relate("coop-parent", other);
        }
        if other.supersedes.as_deref() == Some(&a.code) {
            relate("coop-superseded-by", other);
        }
        if other.parent.as_deref() == Some(&a.code) {
            relate("coop-child", other);
        }
    }
    let terms = dates
        .terms_until(today)
        .iter()
        .map(|t| TermRow {
            number: t.number,
            starts: ctx.date(&t.starts_on.to_string()),
            ends: t
                .ends_on
                .map_or_else(|| ctx.t("coop-open-ended"), |d| ctx.date(&d.to_string())),
            renewal_signed: a
                .renewals
                .iter()
                .find(|r| r.starts_on == t.starts_on)
                .map(|r| ctx.date(&r.signed_on.to_string()))
                .unwrap_or_default(),
        })
        .collect();
    let steps = state
        .store
        .case_steps::<CoopAgreement>(id)
        .await
        .or_page(&ctx)?;
    let (status, error, actions) = match &kept {
        Some((form, k)) => {
            let errors = Errors::from(&ctx, &k.errors);
            let actions = step_actions(&ctx, &a, Some((form, &errors)));
            (k.status, k.message.clone(), actions)
        }
        None => (StatusCode::OK, String::new(), step_actions(&ctx, &a, None)),
    };
    let page = RecordPage {
        title: ctx.both(&a.title_en, &a.title_zh),
        other_title: ctx.other(&a.title_en, &a.title_zh),
        kind: ctx.tk("coop-kind", &a.kind),
        party: ctx.tk("coop-party", &a.chinese_party),
        areas: ctx.words("coop-area", &a.areas),
        state: ctx.tk("coop-state", current),
        state_badge: state_badge(current),
        state_since: a
            .state_since
            .as_deref()
            .map(|d| ctx.t1("coop-since", "date", ctx.date(d)))
            .unwrap_or_default(),
        stage: ctx.tk(AGREEMENT_WORDS.statuses, &a.status),
        expires: a
            .expires_after
            .as_deref()
            .map(|d| ctx.date(d))
            .unwrap_or_default(),
        reminder: a
            .reminder
            .as_ref()
            .map(|r| ctx.reminder(r))
            .unwrap_or_default(),
        renewal: ctx.tk("coop-renewal", &a.renewal),
        ended: a
            .ended
            .as_deref()
            .map(|k| ctx.tk("coop-ended", k))
            .unwrap_or_default(),
        parties: a
            .partners
            .iter()
            .map(|p| PartyLink {
                href: format!("/cooperation/partners/{}", p.code),
                name: name_of(&ctx, &partners, &p.code),
                kind: ctx.tk("coop-partner-kind", &p.kind),
            })
            .collect(),
        terms,
        related,
        signatories: a
            .signatories
            .iter()
            .map(|s| {
                (
                    ctx.tk("coop-side", &s.side),
                    s.name.clone(),
                    s.title.clone(),
                )
            })
            .collect(),
        actions,
        action_href: format!("{BASE}/{id}/steps"),
        version: a.version,
        today: today.to_string(),
        steps,
        words: AGREEMENT_WORDS,
        tabs: tabs(&ctx, &["details", "parties", "history"]),
        error,
        a,
        ctx,
    };
    Ok(no_store(render(status, &page)))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let found = found(&state, &ctx, &id).await?;
    record_view(&state, ctx, found, None).await
}

/// Takes a step with the dates it records. Expiring and terminating cannot be undone and are
/// confirmed first; a refusal shows the page again with the reason and what was typed.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let (id, a) = found(&state, &ctx, &id).await?;
    let flow = agreement_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("{BASE}/{id}");
    let facts: AgreementStep = step_inputs(&form);
    if let Some(step) = form.needs_confirmation(flow, (&a.status, "agreement")) {
        let ready = !facts.ended_on.trim().is_empty()
            && (!step.comment_required || form.comment().is_some());
        if ready {
            let target = ConfirmTarget {
                title: format!("{} · {}", a.code, ctx.both(&a.title_en, &a.title_zh)),
                record_href: &href,
                action_href: &format!("{href}/steps"),
            };
            let on = vec![ctx.t1("coop-ends-on", "date", ctx.date(&facts.ended_on))];
            let flow_words = (step, AGREEMENT_WORDS);
            return Ok(confirm_recording(
                ctx,
                target,
                flow_words,
                &form,
                Vec::new(),
                on,
            ));
        }
    }
    let comment = form.comment();
    let request = form.request(ROLE, &comment, state.today());
    let taken = state
        .store
        .coop_agreement_step(&p.username, id, &request, &facts)
        .await;
    match step_answer(taken, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            record_view(&state, ctx, (id, a), Some((form, kept))).await
        }
    }
}
