//! The timeline: a view, not a table (spec §3.7). Every dated fact of the agreements (with
//! the social security agreements), events, outcomes, follow-up actions and projects, each
//! with its source, for one partner or all.

use super::events::EventFilter;
use crate::{Store, StoreError};
use serde::Serialize;

/// One dated fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub date: String,
    /// `agreement`, `event`, `outcome`, `follow_up` or `project`.
    pub kind: &'static str,
    /// What happened: `signed`, `in_force`, `renewed`, `notice`, `expired`, `terminated`,
    /// `superseded`, an event's kind, `adopted`, `due`, `done`, `approved`, `started`,
    /// `closed`.
    pub what: String,
    pub title_en: String,
    pub title_zh: String,
    /// The page of the record.
    pub link: String,
    /// The partners' codes.
    pub partners: Vec<String>,
    pub source: String,
}

/// What a timeline is filtered by.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    pub partner: Option<String>,
    /// One of the entry kinds.
    pub kind: Option<String>,
    pub year: Option<i32>,
}

/// The kinds of timeline entry, in the order a filter lists them.
pub const ENTRY_KINDS: [&str; 5] = ["agreement", "event", "outcome", "follow_up", "project"];

impl Store {
    /// The timeline as it stands on `today` (a follow-up action still open shows on its due
    /// day).
    pub async fn coop_timeline(
        &self,
        f: &TimelineFilter,
        today: chrono::NaiveDate,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        let mut add = |date: Option<&String>,
                       kind: &'static str,
                       what: &str,
                       (title_en, title_zh): (&str, &str),
                       link: String,
                       partners: &[String],
                       source: &str| {
            if let Some(date) = date {
                out.push(TimelineEntry {
                    date: date.clone(),
                    kind,
                    what: what.to_owned(),
                    title_en: title_en.to_owned(),
                    title_zh: title_zh.to_owned(),
                    link,
                    partners: partners.to_vec(),
                    source: source.to_owned(),
                });
            }
        };
        for a in self.coop_agreements(today).await? {
            let partners: Vec<String> = a.partners.iter().map(|p| p.code.clone()).collect();
            let link = match a.id {
                Some(id) => format!("/cooperation/agreements/{id}"),
                None => format!("/coverage/agreements/{}", a.code),
            };
            let titles = (a.title_en.as_str(), a.title_zh.as_str());
            let in_force = a.entry_into_force_on.as_ref().or(a.signed_on.as_ref());
            add(
                a.signed_on.as_ref(),
                "agreement",
                "signed",
                titles,
                link.clone(),
                &partners,
                &a.source,
            );
            if a.entry_into_force_on.is_some() && a.entry_into_force_on != a.signed_on {
                add(
                    in_force,
                    "agreement",
                    "in_force",
                    titles,
                    link.clone(),
                    &partners,
                    &a.source,
                );
            }
            for r in &a.renewals {
                add(
                    Some(&r.signed_on.to_string()),
                    "agreement",
                    "renewed",
                    titles,
                    link.clone(),
                    &partners,
                    &a.source,
                );
            }
            add(
                a.notice_given_on.as_ref(),
                "agreement",
                "notice",
                titles,
                link.clone(),
                &partners,
                &a.source,
            );
            if let (Some(ended), Some(on)) = (&a.ended, &a.ended_on) {
                add(
                    Some(on),
                    "agreement",
                    ended,
                    titles,
                    link.clone(),
                    &partners,
                    &a.source,
                );
            }
        }
        let events = self
            .coop_events(&EventFilter {
                partner: f.partner.clone(),
                ..EventFilter::default()
            })
            .await?;
        for e in &events {
            let mut partners: Vec<String> = e.partners.iter().map(|p| p.code.clone()).collect();
            partners.extend(e.host_country.clone());
            let link = format!("/cooperation/events/{}", e.id);
            add(
                Some(&e.starts_on),
                "event",
                &e.kind,
                (&e.name_en, &e.name_zh),
                link.clone(),
                &partners,
                &e.source,
            );
            for o in &e.outcomes {
                let date = o.adopted_on.clone().unwrap_or_else(|| e.starts_on.clone());
                add(
                    Some(&date),
                    "outcome",
                    &o.kind,
                    (&o.title_en, &o.title_zh),
                    link.clone(),
                    &partners,
                    &o.text_ref,
                );
            }
        }
        for fu in self.coop_followups(false, None, today).await? {
            let Some(e) = events.iter().find(|e| e.id == fu.event_id) else {
                continue;
            };
            let partners: Vec<String> = e.partners.iter().map(|p| p.code.clone()).collect();
            let link = format!("/cooperation/events/{}", e.id);
            let titles = (fu.description.as_str(), fu.description.as_str());
            match &fu.done_on {
                Some(done) => add(
                    Some(done),
                    "follow_up",
                    "done",
                    titles,
                    link,
                    &partners,
                    &e.source,
                ),
                None if fu.status == "open" => add(
                    Some(&fu.due_on),
                    "follow_up",
                    "due",
                    titles,
                    link,
                    &partners,
                    &e.source,
                ),
                None => {}
            }
        }
        for p in self.coop_projects(today).await? {
            let partners = vec![p.partner.clone()];
            let link = format!("/cooperation/projects/{}", p.id);
            let titles = (p.title_en.as_str(), p.title_zh.as_str());
            add(
                p.approved_on.as_ref(),
                "project",
                "approved",
                titles,
                link.clone(),
                &partners,
                &p.source,
            );
            add(
                p.starts_on.as_ref(),
                "project",
                "started",
                titles,
                link.clone(),
                &partners,
                &p.source,
            );
            add(
                p.actual_end_on.as_ref(),
                "project",
                "closed",
                titles,
                link,
                &partners,
                &p.source,
            );
        }
        out.retain(|t| {
            f.partner.as_ref().is_none_or(|c| t.partners.contains(c))
                && f.kind.as_ref().is_none_or(|k| t.kind == k.as_str())
                && f.year
                    .is_none_or(|y| t.date.starts_with(&format!("{y:04}-")))
        });
        out.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(b.kind)));
        Ok(out)
    }
}
