//! Pickers: a field that refers to a person or an organisation is searched by what people
//! know of it (a name in either script, a passport number, a Unified Social Credit Code),
//! never typed as a numeric id. Without scripts the typed text is resolved when the form is
//! sent; with scripts, `/pick/persons` and `/pick/organisations` answer as one types. Both
//! search within what the user may see.

use crate::pages::extract::{OrPage, PageError, SignedIn};
use crate::pages::{Ctx, Errors, FormValues};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use hrx_domain::access::{Principal, Scope};
use hrx_domain::registry::display_name;
use hrx_domain::FieldErrors;
use hrx_store::registry::{OrganisationQuery, OrganisationRecord, PersonQuery, PersonRecord};
use hrx_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

/// Matches offered at once; more means the user should type more.
const MATCHES: i64 = 10;

pub fn routes() -> axum::Router<AppState> {
    Router::new().route("/pick/{kind}", get(matches))
}

/// What a picker searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Person,
    Organisation,
}

/// A picker on a form, as `picker.html` renders it.
pub struct Picker {
    /// The form field that carries the chosen id.
    pub name: &'static str,
    pub source: &'static str,
    pub help: &'static str,
    pub id: String,
    pub label: String,
    pub query: String,
    /// Several matches for the typed text: the user chooses one.
    pub choices: Vec<(i64, String)>,
}

impl Picker {
    pub fn new(name: &'static str, kind: PickKind) -> Picker {
        let (source, help) = match kind {
            PickKind::Person => ("/pick/persons", "pick-search-person"),
            PickKind::Organisation => ("/pick/organisations", "pick-search-organisation"),
        };
        Picker {
            name,
            source,
            help,
            id: String::new(),
            label: String::new(),
            query: String::new(),
            choices: Vec::new(),
        }
    }
}

/// A picker as a piece of a form, for pages whose template shows it by name.
#[derive(askama::Template)]
#[template(path = "picker.html")]
struct PickerField<'a> {
    ctx: &'a Ctx,
    picker: &'a Picker,
    errors: &'a Errors,
}

impl Picker {
    /// The picker's HTML, with its error if the form has one for it.
    pub fn html(&self, ctx: &Ctx, errors: &Errors) -> String {
        askama::Template::render(&PickerField {
            ctx,
            picker: self,
            errors,
        })
        .unwrap_or_default()
    }
}

/// The person and employer fields of a case form: the chosen ids, or what was typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PartyFields {
    pub person_id: String,
    pub person_id_q: String,
    pub employer_id: String,
    pub employer_id_q: String,
}

/// A chosen id in a case form: none when blank; a number that is not an id is an error on the
/// field.
pub fn id_field(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.add(field, "unknown_reference");
            None
        }
    }
}

/// The people an employer user chooses from on a case form (its own, at most 200); none for
/// other users, who search with the picker.
pub async fn employer_people(store: &Store, principal: &Principal) -> Vec<PersonRecord> {
    if principal.role != hrx_domain::access::Role::Employer {
        return Vec::new();
    }
    let query = PersonQuery {
        page: 1,
        per_page: 200,
        ..Default::default()
    };
    store
        .search_persons(&query, principal.person_scope())
        .await
        .map(|p| p.items)
        .unwrap_or_default()
}

/// The person and (for officers) employer pickers of a case form.
pub struct FormPickers {
    pub person: Picker,
    pub employer: Picker,
}

impl FormPickers {
    pub fn new() -> FormPickers {
        FormPickers {
            person: Picker::new("person_id", PickKind::Person),
            employer: Picker::new("employer_id", PickKind::Organisation),
        }
    }

    /// Resolves what was typed in both pickers into the form's id fields; the errors are
    /// for text that matches nothing or several.
    pub async fn resolve(
        store: &Store,
        ctx: &Ctx,
        principal: &Principal,
        fields: &mut PartyFields,
    ) -> Result<(FormPickers, FieldErrors), StoreError> {
        let mut pickers = FormPickers::new();
        let mut errors = FieldErrors::new();
        let person = (
            &mut fields.person_id,
            fields.person_id_q.as_str(),
            principal.person_scope(),
        );
        pick_into(store, ctx, &mut pickers.person, person, &mut errors).await?;
        let employer = (
            &mut fields.employer_id,
            fields.employer_id_q.as_str(),
            principal.organisation_scope(),
        );
        pick_into(store, ctx, &mut pickers.employer, employer, &mut errors).await?;
        Ok((pickers, errors))
    }

