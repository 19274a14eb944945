//! The officer's home: open vacancies by deadline with the working days left and the
//! deadline in the organisation's zone beside China time, the recommendations in progress,
//! and the links to the capability's pages.

use super::{badge, Officer, BASE, WORDS};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hrx_store::intorgs::VacancyRecord;

/// A vacancy as the home and the list show it.
pub(super) struct VacancyRow {
    pub href: String,
    pub title: String,
    pub organisation: String,
    pub grade: String,
    pub deadline: String,
    pub china: String,
    pub days_left: i64,
    pub status: String,
    pub badge: &'static str,
}

impl VacancyRow {
    pub fn of(ctx: &Ctx, v: &VacancyRecord) -> VacancyRow {
        VacancyRow {
            href: format!("{BASE}/vacancies/{}", v.id),
            title: format!("{} · {}", v.title, v.reference_no),
            organisation: ctx.io_organisation(
                &v.organisation,
                &v.organisation_name_en,
                &v.organisation_name_zh,
            ),
            grade: v.grade.clone(),
            deadline: ctx.deadline(&v.deadline_local, &v.deadline_zone),
            china: ctx.datetime(&v.deadline_utc),
            days_left: v.working_days_left,
            status: ctx.tk("io-vstatus", &v.status),
            badge: badge(&v.status),
        }
    }
}

/// A recommendation in progress.
pub(super) struct CaseRow {
    pub href: String,
    pub person: String,
    pub vacancy: String,
    pub status: String,
    pub badge: &'static str,
    pub since: String,
}

#[derive(Template)]
#[template(path = "io_home.html")]
struct HomePage {
    ctx: Ctx,
    vacancies: Vec<VacancyRow>,
    cases: Vec<CaseRow>,
}

/// The states a recommendation ends in.
pub(super) const TERMINAL: [&str; 5] = [
    "not_shortlisted",
    "not_selected",
    "withdrawn",
    "vacancy_cancelled",
    "joined",
];

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let today = state.today();
    let vacancies = state
        .store
        .io_vacancies(true, today)
        .await
        .or_page(&ctx)?
        .iter()
        .map(|v| VacancyRow::of(&ctx, v))
        .collect();
    let cases = state
        .store
        .io_recommendations(None)
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|r| !TERMINAL.contains(&r.status.as_str()))
        .map(|r| CaseRow {
            href: format!("{BASE}/recommendations/{}", r.id),
            person: r.person_name.clone(),
            vacancy: format!("{} · {} · {}", r.vacancy_title, r.organisation, r.grade),
            status: ctx.tk(WORDS.statuses, &r.status),
            badge: badge(&r.status),
            since: ctx.datetime(&r.status_since),
        })
        .collect();
    let page = HomePage {
        ctx,
        vacancies,
        cases,
    };
    Ok(render(StatusCode::OK, &page))
}
