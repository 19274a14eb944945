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
use hrx_domain::access::{Principal, Role, Scope};
use hrx_domain::registry::{Person, PersonInput, Sex};
use hrx_domain::FieldErrors;
use hrx_store::coverage::CertificateRecord;
use hrx_store::permits::{ApplicationRecord, PermitRecord};
use hrx_store::registry::{OrganisationRecord, PersonQuery, PersonRecord, PersonSort};
use hrx_store::students::{StudyKind, StudyRecord};
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    super::record::routes::<PersonForm, _, _, _, _>(list, view)
}

const PER_PAGE: i64 = 25;

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    sort: String,
    /// Where the page before stopped; an old `page=` starts from the first page.
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "persons.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    document: String,
    nationality: String,
    sort: &'static str,
    rows: Vec<PersonRecord>,
    pager: KeysetPager,
    may_create: bool,
}

impl ListPage {
    /// The list's own address sorted another way, keeping its filters.
    fn sort_href(&self, sort: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("document", &self.document),
            ("nationality", &self.nationality),
        ] {
            if !v.is_empty() {
                query.append_pair(k, v);
            }
        }
        query.append_pair("sort", sort);
        format!("/persons?{}", query.finish())
    }
}

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    ListQuery {
        filters: params, ..
    }: ListQuery<ListParams>,
) -> Result<Response, PageError> {
    let sort = PersonSort::parse(&params.sort);
    let query = PersonQuery {
        sort,
        text: Some(params.q.clone()),
        document: Some(params.document.clone()),
        nationality: Some(params.nationality.clone()),
        organisation_id: None,
        page: 1,
        per_page: PER_PAGE,
    };
    let after = Some(params.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .persons_after(&query, principal.person_scope(), after)
        .await
        .or_page(&ctx)?;
    let pager = KeysetPager::new(
        "/persons",
        &[
            ("q", &params.q),
            ("document", &params.document),
            ("nationality", &params.nationality),
            ("sort", &params.sort),
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
            document: params.document,
            nationality: params.nationality,
            sort: sort.code(),
            rows: found.items,
            pager,
            may_create: principal.may_create_person(),
        },
    ))
}

/// The person form exactly as typed, so nothing is lost when it comes back with errors.
#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    pub name_native: String,
    #[serde(default)]
    pub name_latin: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub nationality: String,
    #[serde(default)]
    pub passport_country: String,
    #[serde(default)]
    pub passport_number: String,
    #[serde(default)]
    pub passport_expiry: String,
    #[serde(default)]
    pub resident_id_number: String,
    #[serde(default)]
    pub organisation_id: String,
    #[serde(default)]
    pub version: String,
}

impl PersonForm {
    fn input(&self) -> Result<PersonInput, FieldErrors> {
        let organisation_id = match self.organisation_id.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| FieldErrors::single("organisation_id", "unknown_reference"))?,
            ),
        };
        Ok(PersonInput {
            name_native: filled(&self.name_native),
            name_latin: filled(&self.name_latin),
            sex: filled(&self.sex),
            birth_date: filled(&self.birth_date),
            nationality: filled(&self.nationality),
            passport_country: filled(&self.passport_country),
            passport_number: filled(&self.passport_number),
            passport_expiry: filled(&self.passport_expiry),
            resident_id_number: filled(&self.resident_id_number),
            organisation_id,
            version: self.version.trim().parse().ok(),
        })
    }
}

#[derive(Template)]
#[template(path = "person_form.html")]
pub struct FormPage {
    ctx: Ctx,
    form: PersonForm,
    errors: Errors,
    action: String,
    /// The heading's translation key: new or edit.
    title: &'static str,
    stale_version: Option<i64>,
    cancel: String,
    show_organisation: bool,
    sexes: Vec<&'static str>,
}

impl RecordForm for PersonForm {
    const BASE: &'static str = "/persons";
    const TITLES: (&'static str, &'static str) = ("person-new", "person-edit");
    type Page = FormPage;

    fn page(self, ctx: Ctx, errors: &FieldErrors, id: Option<i64>, stale: Option<i64>) -> FormPage {
        let show_organisation = ctx.user.as_ref().is_some_and(|u| u.role != Role::Employer);
        FormPage {
            errors: Errors::from(&ctx, errors),
            action: Self::address(id),
            title: Self::title(id),
            cancel: Self::address(id),
            stale_version: stale,
            show_organisation,
            sexes: Sex::ALL.iter().map(|s| s.code()).collect(),
            form: self,
            ctx,
        }
    }
}

impl RegistryEntry for PersonForm {
    type Record = PersonRecord;

