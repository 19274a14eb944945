use super::extract::{OrPage, PageError, SignedIn};
use super::record::{
    filled, visible, JustSaved, ListQuery, RecordForm, RecordPanels, RegistryEntry,
};
use super::{render, Ctx, Errors, KeysetPager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use hrx_domain::access::Principal;
use hrx_domain::registry::{Organisation, OrganisationInput, OrganisationKind};
use hrx_domain::FieldErrors;
use hrx_store::registry::{OrganisationQuery, OrganisationRecord, PersonQuery, PersonRecord};
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    super::record::routes::<OrganisationForm, _, _, _, _>(list, view)
}

const PER_PAGE: i64 = 25;

fn kinds() -> Vec<&'static str> {
    OrganisationKind::ALL.iter().map(|k| k.code()).collect()
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    /// Where the page starts: the `next` of the page before (empty: the first page).
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    kind: String,
    country: String,
    kinds: Vec<&'static str>,
    rows: Vec<OrganisationRecord>,
    pager: KeysetPager,
    may_create: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    ListQuery {
        filters: params, ..
    }: ListQuery<ListParams>,
) -> Result<Response, PageError> {
    let query = OrganisationQuery {
        text: Some(params.q.clone()),
        kind: Some(params.kind.clone()),
        country: Some(params.country.clone()),
        page: 1,
        per_page: PER_PAGE,
    };
    let after = Some(params.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .organisations_after(&query, principal.organisation_scope(), after)
        .await
        .or_page(&ctx)?;
    let pager = KeysetPager::new(
        "/organisations",
        &[
            ("q", &params.q),
            ("kind", &params.kind),
            ("country", &params.country),
        ],
        &params.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    Ok(render(
        StatusCode::OK,
        &ListPage {
            ctx,
            q: params.q,
            kind: params.kind,
            country: params.country,
            kinds: kinds(),
            rows: found.items,
            pager,
            may_create: principal.may_manage_organisations(),
        },
    ))
}

#[derive(Deserialize, Default, Clone)]
pub struct OrganisationForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub version: String,
}

impl OrganisationForm {
    fn input(&self) -> OrganisationInput {
        OrganisationInput {
            kind: filled(&self.kind),
            name_zh: filled(&self.name_zh),
            name_en: filled(&self.name_en),
            country: filled(&self.country),
            province: filled(&self.province),
            credit_code: filled(&self.credit_code),
            version: self.version.trim().parse().ok(),
        }
    }
}

#[derive(Template)]
#[template(path = "organisation_form.html")]
pub struct FormPage {
    ctx: Ctx,
    form: OrganisationForm,
    errors: Errors,
    action: String,
    /// The heading's translation key: new or edit.
    title: &'static str,
    stale_version: Option<i64>,
    cancel: String,
    kinds: Vec<&'static str>,
}

impl RecordForm for OrganisationForm {
    const BASE: &'static str = "/organisations";
    const TITLES: (&'static str, &'static str) = ("organisation-new", "organisation-edit");
    type Page = FormPage;

    fn page(self, ctx: Ctx, errors: &FieldErrors, id: Option<i64>, stale: Option<i64>) -> FormPage {
        FormPage {
            errors: Errors::from(&ctx, errors),
            action: Self::address(id),
            title: Self::title(id),
            cancel: Self::address(id),
            stale_version: stale,
            kinds: kinds(),
            form: self,
            ctx,
        }
    }
}

impl RegistryEntry for OrganisationForm {
    type Record = OrganisationRecord;

    async fn find(
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> Result<Option<OrganisationRecord>, StoreError> {
        state
            .store
            .organisation(id, principal.organisation_scope())
            .await
    }

    fn may_create(principal: &Principal) -> bool {
        principal.may_manage_organisations()
    }

    fn may_edit(principal: &Principal, _: &OrganisationRecord) -> bool {
        principal.may_manage_organisations()
    }

    fn blank() -> OrganisationForm {
        OrganisationForm {
            country: "CN".into(),
            ..Default::default()
        }
    }

    fn of(o: &OrganisationRecord) -> OrganisationForm {
        OrganisationForm {
            kind: o.kind.clone(),
            name_zh: o.name_zh.clone().unwrap_or_default(),
            name_en: o.name_en.clone().unwrap_or_default(),
            country: o.country.clone(),
            province: o.province.clone().unwrap_or_default(),
            credit_code: o.credit_code.clone().unwrap_or_default(),
            version: o.version.to_string(),
        }
    }

    async fn save_new(
        &self,
        state: &AppState,
        principal: &Principal,
    ) -> Result<Result<i64, StoreError>, FieldErrors> {
        let organisation = Organisation::parse(&self.input())?;
        let saved = state
            .store
            .create_organisation(&principal.username, &organisation)
            .await;
        Ok(saved.map(|record| record.id))
    }

    async fn save_edit(
        &self,
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> Result<Result<i64, StoreError>, FieldErrors> {
        let input = self.input();
        let version = input
            .version
            .ok_or_else(|| FieldErrors::single("version", "required"))?;
        let organisation = Organisation::parse(&input)?;
        let saved = state
            .store
            .update_organisation(&principal.username, id, version, &organisation)
            .await;
        Ok(saved.map(|record| record.id))
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct ViewPage {
    ctx: Ctx,
    organisation: OrganisationRecord,
    people: Vec<PersonRecord>,
    people_total: i64,
    panels: RecordPanels,
    may_edit: bool,
    saved: bool,
}

async fn view(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    JustSaved(saved): JustSaved,
) -> Result<Response, PageError> {
    let (id, organisation) = visible::<OrganisationForm>(&state, &principal, &ctx, &id).await?;
    let people_query = PersonQuery {
        organisation_id: Some(id),
        page: 1,
        per_page: 25,
        ..Default::default()
    };
    let people = state
        .store
        .search_persons(&people_query, principal.person_scope())
        .await
        .or_page(&ctx)?;
    let panels = RecordPanels::load(
        &state,
        &principal,
        &ctx,
        "organisation",
        id,
        (Some(id), None),
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &ViewPage {
            may_edit: principal.may_manage_organisations(),
            saved,
            ctx,
            organisation,
            people_total: people.total,
            people: people.items,
            panels,
        },
    ))
}
