//! International cooperation on both databases: the shipped partners, instruments and
//! events with the figures they give, an agreement through its life cycle, an event with its
//! delegation, outcome and follow-up, and the events import.

use crate::on_each_backend;
use crate::support::{assert_consistent, count, temp_file, value};
use chrono::NaiveDate;
use hrx_domain::access::{Capability, Role};
use hrx_domain::cooperation::events::{EventRow, PartnerRole};
use hrx_domain::cooperation::{AgreementFields, PartnerKind};
use hrx_store::accounts::NewUser;
use hrx_store::case::StepRequest;
use hrx_store::cooperation::{
    AgreementStep, EventFilter, EventImportOptions, FollowUpInput, NewEvent, OutcomeInput,
    TimelineFilter,
};
use hrx_store::{Store, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn countries(store: &Store, day: &str) -> Vec<String> {
    store
        .counted_partners(d(day), PartnerKind::Country, false)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect()
}

#[tokio::test]
async fn the_shipped_history_gives_the_cooperation_figures() {
    on_each_backend(|store, label| async move {
        let events = store.coop_events(&EventFilter::default()).await.unwrap();
        assert_eq!(events.len(), 30, "{label}");
        assert!(events.windows(2).all(|w| w[0].starts_on <= w[1].starts_on));
        let issa = events
            .iter()
            .find(|e| e.name_en.starts_with("28th General Assembly"))
            .unwrap();
        assert!(issa.partners.iter().any(|p| p.code == "ISSA"), "{label}");
        assert_eq!(issa.outcomes[0].title_en, "Beijing Declaration");
        assert_eq!(issa.outcomes[0].kind, "declaration");
        // Partner countries at the end of 2009: the shipped instruments (Iran, the United
        // States, South Africa, Canada renewed in December, New Zealand) and the two social
        // security agreements (Germany, Korea).
        let c2009 = countries(&store, "2009-12-31").await;
        assert_eq!(c2009, ["CA", "DE", "IR", "KR", "NZ", "US", "ZA"], "{label}");
        assert_eq!(
            value(&store, "partner_countries", "2009").await,
            7,
            "{label}"
        );
        // Canada's first term ran out on 2009-10-31: not a partner at the end of November.
        assert_eq!(
            value(&store, "partner_countries", "2009-11").await,
            6,
            "{label}"
        );
        assert!(!countries(&store, "2009-11-30").await.contains(&"CA".into()));
        assert_eq!(
            value(&store, "social_security_agreements_in_force", "2009").await,
            2
        );
        assert_eq!(
            value(&store, "social_security_agreements_in_force", "2001").await,
            0
        );
        assert_eq!(
            value(&store, "partner_organisations_at_year_end", "2009").await,
            2
        ); // ILO, EU
        assert_eq!(
            value(&store, "cooperation_events", "2004").await,
            5,
            "{label}"
        );
        let ilo = store
            .counted_partners(d("2009-12-31"), PartnerKind::Organisation, false)
            .await
            .unwrap();
        assert_eq!(ilo[1].basis[0].reference, "CN-ILO-MOU-2001");
        // The social security agreements are agreements of their partners, read from the
        // coverage register.
        let all = store.coop_agreements(d("2026-12-07")).await.unwrap();
        let de = all.iter().find(|a| a.code == "CN-DE-2001").unwrap();
        assert_eq!(
            (de.origin.as_str(), de.state.as_str()),
            ("coverage", "in_force")
        );
        // France's agreement is signed, its entry into force not yet recorded: not counted.
        let fr = all.iter().find(|a| a.code == "CN-FR-2016").unwrap();
        assert_eq!(
            (fr.state.as_str(), fr.entry_into_force_on.as_deref()),
            ("signed", None),
            "{label}"
        );
        assert!(
            !countries(&store, "2020-12-31").await.contains(&"FR".into()),
            "{label}"
        );
        let timeline = store
            .coop_timeline(
                &TimelineFilter {
                    partner: Some("ISSA".into()),
                    ..TimelineFilter::default()
                },
                d("2026-12-07"),
            )
            .await
            .unwrap();
        assert!(
            timeline.iter().any(|t| t.title_en == "Beijing Declaration"),
            "{label}"
        );
        // Loading again changes nothing.
        store.migrate().await.unwrap();
        assert_eq!(count(&store, "coop_event").await, 30, "{label}");
        assert_eq!(count(&store, "coop_agreement").await, 9, "{label}");
        assert_consistent(&store, label, "loading").await;
    })
    .await;
}

fn fields(code: &str, partners: &str) -> AgreementFields {
    AgreementFields {
        code: code.into(),
        kind: "mou".into(),
        title_en: "MoU on labour cooperation".into(),
        title_zh: "劳动合作谅解备忘录".into(),
        chinese_party: "mohrss".into(),
        partners: partners.into(),
        areas: "employment".into(),
        ..AgreementFields::default()
    }
}

fn step<'a>(action: &'a str, version: i64, comment: Option<&'a str>) -> StepRequest<'a> {
    StepRequest {
        action,
        role: "officer",
        comment,
        expected_version: version,
        today: d("2026-12-05"),
    }
}

#[tokio::test]
async fn an_agreement_goes_through_its_life_cycle() {
    on_each_backend(|store, label| async move {
        let input = fields("CN-FR-MOU-2008", "FR").check().unwrap();
        let a = store.create_coop_agreement("officer", &input, &[]).await.unwrap();
        assert_eq!((a.status.as_str(), a.state.as_str()), ("negotiating", "negotiating"));
        let id = a.id.unwrap();
        let take = |action: &'static str, version: i64, input: AgreementStep| {
            let store = store.clone();
            async move {
                store
                    .coop_agreement_step("officer", id, &step(action, version, Some("reason")), &input)
                    .await
            }
        };
        let a = take("initial", 1, AgreementStep { initialled_on: "2008-03-01".into(), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(a.state, "initialled");
        // A signature before the initialling is refused, nothing written.
        let e = take("sign", 2, AgreementStep { signed_on: "2008-02-01".into(), ..Default::default() })
            .await
            .unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("signed_on") == Some("before_previous_stage")), "{label}: {e:?}");
        let a = take("sign", 2, AgreementStep { signed_on: "2008-06-01".into(), signed_place: "Paris".into(), ..Default::default() })
            .await
            .unwrap();
        assert_eq!((a.status.as_str(), a.state.as_str()), ("signed", "signed"));
        // Stale version refused.
        assert!(matches!(
            take("enter_into_force", 2, AgreementStep::default()).await,
            Err(StoreError::Stale { .. })
        ));
        let e = take("enter_into_force", 3, AgreementStep { entry_into_force_on: "2008-05-01".into(), ..Default::default() })
            .await
            .unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("entry_into_force_on") == Some("before_signature")));
        let a = take("enter_into_force", 3, AgreementStep { entry_into_force_on: "2009-01-01".into(), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(a.state, "in_force");
        assert!(countries(&store, "2009-12-31").await.contains(&"FR".into()), "{label}");
        assert!(!countries(&store, "2008-12-31").await.contains(&"FR".into()), "{label}");
        assert_eq!(value(&store, "partner_countries", "2009").await, 8, "{label}");
        let a = take("terminate", 4, AgreementStep { ended_on: "2010-07-01".into(), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(a.state, "terminated");
        assert!(!countries(&store, "2010-12-31").await.contains(&"FR".into()));
        assert!(countries(&store, "2009-12-31").await.contains(&"FR".into()));
        // A terminated agreement takes no more steps.
        assert!(matches!(
            take("renew", 5, AgreementStep::default()).await,
            Err(StoreError::Refused { .. })
        ));
        // A newer instrument that supersedes an older one ends it on the day it takes effect.
        let old = store
            .create_coop_agreement("officer", &AgreementFields { signed_on: "2005-01-01".into(), ..fields("CN-PL-MOU-2005", "PL") }.check().unwrap(), &[])
            .await
            .unwrap();
        assert_eq!(old.status, "in_force");
        let earlier = AgreementFields { signed_on: "2004-01-01".into(), supersedes: "CN-PL-MOU-2005".into(), ..fields("CN-PL-MOU-2004", "PL") };
        let e = store.create_coop_agreement("officer", &earlier.check().unwrap(), &[]).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("supersedes") == Some("signed_later")));
        let newer = AgreementFields { signed_on: "2011-03-01".into(), supersedes: "CN-PL-MOU-2005".into(), ..fields("CN-PL-MOU-2011", "PL") };
        store.create_coop_agreement("officer", &newer.check().unwrap(), &[]).await.unwrap();
        let old = store.coop_agreement(old.id.unwrap(), d("2026-12-07")).await.unwrap().unwrap();
        assert_eq!((old.status.as_str(), old.ended_on.as_deref()), ("superseded", Some("2011-03-01")));
        // An unknown partner and a duplicate code are refused.
        let e = store.create_coop_agreement("officer", &fields("CN-XX-1", "ZZ").check().unwrap(), &[]).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("partners") == Some("unknown_partner")));
        let e = store.create_coop_agreement("officer", &fields("CN-FR-MOU-2008", "FR").check().unwrap(), &[]).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("code") == Some("already_in_use")));
        assert_consistent(&store, label, "the life cycle").await;
    })
    .await;
}

