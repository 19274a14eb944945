//! The nomination form: the round it is for, the applying unit (worded in the reader's
//! language with its kind), the expert and the employer chosen with the pickers, the rank
//! within the unit's quota, the field, and the contribution with the round's length limit
//! and its count (shown by the server, counted live by the script). A refusal of issue 21 is
//! a sentence in the reader's language naming the values, above the form, every value kept.

use super::{answer, form_errors, unit_groups, Kept, Officer, BASE};
use crate::i18n::translate;
use crate::pages::case::picker::{pick_into, PickKind, Picker};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use hrx_domain::access::Scope;
use hrx_domain::awards::{quota_for, text_length};
use hrx_domain::FieldErrors;
use hrx_store::awards::{NominationInput, RoundRecord, UnitRecord};

#[derive(Template)]
#[template(path = "aw_nomination_form.html")]
struct FormPage {
    ctx: Ctx,
    r: RoundRecord,
    award: String,
    window: String,
    /// The round takes nominations today.
    open_now: bool,
    quotas: String,
    units: Vec<(String, Vec<(String, String)>)>,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    expert_picker: String,
    employer_picker: String,
    count: String,
    count_template: String,
    over: bool,
}

fn pickers() -> (Picker, Picker) {
    (
        Picker::new("expert_person_id", PickKind::Person),
        Picker::new("employer_id", PickKind::Organisation),
    )
}

async fn round_of(state: &AppState, ctx: &Ctx, id: &str) -> Result<RoundRecord, PageError> {
    let id = id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .found(ctx)?;
    let r = state.store.award_round(id).await.found(ctx)?;
    // The shipped history takes no nominations, and has no form.
    if r.status == "past" {
        return Err(PageError::not_found(ctx.clone()));
    }
    Ok(r)
}

async fn form_view(
    state: &AppState,
    ctx: Ctx,
    r: RoundRecord,
    (form, (expert, employer), kept): (FormValues, (Picker, Picker), Kept),
) -> Result<Response, PageError> {
    let units = state.store.award_units().await.or_page(&ctx)?;
    let mut errors = Errors::from(&ctx, &kept.errors);
    let length = text_length(form.value("contribution"));
    // Over the limit is shown beside the text whatever else the form was refused for.
    if length > r.text_limit as usize && !errors.has("contribution") {
        errors.insert(
            "contribution",
            translate(
                ctx.lang,
                "aw-contribution-over",
                &[
                    ("over", ctx.num(&(length as i64 - r.text_limit))),
                    ("limit", ctx.num(&r.text_limit)),
                ],
            ),
        );
    }
    let today = state.today().to_string();
    let open_now = r.status == "open"
        && r.opens_on.as_deref().is_none_or(|d| d <= today.as_str())
        && r.closes_on.as_deref().is_none_or(|d| d >= today.as_str());
    let limit = ctx.num(&r.text_limit);
    let counted = |count: String| {
        translate(
            ctx.lang,
            "aw-contribution-count",
            &[("count", count), ("limit", limit.clone())],
        )
    };
    let page = FormPage {
        award: ctx.aw_round(&ctx.aw_award(&r.award), r.award_year),
        window: ctx.aw_window(r.opens_on.as_deref(), r.closes_on.as_deref()),
        open_now,
        quotas: match (r.quota_major, r.quota_city) {
            (0, 0) => ctx.t("aw-quota-none"),
            (major, city) => ctx.t2(
                "aw-quotas",
                ("major", &major.to_string()),
                ("city", &city.to_string()),
            ),
        },
        units: unit_groups(&ctx, &units),
        expert_picker: expert.html(&ctx, &errors),
        employer_picker: employer.html(&ctx, &errors),
        count: counted(length.to_string()),
        count_template: counted("{count}".to_owned()),
        over: length > r.text_limit as usize,
        errors,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        form,
        r,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    params: Result<Query<FormValues>, QueryRejection>,
) -> Result<Response, PageError> {
    let params = params.map(|q| q.0).unwrap_or_default();
    let r = round_of(&state, &ctx, params.value("round")).await?;
    let mut form = FormValues::default();
    form.0.insert("round".into(), r.id.to_string());
    form.0.insert("rank".into(), "1".into());
    form_view(&state, ctx, r, (form, pickers(), Kept::default())).await
}

/// What a refusal of issue 21 is about, to word it with its values.
struct Facts<'a> {
    r: &'a RoundRecord,
    unit: Option<&'a UnitRecord>,
    units: &'a [UnitRecord],
    nationality: String,
    rank: i64,
    length: usize,
    today: String,
}