    async fn find(
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> Result<Option<PersonRecord>, StoreError> {
        state.store.person(id, principal.person_scope()).await
    }

    fn may_create(principal: &Principal) -> bool {
        principal.may_create_person()
    }

    fn may_edit(principal: &Principal, person: &PersonRecord) -> bool {
        principal.may_edit_person(person.organisation_id)
    }

    fn blank() -> PersonForm {
        PersonForm::default()
    }

    fn of(p: &PersonRecord) -> PersonForm {
        let passport = p.passport();
        PersonForm {
            name_native: p.name_native.clone().unwrap_or_default(),
            name_latin: p.name_latin.clone().unwrap_or_default(),
            sex: p.sex.clone(),
            birth_date: p.birth_date.clone(),
            nationality: p.nationality.clone(),
            passport_country: passport
                .map(|d| d.issuing_country.clone())
                .unwrap_or_default(),
            passport_number: passport.map(|d| d.number.clone()).unwrap_or_default(),
            passport_expiry: passport
                .and_then(|d| d.expiry_date.clone())
                .unwrap_or_default(),
            resident_id_number: p
                .resident_id()
                .map(|d| d.number.clone())
                .unwrap_or_default(),
            organisation_id: p.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
            version: p.version.to_string(),
        }
    }

    async fn save_new(
        &self,
        state: &AppState,
        principal: &Principal,
    ) -> Result<Result<i64, StoreError>, FieldErrors> {
        let mut input = self.input()?;
        principal.bind_to_employer(&mut input)?;
        let person = Person::parse(&input, chrono::Utc::now().date_naive())?;
        let saved = state
            .store
            .create_person(&principal.username, &person)
            .await;
        Ok(saved.map(|record| record.id))
    }

    async fn save_edit(
        &self,
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> Result<Result<i64, StoreError>, FieldErrors> {
        let mut input = self.input()?;
        principal.bind_to_employer(&mut input)?;
        let version = input
            .version
            .ok_or_else(|| FieldErrors::single("version", "required"))?;
        let person = Person::parse(&input, chrono::Utc::now().date_naive())?;
        let saved = state
            .store
            .update_person(
                &principal.username,
                id,
                version,
                &person,
                principal.person_scope(),
            )
            .await;
        Ok(saved.map(|record| record.id))
    }
}

#[derive(Template)]
#[template(path = "person.html")]
struct ViewPage {
    ctx: Ctx,
    person: PersonRecord,
    organisation: Option<OrganisationRecord>,
    panels: RecordPanels,
    may_edit: bool,
    saved: bool,
    /// Study abroad and enrolments in China, for those who may see them.
    studies: Option<(Vec<StudyRecord>, Vec<StudyRecord>)>,
    may_add_studies: bool,
    /// Work permits and applications, for those who may see work permits.
    permits: Option<(Vec<PermitRecord>, Vec<ApplicationRecord>)>,
    /// Certificates of coverage, for those who may see them.
    certificates: Option<Vec<CertificateRecord>>,
}

async fn view(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    JustSaved(saved): JustSaved,
) -> Result<Response, PageError> {
    let (id, person) = visible::<PersonForm>(&state, &principal, &ctx, &id).await?;
    let organisation = match person.organisation_id {
        Some(org) => state
            .store
            .organisation(org, principal.organisation_scope())
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let panels =
        RecordPanels::load(&state, &principal, &ctx, "person", id, (None, Some(id))).await?;
    let studies = if ctx.may_see_students() {
        let abroad = state
            .store
            .person_study_records(StudyKind::StudyAbroad, id)
            .await;
        let enrolled = state
            .store
            .person_study_records(StudyKind::ForeignStudent, id)
            .await;
        Some((abroad.or_page(&ctx)?, enrolled.or_page(&ctx)?))
    } else {
        None
    };
    let permits = match principal.work_permit_scope() {
        Scope::Nothing => None,
        scope => Some(
            state
                .store
                .work_permit_history(id, scope)
                .await
                .or_page(&ctx)?,
        ),
    };
    let certificates = match crate::service::coverage::coverage_scope(&principal) {
        Some(scope) => Some(
            state
                .store
                .certificates_of_person(id, scope)
                .await
                .or_page(&ctx)?,
        ),
        None => None,
    };
    Ok(render(
        StatusCode::OK,
        &ViewPage {
            permits,
            certificates,
            studies,
            may_add_studies: principal.has(hrx_domain::access::Capability::Mobility),
            may_edit: principal.may_edit_person(person.organisation_id),
            saved,
            ctx,
            person,
            organisation,
            panels,
        },
    ))
}