#[tokio::test]
async fn an_event_records_its_delegation_outcome_and_follow_up() {
    on_each_backend(|store, label| async move {
        store
            .create_user(
                "system",
                &NewUser {
                    username: "coop.officer".into(),
                    password: "correct horse battery".into(),
                    role: Role::Officer,
                    capabilities: vec![Capability::Cooperation],
                    organisation_id: None,
                    person_id: None,
                },
            )
            .await
            .unwrap();
        let row = EventRow {
            date: "2009-03-10".into(),
            end_date: "2009-03-11".into(),
            name_en: "China-Chile seminar on employment services".into(),
            name_zh: "中智就业服务研讨会".into(),
            kind: "meeting".into(),
            host_city: "Santiago".into(),
            host_country: "CL".into(),
            ..EventRow::default()
        };
        let event = store
            .create_coop_event(
                "officer",
                &NewEvent {
                    event: row.check().unwrap(),
                    chinese_role: None,
                    partners: vec![("CL".into(), PartnerRole::Counterpart)],
                },
            )
            .await
            .unwrap();
        // Chile counts under the secondary definition only.
        assert!(!countries(&store, "2009-12-31").await.contains(&"CL".into()));
        let secondary = store
            .counted_partners(d("2009-12-31"), PartnerKind::Country, true)
            .await
            .unwrap();
        assert!(secondary.iter().any(|p| p.code == "CL" && p.basis[0].kind == "event"), "{label}");
        let person: i64 = sqlx::query_scalar(
            "INSERT INTO person (name_latin, name_native, sex, birth_date, nationality, version, created_at, updated_at) \
             VALUES ('Wang Fang', '王芳', 'female', '1970-01-01', 'CN', 1, 'x', 'x') RETURNING id",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        store.add_coop_delegate("officer", event.id, person, "head").await.unwrap();
        assert!(store.add_coop_delegate("officer", event.id, person, "member").await.is_err());
        let outcome = store
            .add_coop_outcome(
                "officer",
                event.id,
                &OutcomeInput {
                    kind: "joint_statement".into(),
                    title_en: "Joint statement".into(),
                    title_zh: "联合声明".into(),
                    adopted_on: "2009-03-11".into(),
                    text_ref: String::new(),
                },
            )
            .await
            .unwrap();
        let today = d("2026-12-07");
        let past = FollowUpInput {
            description: "Send the report".into(),
            owner: "coop.officer".into(),
            due_on: "2026-12-04".into(),
            working_days: None,
        };
        let e = store.add_coop_followup("officer", outcome.id, &past, today).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("due_on") == Some("in_the_past")), "{label}");
        store
            .create_user(
                "system",
                &NewUser {
                    username: "ilo.officer".into(),
                    password: "correct horse battery".into(),
                    role: Role::Officer,
                    capabilities: vec![Capability::Conventions],
                    organisation_id: None,
                    person_id: None,
                },
            )
            .await
            .unwrap();
        let outsider = FollowUpInput {
            owner: "ilo.officer".into(),
            due_on: String::new(),
            working_days: Some(5),
            ..past.clone()
        };
        let e = store
            .add_coop_followup("officer", outcome.id, &outsider, today)
            .await
            .unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("owner") == Some("unknown_account")));
        let nobody = FollowUpInput { owner: "nobody".into(), due_on: String::new(), working_days: Some(5), ..past.clone() };
        let e = store.add_coop_followup("officer", outcome.id, &nobody, today).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.code_for("owner") == Some("unknown_account")));
        let action = store
            .add_coop_followup("officer", outcome.id, &FollowUpInput { due_on: String::new(), working_days: Some(5), ..past.clone() }, today)
            .await
            .unwrap();
        // Five working days from Monday 7 December 2026.
        assert_eq!(action.due_on, "2026-12-14", "{label}");
        assert_eq!(store.coop_followups(true, Some("coop.officer"), d("2026-12-07")).await.unwrap().len(), 1);
        let done = store
            .coop_followup_step("coop.officer", action.id, &step("complete", 1, None))
            .await
            .unwrap();
        assert_eq!((done.status.as_str(), done.done_on.is_some()), ("done", true));
        assert!(store.coop_followups(true, None, d("2026-12-07")).await.unwrap().is_empty());
        let full = store.coop_event(event.id, d("2026-12-07")).await.unwrap().unwrap();
        assert_eq!(full.delegates.len(), 1);
        assert_eq!(full.outcomes[0].follow_ups[0].status, "done");
        assert_eq!(value(&store, "cooperation_events", "2009").await, 1, "{label}");
        assert_consistent(&store, label, "the event").await;
    })
    .await;
}