    /// (person, employer) as HTML.
    pub fn html(&self, ctx: &Ctx, errors: &Errors) -> (String, String) {
        (
            self.person.html(ctx, errors),
            self.employer.html(ctx, errors),
        )
    }
}

impl Default for FormPickers {
    fn default() -> Self {
        FormPickers::new()
    }
}

/// A form's own result, failed as well when a picker could not be resolved: the pickers'
/// errors first, then the form's errors for every other field.
pub fn with_picked<T>(
    picked: FieldErrors,
    result: Result<T, FieldErrors>,
) -> Result<T, FieldErrors> {
    if picked.is_empty() {
        return result;
    }
    let mut errors = picked;
    if let Err(others) = result {
        errors.merge(others);
    }
    Err(errors)
}

/// The fields of a case form that the store refused a new case over (a reference to nothing,
/// a number in use, an employer that may not file); any other failure stays an error.
pub fn refused_fields(error: StoreError) -> Result<FieldErrors, StoreError> {
    match error {
        StoreError::Invalid(fields) => Ok(fields),
        StoreError::UnknownReference { field } => {
            Ok(FieldErrors::single(field, "unknown_reference"))
        }
        StoreError::Duplicate { field } => Ok(FieldErrors::single(field, "already_in_use")),
        StoreError::Refused { code, .. } => Ok(FieldErrors::single("employer_id", code)),
        other => Err(other),
    }
}

/// Resolves one picker into its id field, and names what was chosen; text that matches
/// nothing or several is an error on the picker's field.
pub async fn pick_into(
    store: &Store,
    ctx: &Ctx,
    picker: &mut Picker,
    (id, query, scope): (&mut String, &str, Scope),
    errors: &mut FieldErrors,
) -> Result<(), StoreError> {
    let kind = if picker.source == "/pick/persons" {
        PickKind::Person
    } else {
        PickKind::Organisation
    };
    picker.query = query.to_owned();
    match resolve(store, ctx, kind, (id.as_str(), query), scope).await? {
        Picked::Id(found) => {
            *id = found.to_string();
            picker.id = id.clone();
            picker.label = match kind {
                PickKind::Person => store
                    .person(found, scope)
                    .await?
                    .map(|p| person_label(ctx, &p)),
                PickKind::Organisation => store
                    .organisation(found, scope)
                    .await?
                    .map(|o| organisation_label(ctx, &o)),
            }
            .unwrap_or_default();
        }
        Picked::Empty => {}
        Picked::NoMatch => errors.add(picker.name, "no_match"),
        Picked::Several(choices) => {
            errors.add(picker.name, "choose_one");
            picker.choices = choices;
        }
    }
    Ok(())
}

/// The one person a form names with its picker `person_id` (what was typed in
/// `person_id_q`), resolved in the user's scope: text matching nothing or several is an error
/// on the field, and none given is `required` when nothing else is wrong. Answers the picker
/// to show again and the person.
pub async fn pick_person(
    store: &Store,
    ctx: &Ctx,
    user: &Principal,
    form: &FormValues,
    errors: &mut FieldErrors,
) -> Result<(Picker, Option<i64>), PageError> {
    let mut picker = Picker::new("person_id", PickKind::Person);
    let mut person = form.value("person_id").to_owned();
    let typed = (&mut person, form.value("person_id_q"), user.person_scope());
    pick_into(store, ctx, &mut picker, typed, errors)
        .await
        .or_page(ctx)?;
    let person = person.trim().parse::<i64>().ok();
    if person.is_none() && errors.is_empty() {
        errors.add("person_id", "required");
    }
    Ok((picker, person))
}

/// One match, as the picker lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub id: i64,
    pub label: String,
}

/// A person in one line: both scripts, nationality, year of birth and passport.
pub fn person_label(ctx: &Ctx, p: &PersonRecord) -> String {
    let mut label = display_name(p.name_native.as_deref(), p.name_latin.as_deref());
    label.push_str(&format!(
        " · {} · {}",
        ctx.country_name(&p.nationality),
        p.birth_date.get(..4).unwrap_or_default()
    ));
    if let Some(passport) = p.passport() {
        label.push_str(&format!(" · {}", passport.number));
    }
    label
}