/// A refusal of the nomination, worded with its values in the reader's language.
fn word(ctx: &Ctx, f: &Facts<'_>, code: &str, detail: &str) -> Option<String> {
    let unit = f
        .unit
        .map_or_else(String::new, |u| ctx.aw_unit(&u.name_zh, &u.name_en));
    let say = |key: &str, args: &[(&str, String)]| Some(translate(ctx.lang, key, args));
    match code {
        "window_closed" => match (f.r.status.as_str(), &f.r.opens_on, &f.r.closes_on) {
            ("open", Some(from), Some(to)) => say(
                "aw-refused-window_closed-dates",
                &[
                    ("from", ctx.date(from)),
                    ("to", ctx.date(to)),
                    ("today", ctx.date(&f.today)),
                ],
            ),
            (status, _, _) => say(
                "aw-refused-window_closed-status",
                &[("status", ctx.tk("aw-round-status", status))],
            ),
        },
        "not_foreign" => say(
            "aw-refused-not_foreign",
            &[("nationality", ctx.country_name(&f.nationality))],
        ),
        "already_laureate" => {
            let year: String = detail
                .split(|c: char| !c.is_ascii_digit())
                .find(|s| s.len() == 4)
                .unwrap_or_default()
                .to_owned();
            say(
                "aw-refused-already_laureate",
                &[("award", ctx.aw_award(&f.r.award)), ("year", year)],
            )
        }
        "second_channel" => {
            // The store names the other channel by its English name.
            let other = detail
                .split_once("through ")
                .and_then(|(_, rest)| rest.rsplit_once(": one channel"))
                .map(|(name, _)| name)
                .and_then(|name| f.units.iter().find(|u| u.name_en == name))
                .map_or_else(
                    || ctx.t("aw-another-unit"),
                    |u| ctx.aw_unit(&u.name_zh, &u.name_en),
                );
            say("aw-refused-second_channel", &[("unit", other)])
        }
        "text_too_long" => say(
            "aw-refused-text_too_long",
            &[
                ("length", ctx.num(&(f.length as i64))),
                ("limit", ctx.num(&f.r.text_limit)),
            ],
        ),
        "quota_exceeded" => {
            let quota = f
                .unit
                .and_then(|u| quota_for(&u.kind, f.r.quota_major as u32, f.r.quota_city as u32));
            say(
                "aw-refused-quota_exceeded",
                &[
                    ("unit", unit),
                    ("quota", quota.map_or_else(String::new, |q| q.to_string())),
                    ("rank", f.rank.to_string()),
                ],
            )
        }
        "rank_taken" => say(
            "aw-refused-rank_taken",
            &[("unit", unit), ("rank", f.rank.to_string())],
        ),
        _ => None,
    }
}

/// Records a nomination as a draft; refused or wrong, the form comes back with every value
/// kept and the reason above it.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = round_of(&state, &ctx, form.value("round")).await?;
    let mut errors = FieldErrors::new();
    let (mut expert_picker, mut employer_picker) = pickers();
    let mut expert = form.value("expert_person_id").to_owned();
    let typed = (
        &mut expert,
        form.value("expert_person_id_q"),
        p.person_scope(),
    );
    pick_into(&state.store, &ctx, &mut expert_picker, typed, &mut errors)
        .await
        .or_page(&ctx)?;
    let mut employer = form.value("employer_id").to_owned();
    let typed = (
        &mut employer,
        form.value("employer_id_q"),
        p.organisation_scope(),
    );
    pick_into(&state.store, &ctx, &mut employer_picker, typed, &mut errors)
        .await
        .or_page(&ctx)?;
    let expert = expert.trim().parse::<i64>().ok();
    if expert.is_none() && !errors.0.iter().any(|e| e.field == "expert_person_id") {
        errors.add("expert_person_id", "required");
    }
    let unit_id = form.value("applying_unit_id").trim().parse::<i64>().ok();
    if unit_id.is_none() {
        errors.add("applying_unit_id", "required");
    }
    let rank = match form.value("rank").trim() {
        "" => {
            errors.add("rank", "required");
            0
        }
        typed => typed.parse::<i64>().unwrap_or_else(|_| {
            errors.add("rank", "not_a_number");
            0
        }),
    };
    let href = format!("{BASE}/nominations/new?round={}", r.id);
    let kept = match (expert, unit_id) {
        (Some(expert), Some(unit_id)) if errors.is_empty() => {
            let input = NominationInput {
                award: r.award.clone(),
                award_year: r.award_year,
                applying_unit_id: unit_id,
                expert_person_id: expert,
                rank,
                contribution: form.value("contribution").to_owned(),
                employer_id: employer.trim().parse().ok(),
                field: Some(form.value("field").trim().to_owned()).filter(|f| !f.is_empty()),
            };
            let created = state
                .store
                .create_award_nomination(&p.username, &input, state.today())
                .await;
            let to = match &created {
                Ok(n) => format!("{BASE}/nominations/{}", n.id),
                Err(_) => String::new(),
            };
            let units = state.store.award_units().await.or_page(&ctx)?;
            let nationality = state
                .store
                .person(expert, Scope::All)
                .await
                .or_page(&ctx)?
                .map(|p| p.nationality)
                .unwrap_or_default();
            let facts = Facts {
                r: &r,
                unit: units.iter().find(|u| u.id == unit_id),
                units: &units,
                nationality,
                rank,
                length: text_length(form.value("contribution")),
                today: state.today().to_string(),
            };
            match answer(created, &ctx, &to, |code, detail| {
                word(&ctx, &facts, code, detail)
            })? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => form_errors(&ctx, errors),
    };
    let ctx = Ctx { path: href, ..ctx };
    form_view(
        &state,
        ctx,
        r,
        (form, (expert_picker, employer_picker), kept),
    )
    .await
}