#[tokio::test]
async fn the_events_import_writes_a_whole_file_or_nothing() {
    on_each_backend(|store, label| async move {
        let header = "date,end_date,name_en,name_zh,kind,organiser,host_city,host_country,outcome_document,source\n";
        let good = "2011-06-01,2011-06-17,100th International Labour Conference,第100届国际劳工大会,conference,ILO,Geneva,Switzerland,,https://ilo.org\n";
        let bad = "2011-07-02,2011-07-01,Bad dates,坏日期,forum,,X,Atlantis,,\n";
        let opts = |skip: bool| EventImportOptions {
            skip_invalid: skip,
            ignore_unknown_columns: false,
            rejects: None,
            actor: "officer".into(),
            file_name: "events.csv".into(),
        };
        let path = temp_file("coop", "events.csv", &format!("{header}{good}{bad}"));
        let report = store.import_cooperation_events(&path, &opts(false)).await.unwrap();
        assert_eq!(report.status, "refused", "{label}");
        let reasons: Vec<(&str, &str)> = report.errors.iter().map(|e| (e.column.as_str(), e.reason.as_str())).collect();
        assert!(reasons.contains(&("end_date", "before_start")), "{reasons:?}");
        assert!(reasons.contains(&("host_country", "unknown_country")), "{reasons:?}");
        assert_eq!(count(&store, "coop_event").await, 30, "{label}: nothing written");
        let report = store.import_cooperation_events(&path, &opts(true)).await.unwrap();
        assert_eq!((report.status.as_str(), report.counts.created, report.counts.rows_rejected), ("imported", 1, 1));
        let rejects = std::fs::read_to_string(report.rejects_file.unwrap()).unwrap();
        assert!(rejects.contains("end_date: before_start"), "{rejects}");
        let again = store.import_cooperation_events(&path, &opts(true)).await.unwrap();
        assert_eq!((again.counts.created, again.counts.unchanged), (0, 1), "{label}");
        assert_eq!(count(&store, "coop_event").await, 31, "{label}");
        let header_bad = temp_file("coop", "bad-header.csv", "date,name\n2011-01-01,x\n");
        let report = store.import_cooperation_events(&header_bad, &opts(false)).await.unwrap();
        assert!(report.header_errors.iter().any(|e| e.reason == "missing_column"));
        assert_eq!(value(&store, "cooperation_events", "2011").await, 2, "{label}"); // + EUCSS closing
        assert_consistent(&store, label, "the import").await;
    })
    .await;
}