/// An organisation in one line: its name in the reader's language and its credit code.
pub fn organisation_label(ctx: &Ctx, o: &OrganisationRecord) -> String {
    let (first, second) = match ctx.lang {
        crate::i18n::Lang::Zh => (&o.name_zh, &o.name_en),
        crate::i18n::Lang::En => (&o.name_en, &o.name_zh),
    };
    let mut label = first.clone().or_else(|| second.clone()).unwrap_or_default();
    if let Some(code) = &o.credit_code {
        label.push_str(&format!(" · {code}"));
    }
    label
}

/// People matching the text: a document number exactly, else names by word prefix.
pub async fn find_persons(
    store: &Store,
    ctx: &Ctx,
    text: &str,
    scope: Scope,
) -> Result<Vec<Match>, StoreError> {
    let by_document = PersonQuery {
        document: Some(text.to_owned()),
        page: 1,
        per_page: MATCHES,
        ..PersonQuery::default()
    };
    let mut found = store.search_persons(&by_document, scope).await?.items;
    if found.is_empty() {
        let by_name = PersonQuery {
            text: Some(text.to_owned()),
            page: 1,
            per_page: MATCHES,
            ..PersonQuery::default()
        };
        found = store.search_persons(&by_name, scope).await?.items;
    }
    Ok(found
        .iter()
        .map(|p| Match {
            id: p.id,
            label: person_label(ctx, p),
        })
        .collect())
}

/// Organisations matching the text: a name in part, or the credit code whole.
pub async fn find_organisations(
    store: &Store,
    ctx: &Ctx,
    text: &str,
    scope: Scope,
) -> Result<Vec<Match>, StoreError> {
    let query = OrganisationQuery {
        text: Some(text.to_owned()),
        page: 1,
        per_page: MATCHES,
        ..OrganisationQuery::default()
    };
    Ok(store
        .search_organisations(&query, scope)
        .await?
        .items
        .iter()
        .map(|o| Match {
            id: o.id,
            label: organisation_label(ctx, o),
        })
        .collect())
}

/// What a picker resolved to when its form was sent.
#[derive(Debug, PartialEq)]
pub enum Picked {
    /// An id: chosen, or the one match of the typed text.
    Id(i64),
    /// Nothing chosen or typed.
    Empty,
    /// The typed text matches nothing.
    NoMatch,
    /// The typed text matches several: the user chooses.
    Several(Vec<(i64, String)>),
}

/// Resolves a picker: the id sent, else the one match of the text typed.
pub async fn resolve(
    store: &Store,
    ctx: &Ctx,
    kind: PickKind,
    (id, text): (&str, &str),
    scope: Scope,
) -> Result<Picked, StoreError> {
    if let Ok(id) = id.trim().parse::<i64>() {
        return Ok(Picked::Id(id));
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(Picked::Empty);
    }
    let found = match kind {
        PickKind::Person => find_persons(store, ctx, text, scope).await?,
        PickKind::Organisation => find_organisations(store, ctx, text, scope).await?,
    };
    Ok(match found.as_slice() {
        [] => Picked::NoMatch,
        [one] => Picked::Id(one.id),
        many => Picked::Several(many.iter().map(|m| (m.id, m.label.clone())).collect()),
    })
}

#[derive(Debug, Default, Deserialize)]
struct PickParams {
    #[serde(default)]
    q: String,
}

/// `/pick/persons?q=` and `/pick/organisations?q=`: the matches, as JSON, within what the
/// user may see.
async fn matches(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(kind): Path<String>,
    Query(params): Query<PickParams>,
) -> Result<Response, PageError> {
    let text = params.q.trim();
    let found = match kind.as_str() {
        _ if text.is_empty() => Ok(Vec::new()),
        "persons" => find_persons(&state.store, &ctx, text, principal.person_scope()).await,
        "organisations" => {
            find_organisations(&state.store, &ctx, text, principal.organisation_scope()).await
        }
        _ => return Err(PageError::not_found(ctx)),
    };
    match found {
        Ok(found) => Ok(Json(found).into_response()),
        Err(e) => Err(PageError::store(ctx, e)),
    }
}
