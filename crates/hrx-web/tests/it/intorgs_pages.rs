//! The international-organisations pages on both databases: who may see them, a vacancy
//! recorded through its form (every value kept on error), a national put on the roster with
//! the picker, the roster ranked for the vacancy, a recommendation drafted, endorsed by an
//! administrator only, refused past the deadline with the values kept and the reason in the
//! page's language, then submitted; every page in Chinese and English without raw codes, a
//! post without the CSRF token refused, and the calculator without signing in.

use super::pages::location;
use super::{day, on_each_backend_at, App};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::json;

const BASE: &str = "/international-organisations";

async fn person(app: &App, admin: &str, latin: &str, passport: &str, nationality: &str) -> i64 {
    let body = json!({"name_native": "李明", "name_latin": latin, "sex": "female",
        "birth_date": "1978-05-01", "nationality": nationality, "passport_number": passport,
        "passport_expiry": "2030-01-01"});
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

/// The value of the first hidden `version` input after `marker` in a page.
fn version_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .and_then(|rest| rest.split("name=\"version\" value=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// Codes that must never stand alone on a page.
const CODES: [&str; 12] = [
    ">drafted<",
    ">endorsed<",
    ">submitted<",
    ">open<",
    ">fixed_term<",
    ">F1<",
    ">America/New_York<",
    ">ncre_roster<",
    ">active<",
    ">fluent<",
    ">doctorate<",
    ">under-represented<",
];

fn no_codes(body: &str, what: &str) {
    for code in CODES {
        assert!(!body.contains(code), "{what}: raw code {code}");
    }
}

const VACANCY: [(&str, &str); 19] = [
    ("organisation", "UNDP"),
    ("reference_no", "10-ECO-UNDP-001"),
    ("title", "Economist"),
    ("grade", "P-3"),
    ("job_family", "Economic affairs"),
    ("duty_station", "New York"),
    ("duty_country", "US"),
    ("funding", "regular_budget"),
    ("posted_on", "2010-02-01"),
    ("deadline", "2010-03-15T23:59"),
    ("deadline_zone", "America/New_York"),
    ("min_degree", "master"),
    ("degree_fields", "economics"),
    ("min_years_experience", "5"),
    ("req_lang_0", "en"),
    ("req_level_0", "fluent"),
    ("fields_of_experience", "economic analysis, statistics"),
    ("des_lang_0", "fr"),
    ("des_level_0", "working"),
];

#[tokio::test]
async fn the_intorgs_pages_record_rank_recommend_and_refuse() {
    on_each_backend_at(day(2010, 3, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("iofficer", Capability::IntOrgs).await;
        app.officer("coop1", Capability::Cooperation).await;
        person(&app, &admin, "Li Ming", "E30000001", "CN").await;
        person(&app, &admin, "Anna Berg", "C01X00T47", "DE").await;

        // The calculator works without signing in: China at the end of 2018 by default.
        let calc = app.page(&format!("{BASE}/desirable-range"), &[]).await;
        calc.expect(StatusCode::OK, label);
        assert!(calc.body.contains("169 – 228"), "{label}: {}", calc.body);
        assert!(calc.body.contains("代表性不足"), "{label}");
        // China's ranges on record: the published 169 – 229 with 89 staff, and the chart.
        assert!(calc.body.contains("169 – 229"), "{label}");
        assert!(calc.body.contains("中国理想幅度记录"), "{label}");
        assert!(calc.body.contains("<svg") && calc.body.contains("职员人数"), "{label}");
        no_codes(&calc.body, "calculator");
        let small = app
            .page(
                &format!("{BASE}/desirable-range?base_figure=3,300&member_states=192&population_share=0&assessment_rate=0.00001&staff="),
                &[],
            )
            .await;
        small.expect(StatusCode::OK, label);
        assert!(small.body.contains("2 – 14"), "{label}: {}", small.body);
        let bad = app
            .page(&format!("{BASE}/desirable-range?base_figure=lots&member_states=193&population_share=0.1&assessment_rate=0.1"), &[])
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert!(bad.body.contains("value=\"lots\""), "{label}");

        // Access: sign in first; 403 without the capability, and no menu entry.
        let anonymous = app.page(BASE, &[]).await;
        anonymous.expect(StatusCode::SEE_OTHER, label);
        assert!(location(&anonymous).starts_with("/login"), "{label}");
        let mut other = app.browser("coop1").await;
        for path in ["", "/vacancies", "/vacancies/new", "/roster", "/roster/new", "/serving"] {
            other
                .get(&format!("{BASE}{path}"))
                .await
                .expect(StatusCode::FORBIDDEN, &format!("{label}: {path}"));
        }
        other
            .post(&format!("{BASE}/vacancies"), &VACANCY, true)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        assert!(
            !other.get("/persons").await.body.contains(&format!("href=\"{BASE}\"")),
            "{label}"
        );

        // The administrator records a vacancy through the form.
        let mut root = app.browser("root").await;
        let home = root.get(BASE).await;
        home.expect(StatusCode::OK, label);
        assert!(home.body.contains(&format!("href=\"{BASE}\">国际组织</a>")), "{label}");
        let form = root.get(&format!("{BASE}/vacancies/new")).await;
        form.expect(StatusCode::OK, label);
        assert!(form.body.contains("开发计划署") || form.body.contains("UNDP"), "{label}");
        assert!(form.body.contains("type=\"datetime-local\""), "{label}");
        root.post(&format!("{BASE}/vacancies"), &VACANCY, false)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        assert_eq!(app.count("io_vacancy").await, 0, "{label}");
        let mut wrong = VACANCY.to_vec();
        wrong[3] = ("grade", "");
        wrong[9] = ("deadline", "");
        let refused = root.post(&format!("{BASE}/vacancies"), &wrong, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in ["10-ECO-UNDP-001", "Economic affairs", "grade-error", "deadline-error", "value=\"economics\""] {
            assert!(refused.body.contains(kept), "{label}: {kept}: {}", refused.body);
        }
        let created = root.post(&format!("{BASE}/vacancies"), &VACANCY, true).await;
        created.expect(StatusCode::SEE_OTHER, label);
        let vacancy = location(&created);
        let page = root.get(&vacancy).await;
        page.expect(StatusCode::OK, label);
        assert!(page.body.contains("2010年3月15日 23:59 纽约时间"), "{label}: {}", page.body);
        assert!(page.body.contains("2010年3月16日 11:59"), "{label}");
        assert!(page.body.contains("优先考虑的语言</dt><dd>法语"), "{label}: {}", page.body);
        no_codes(&page.body, "vacancy");

        // A national on the roster, chosen by name with the picker; a foreigner refused with
        // every value kept.
        let entry = [
            ("person_id_q", "Li Ming"),
            ("source", "ncre_roster"),
            ("status", "active"),
            ("consent_on", "2009-01-10"),
            ("lang_0", "en"),
            ("level_0", "fluent"),
            ("evidence_0", "test"),
            ("note_0", "IELTS 8"),
            ("lang_1", "fr"),
            ("level_1", "working"),
            ("lang_2", "zh"),
            ("level_2", "fluent"),
            ("deg_level_0", "doctorate"),
            ("deg_field_0", "economics"),
            ("deg_inst_0", "Peking University"),
            ("exp_employer_0", "Ministry of Finance"),
            ("exp_from_0", "2004-03-21"),
            ("exp_to_0", "2007-03-20"),
            ("exp_employer_1", "ADB"),
            ("exp_from_1", "2007-03-21"),
            ("exp_intl_1", "1"),
            ("fields", "economic analysis"),
        ];
        let mut foreign = entry.to_vec();
        foreign[0] = ("person_id_q", "Anna Berg");
        let refused = root.post(&format!("{BASE}/roster"), &foreign, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in ["Anna Berg", "IELTS 8", "Peking University", "Ministry of Finance", "只有中国公民"] {
            assert!(refused.body.contains(kept), "{label}: {kept}: {}", refused.body);
        }
        let added = root.post(&format!("{BASE}/roster"), &entry, true).await;
        added.expect(StatusCode::SEE_OTHER, label);
        let roster_entry = root.get(&location(&added)).await;
        roster_entry.expect(StatusCode::OK, label);
        for shown in ["6.0 年", "3.0 年", "IELTS 8", "查阅"] {
            assert!(roster_entry.body.contains(shown), "{label}: {shown}: {}", roster_entry.body);
        }
        no_codes(&roster_entry.body, "roster entry");

        // Edited: the form holds the facts; a fifth language adds a row; a stale save is
        // refused with what was typed kept.
        let entry_href = location(&added);
        let edit = root.get(&format!("{entry_href}/edit")).await;
        edit.expect(StatusCode::OK, label);
        for shown in ["value=\"IELTS 8\"", "value=\"Peking University\"", "value=\"2004-03-21\""] {
            assert!(edit.body.contains(shown), "{label}: {shown}: {}", edit.body);
        }
        let version = version_after(&edit.body, "action=\"/international-organisations/roster/");
        assert_eq!(version, "1", "{label}");
        let mut edited = entry[1..].to_vec();
        edited.extend([("lang_3", "es"), ("level_3", "basic"), ("lang_4", "ru"), ("level_4", "working")]);
        edited.push(("version", version.as_str()));
        root.post(&entry_href, &edited, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let edit = root.get(&format!("{entry_href}/edit")).await;
        assert!(edit.body.contains("name=\"lang_5\""), "{label}: a spare row after the fifth");
        let stale = root.post(&entry_href, &edited, true).await;
        stale.expect(StatusCode::CONFLICT, label);
        assert!(stale.body.contains("value=\"IELTS 8\""), "{label}");
        let roster_entry = root.get(&entry_href).await;
        assert!(roster_entry.body.contains("俄语"), "{label}: {}", roster_entry.body);

        // The roster ranked: 75.5 with the components worded; recommend drafts the case.
        let page = root.get(&vacancy).await;
        assert!(page.body.contains("75.5"), "{label}: {}", page.body);
        assert!(page.body.contains("工作经验"), "{label}");
        let entry_id = page
            .body
            .split("name=\"roster_entry_id\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let drafted = root
            .post(&format!("{vacancy}/recommend"), &[("roster_entry_id", &entry_id)], true)
            .await;
        drafted.expect(StatusCode::SEE_OTHER, label);
        let case = location(&drafted);

        // An officer who is not an administrator may not endorse.
        let mut officer = app.browser("iofficer").await;
        let seen = officer.get(&case).await;
        seen.expect(StatusCode::OK, label);
        assert!(!seen.body.contains("value=\"endorse\""), "{label}");
        assert!(seen.body.contains("只有管理员"), "{label}");
        let page = root.get(&case).await;
        assert!(page.body.contains("value=\"endorse\""), "{label}");
        no_codes(&page.body, "recommendation");
        let version = version_after(&page.body, "step-endorse");
        root.post(&format!("{case}/steps"), &[("action", "endorse"), ("version", &version)], true)
            .await
            .expect(StatusCode::SEE_OTHER, label);

        // Submitted a day late: refused, the reason in Chinese, the day typed kept.
        let page = root.get(&case).await;
        let version = version_after(&page.body, "step-submit");
        let late = root
            .post(
                &format!("{case}/steps"),
                &[("action", "submit"), ("version", &version), ("submitted_on", "2010-03-16")],
                true,
            )
            .await;
        late.expect(StatusCode::CONFLICT, label);
        assert!(late.body.contains("已逾期"), "{label}: {}", late.body);
        assert!(late.body.contains("value=\"2010-03-16\""), "{label}");
        root.post(
            &format!("{case}/steps"),
            &[("action", "submit"), ("version", &version), ("submitted_on", "2010-03-15")],
            true,
        )
        .await
        .expect(StatusCode::SEE_OTHER, label);

        // In English: the refusal worded in English, the pages without codes.
        root.get("/lang/en?next=/international-organisations").await;
        for path in [
            BASE.to_owned(),
            format!("{BASE}/vacancies?status=all"),
            vacancy.clone(),
            format!("{BASE}/roster"),
            format!("{BASE}/serving"),
            case.clone(),
            format!("{BASE}/desirable-range"),
        ] {
            let page = root.get(&path).await;
            page.expect(StatusCode::OK, &format!("{label}: {path}"));
            no_codes(&page.body, &path);
        }
        let page = root.get(&vacancy).await;
        assert!(page.body.contains("15 Mar 2010 23:59 New York time"), "{label}");
        let page = root.get(&case).await;
        assert!(page.body.contains("Submitted"), "{label}");
        // Withdrawal cannot be undone: it asks first, then is taken.
        let version = version_after(&page.body, "step-withdraw");
        let fields = [("action", "withdraw"), ("version", version.as_str()), ("comment", "Declined")];
        let asks = root.post(&format!("{case}/steps"), &fields, true).await;
        asks.expect(StatusCode::OK, label);
        assert!(asks.body.contains("name=\"confirmed\" value=\"yes\""), "{label}");
        let mut confirmed = fields.to_vec();
        confirmed.push(("confirmed", "yes"));
        root.post(&format!("{case}/steps"), &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        assert!(root.get(&case).await.body.contains("Withdrawn"), "{label}");
    })
    .await;
}

/// The id in a page after `marker` up to the next `"` or `/`.
fn id_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .and_then(|r| r.split(['"', '/', '#']).next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_exam_pages_record_a_session_and_move_a_candidate_in_order() {
    on_each_backend_at(day(2011, 6, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("coop1", Capability::Cooperation).await;
        person(&app, &admin, "Wang Fang", "E30000002", "CN").await;
        let mut other = app.browser("coop1").await;
        other
            .get(&format!("{BASE}/exams"))
            .await
            .expect(StatusCode::FORBIDDEN, label);

        // The confirmed history is shown with its published figures and sources.
        let mut root = app.browser("root").await;
        let list = root.get(&format!("{BASE}/exams")).await;
        list.expect(StatusCode::OK, label);
        for shown in [
            "国家竞争性招聘考试（NCRE） 2001",
            "188",
            "en.people.cn",
            "已证实的历史",
        ] {
            assert!(list.body.contains(shown), "{label}: {shown}: {}", list.body);
        }
        assert!(!list.body.contains(">NCRE<"), "{label}");

        // A session with a year that is not one: refused, every value kept, nothing written.
        let session = [
            ("programme", "NCRE"),
            ("year", "2011"),
            ("code", "NCRE-2011-CN"),
            ("written_date", "2011-02-09"),
            ("city", "Beijing"),
            ("country", "CN"),
            ("organiser", "UN Secretariat; MOHRSS"),
            ("subjects", "statistics, economics"),
            ("published_sat", "1,200"),
            ("source", "https://example.org/ncre-2011"),
        ];
        let sessions = app.count("io_exam_session").await;
        let mut wrong = session.to_vec();
        wrong[1] = ("year", "twenty");
        let refused = root.post(&format!("{BASE}/exams"), &wrong, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in [
            "value=\"twenty\"",
            "year-error",
            "https://example.org/ncre-2011",
            "UN Secretariat; MOHRSS",
        ] {
            assert!(
                refused.body.contains(kept),
                "{label}: {kept}: {}",
                refused.body
            );
        }
        assert_eq!(app.count("io_exam_session").await, sessions, "{label}");
        let created = root.post(&format!("{BASE}/exams"), &session, true).await;
        created.expect(StatusCode::SEE_OTHER, label);
        let page_href = location(&created);
        let again = root.post(&format!("{BASE}/exams"), &session, true).await;
        again.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let page = root.get(&page_href).await;
        page.expect(StatusCode::OK, label);
        assert!(page.body.contains("1,200"), "{label}: {}", page.body);

        // A candidate chosen by name, with a subject of the session.
        let added = root
            .post(
                &format!("{page_href}/candidates"),
                &[("person_id_q", "Wang Fang"), ("subject", "statistics")],
                true,
            )
            .await;
        added.expect(StatusCode::SEE_OTHER, label);
        let page = root.get(&page_href).await;
        assert!(page.body.contains("已报名"), "{label}: {}", page.body);
        let candidate = id_after(&page.body, "/candidates/");
        let href = format!("{page_href}/candidates/{candidate}/status");
        // Out of order: an outcome that ends the candidacy asks first, then is refused with
        // the reason worded.
        let version = version_after(&page.body, &format!("candidate-{candidate}"));
        let fields = [("status", "successful"), ("version", version.as_str())];
        let asks = root.post(&href, &fields, true).await;
        asks.expect(StatusCode::OK, label);
        assert!(
            asks.body.contains("name=\"confirmed\" value=\"yes\""),
            "{label}"
        );
        let confirmed = [
            ("status", "successful"),
            ("version", version.as_str()),
            ("confirmed", "yes"),
        ];
        let refused = root.post(&href, &confirmed, true).await;
        refused.expect(StatusCode::CONFLICT, label);
        assert!(
            refused.body.contains("须按考试顺序登记"),
            "{label}: {}",
            refused.body
        );
        // In order to successful.
        let mut version = version;
        for status in [
            "screened_in",
            "sat",
            "passed_written",
            "interviewed",
            "successful",
        ] {
            let fields = [
                ("status", status),
                ("version", version.as_str()),
                ("confirmed", "yes"),
            ];
            root.post(&href, &fields, true)
                .await
                .expect(StatusCode::SEE_OTHER, &format!("{label}: {status}"));
            let page = root.get(&page_href).await;
            version = version_after(&page.body, &format!("candidate-{candidate}"));
        }
        let page = root.get(&page_href).await;
        assert!(
            page.body.contains("尚未列入人才库"),
            "{label}: {}",
            page.body
        );
        assert!(!page.body.contains(">successful<"), "{label}");
        root.get("/lang/en?next=/").await;
        let page = root.get(&page_href).await;
        assert!(page.body.contains("Successful"), "{label}");
        assert!(
            page.body
                .contains("National Competitive Recruitment Examination"),
            "{label}"
        );
    })
    .await;
}
