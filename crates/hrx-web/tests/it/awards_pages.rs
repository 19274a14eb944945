//! The state awards' pages on both databases: the public laureate register with the history
//! of every round (1,099 Friendship Award laureates at the end of 2009, the ISTC's published
//! 43 beside the sources' 61) and a certificate without signing in; who may open the
//! officers' and reviewers' pages; a round planned, opened after a confirmation; the
//! nomination form refusing with a worded reason and every value kept; a nomination's file
//! from draft to conferred with the maker-checker refusal worded, the irreversible steps
//! confirmed first, a panel drawn, scored by its reviewers in their own view and a conflict
//! declared; every page in Chinese and English without raw codes; a post without the CSRF
//! token refused.

use super::pages::location;
use super::{day, on_each_backend_at, App, Reply};
use axum::http::{header, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::json;

const BASE: &str = "/awards";

async fn expert(app: &App, admin: &str, latin: &str, passport: &str, nationality: &str) -> i64 {
    let body = json!({"name_native": latin, "name_latin": latin, "sex": "male",
        "birth_date": "1955-05-01", "nationality": nationality, "passport_number": passport,
        "passport_expiry": "2032-01-01"});
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

async fn unit(app: &App, code: &str) -> i64 {
    let units = app.get("/api/v1/awards/units", None).await;
    units
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["code"] == code)
        .and_then(|u| u["id"].as_i64())
        .unwrap_or_else(|| panic!("{}: no unit {code}", app.label))
}

/// Plans and opens a round over the API.
async fn open_round(app: &App, admin: &str, award: &str, year: i32) -> i64 {
    let body = json!({"award": award, "award_year": year,
        "opens_on": format!("{year}-04-01"), "closes_on": format!("{year}-05-10")});
    let planned = app.post("/api/v1/awards/rounds", Some(admin), body).await;
    planned.expect(StatusCode::CREATED, app.label);
    let id = planned.id();
    app.post(
        &format!("/api/v1/awards/rounds/{id}/status"),
        Some(admin),
        json!({"version": planned.json()["version"], "status": "open"}),
    )
    .await
    .expect(StatusCode::OK, app.label);
    id
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

/// Codes that must never stand alone on a page, and untranslated keys.
const CODES: [&str; 20] = [
    ">draft<",
    ">panel_review<",
    ">public_notice<",
    ">conferred<",
    ">first_approval<",
    ">friendship<",
    ">istc<",
    ">province<",
    ">city<",
    ">ceremony<",
    ">same_employer<",
    ">planned<",
    ">open<",
    ">past<",
    ">confirmed<",
    ">calendar<",
    ">DE<",
    ">aw-",
    "\"aw-",
    " aw-",
];

#[track_caller]
fn no_codes(body: &str, what: &str) {
    for code in CODES {
        assert!(!body.contains(code), "{what}: raw code {code}");
    }
}

#[track_caller]
fn shows(reply: &Reply, what: &str, texts: &[&str]) {
    for text in texts {
        assert!(
            reply.body.contains(text),
            "{what}: {text} is missing: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn the_public_register_and_a_certificate_need_no_sign_in() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        sqlx::query(
            "INSERT INTO award_laureate (award, award_year, name, name_zh, nationality, field, \
             employer, conferral, conferred_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'test', '2026-04-20T02:00:00.000Z')",
        )
        .bind("friendship")
        .bind(2026_i64)
        .bind("Hans Keller")
        .bind("汉斯·凯勒")
        .bind("DE")
        .bind("engineering")
        .bind("Tongji University")
        .bind("ceremony")
        .bind("2026-04-20")
        .execute(app.store.pool())
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));

        // The register in Chinese: the laureate worded, the history's chain, the ISTC's gap.
        let register = app.page(&format!("{BASE}/laureates"), &[]).await;
        register.expect(StatusCode::OK, label);
        shows(
            &register,
            label,
            &[
                "Hans Keller",
                "汉斯·凯勒",
                "德国",
                "友谊奖",
                "Tongji University",
                "/certificate\">查看证书",
                "id=\"round-friendship-2009\"",
                "1,099",
                "2,048",
                "id=\"sources-differ-istc\"",
                "白皮书为 43 人",
                "为 61 人",
                "多 18 人",
                "href=\"/awards/laureates\">获奖者名录</a>",
            ],
        );
        no_codes(&register.body, "register");
        assert!(
            !register.body.contains("href=\"/awards\">"),
            "{label}: a visitor has no officer link"
        );

        // Searched and filtered; what matches nothing says so.
        let found = app
            .page(
                &format!("{BASE}/laureates?q=keller&award=friendship&year=2026&country=DE"),
                &[],
            )
            .await;
        found.expect(StatusCode::OK, label);
        shows(
            &found,
            label,
            &["Hans Keller", "已登记获奖者 1 名", "value=\"keller\""],
        );
        let none = app
            .page(&format!("{BASE}/laureates?country=FR&year=lots"), &[])
            .await;
        none.expect(StatusCode::OK, label);
        assert!(!none.body.contains("Hans Keller"), "{label}");
        shows(&none, label, &["没有符合条件的获奖者"]);

        // The certificate: both languages, the facts worded, the day as the reader writes it.
        let href = register
            .body
            .split("href=\"/awards/laureates/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(|tail| format!("{BASE}/laureates/{tail}"))
            .unwrap_or_default();
        let certificate = app.page(&href, &[]).await;
        certificate.expect(StatusCode::OK, label);
        shows(
            &certificate,
            label,
            &[
                "中国政府友谊奖",
                "Chinese Government Friendship Award",
                "荣誉证书",
                "Certificate of Award",
                "2026年4月20日",
                "颁奖仪式授予",
                "<svg",
                "class=\"a4 certificate\"",
            ],
        );
        no_codes(&certificate.body, "certificate");
        let english = app.page(&href, &[(header::ACCEPT_LANGUAGE, "en")]).await;
        shows(
            &english,
            label,
            &[
                "20 Apr 2026",
                "At the ceremony",
                "Germany",
                "中国政府友谊奖",
            ],
        );
        no_codes(&english.body, "certificate in English");
        let register = app
            .page(
                &format!("{BASE}/laureates"),
                &[(header::ACCEPT_LANGUAGE, "en")],
            )
            .await;
        shows(
            &register,
            label,
            &[
                "Germany",
                "the 2010 white paper gives 43",
                "give 61",
                "18 more",
            ],
        );
        no_codes(&register.body, "register in English");
        app.page(&format!("{BASE}/laureates/999999/certificate"), &[])
            .await
            .expect(StatusCode::NOT_FOUND, label);
        app.page(&format!("{BASE}/laureates/x/certificate"), &[])
            .await
            .expect(StatusCode::NOT_FOUND, label);
    })
    .await;
}

#[tokio::test]
async fn the_officer_pages_are_for_experts_officers_and_the_reviews_for_reviewers() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("fexpert", Capability::Experts).await;
        app.officer("coop1", Capability::Cooperation).await;
        app.user("rev1", Role::Reviewer, vec![], None, None).await;
        let round = open_round(&app, &admin, "friendship", 2026).await;
        let person = expert(&app, &admin, "Hans Keller", "C0000001", "DE").await;
        let officer = app.token("fexpert").await;
        let nomination = app
            .post(
                "/api/v1/awards/nominations",
                Some(&officer),
                json!({"award": "friendship", "award_year": 2026,
                    "applying_unit_id": unit(&app, "P320000").await, "expert_person_id": person,
                    "rank": 1, "contribution": "Trained forty engineers."}),
            )
            .await;
        nomination.expect(StatusCode::CREATED, label);
        let file = format!("{BASE}/nominations/{}", nomination.id());
        let paths = [
            BASE.to_owned(),
            format!("{BASE}/rounds/{round}"),
            format!("{BASE}/rounds/new"),
            format!("{BASE}/nominations/new?round={round}"),
            file.clone(),
            format!("{BASE}/reviews"),
            format!("{BASE}/reviewers?award=friendship"),
        ];

        // A visitor signs in first.
        for path in &paths {
            let page = app.page(path, &[]).await;
            page.expect(StatusCode::SEE_OTHER, &format!("{label}: {path}"));
            assert!(location(&page).starts_with("/login"), "{label}: {path}");
        }
        // An officer of another capability: 403 on every page and post, no menu entry.
        let mut other = app.browser("coop1").await;
        for path in &paths {
            other
                .get(path)
                .await
                .expect(StatusCode::FORBIDDEN, &format!("{label}: {path}"));
        }
        let fields = [
            ("round", round.to_string()),
            ("applying_unit_id", "1".into()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        other
            .post(&format!("{BASE}/nominations"), &fields, true)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        other
            .post(
                &format!("{file}/steps"),
                &[("action", "submit"), ("version", "1")],
                true,
            )
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let home = other.get("/persons").await;
        assert!(!home.body.contains("href=\"/awards\">"), "{label}");
        assert!(home.body.contains("href=\"/awards/laureates\">"), "{label}");

        // An experts officer works on the pages but plans no round.
        let mut officer = app.browser("fexpert").await;
        let home = officer.get(BASE).await;
        home.expect(StatusCode::OK, label);
        shows(
            &home,
            label,
            &[
                "href=\"/awards\">国家奖励</a>",
                "接受推荐",
                "Hans Keller",
                "等待您办理",
            ],
        );
        no_codes(&home.body, "home");
        officer
            .get(&format!("{BASE}/rounds/new"))
            .await
            .expect(StatusCode::FORBIDDEN, label);
        officer
            .post(
                &format!("{BASE}/rounds"),
                &[("award", "friendship"), ("award_year", "2027")],
                true,
            )
            .await
            .expect(StatusCode::FORBIDDEN, label);
        officer
            .post(
                &format!("{BASE}/reviewers"),
                &[("award", "friendship"), ("username", "rev1")],
                true,
            )
            .await
            .expect(StatusCode::FORBIDDEN, label);
        officer
            .get(&format!("{BASE}/reviewers?award=istc"))
            .await
            .expect(StatusCode::OK, label);

        // A reviewer not on the panel: their list is empty, the file is closed to them.
        let mut reviewer = app.browser("rev1").await;
        let list = reviewer.get(&format!("{BASE}/reviews")).await;
        list.expect(StatusCode::OK, label);
        shows(
            &list,
            label,
            &[
                "您目前不在任何评审组中",
                "href=\"/awards/reviews\">我的评审</a>",
            ],
        );
        reviewer
            .get(&file)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        reviewer
            .get(BASE)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        reviewer
            .post(&format!("{file}/reviews"), &[("score", "90")], true)
            .await
            .expect(StatusCode::FORBIDDEN, label);

        // Without the CSRF token a post is refused and nothing is written.
        let before = app.count("award_nomination").await;
        let person = person.to_string();
        let unit_id = unit(&app, "P110000").await.to_string();
        let round = round.to_string();
        let form = [
            ("round", round.as_str()),
            ("applying_unit_id", unit_id.as_str()),
            ("expert_person_id", person.as_str()),
            ("rank", "1"),
            ("contribution", "Trained forty engineers."),
        ];
        officer
            .post(&format!("{BASE}/nominations"), &form, false)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        assert_eq!(app.count("award_nomination").await, before, "{label}");
        officer
            .post(
                &format!("{file}/steps"),
                &[("action", "submit"), ("version", "1")],
                false,
            )
            .await
            .expect(StatusCode::FORBIDDEN, label);
    })
    .await;
}

#[tokio::test]
async fn a_round_planned_and_opened_and_a_nomination_refused_with_its_values_kept() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("fexpert", Capability::Experts).await;
        expert(&app, &admin, "Wang Li", "E10000001", "CN").await;
        expert(&app, &admin, "Hans Keller", "C0000001", "DE").await;
        expert(&app, &admin, "Ana Souza", "B0000002", "BR").await;
        expert(&app, &admin, "Claire Martin", "F0000003", "FR").await;
        expert(&app, &admin, "Kenji Sato", "J0000004", "JP").await;

        // The administrator plans the round: the award's defaults filled in.
        let mut root = app.browser("root").await;
        let new = root
            .get(&format!("{BASE}/rounds/new?award=friendship&year=2026"))
            .await;
        new.expect(StatusCode::OK, label);
        shows(
            &new,
            label,
            &[
                "name=\"quota_major\" value=\"4\"",
                "name=\"text_limit\" value=\"600\"",
                "value=\"2026-09-30\"",
                "自然日",
            ],
        );
        no_codes(&new.body, "new round");
        let istc = root
            .get(&format!("{BASE}/rounds/new?award=istc&year=2026"))
            .await;
        shows(
            &istc,
            label,
            &[
                "name=\"result_notice_days\" value=\"20\"",
                "value=\"2027-01-10\"",
            ],
        );
        let mut round = vec![
            ("award", "friendship"),
            ("award_year", "2026"),
            ("opens_on", "2026-04-01"),
            ("closes_on", "2026-03-01"),
            ("quota_major", "4"),
            ("quota_city", "2"),
            ("text_limit", "six hundred"),
            ("notice_days", "0"),
            ("result_notice_days", "0"),
            ("notice_count", "calendar"),
            ("decision_body", "MOHRSS (SAFEA)"),
        ];
        let wrong = root.post(&format!("{BASE}/rounds"), &round, true).await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        shows(
            &wrong,
            label,
            &[
                "value=\"six hundred\"",
                "text_limit-error",
                "value=\"2026-03-01\"",
            ],
        );
        round[3] = ("closes_on", "2026-05-10");
        round[6] = ("text_limit", "600");
        let rounds = app.count("award_round").await;
        let planned = root.post(&format!("{BASE}/rounds"), &round, true).await;
        planned.expect(StatusCode::SEE_OTHER, label);
        assert_eq!(app.count("award_round").await, rounds + 1, "{label}");
        let round_href = location(&planned);
        let page = root.get(&round_href).await;
        page.expect(StatusCode::OK, label);
        shows(
            &page,
            label,
            &[
                "筹备中",
                "2026年4月1日 – 2026年5月10日",
                "人力资源社会保障部（国家外国专家局）",
                "id=\"round-open\"",
            ],
        );
        no_codes(&page.body, "planned round");
        // Edited while planned: a value that is no number comes back, kept.
        let version = version_after(&page.body, "action=\"/awards/rounds/");
        let mut edit: Vec<(&str, &str)> = round[2..].to_vec();
        edit.push(("version", &version));
        edit[2] = ("quota_major", "many");
        let kept = root.post(&round_href, &edit, true).await;
        kept.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        shows(&kept, label, &["value=\"many\"", "quota_major-error"]);
        edit[2] = ("quota_major", "4");
        edit[6] = ("notice_count", "calendar");
        root.post(&round_href, &edit, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);

        // Opening asks first, then opens.
        let page = root.get(&round_href).await;
        let version = version_after(&page.body, "id=\"round-open\"");
        let open = [("status", "open"), ("version", version.as_str())];
        let asks = root
            .post(&format!("{round_href}/status"), &open, true)
            .await;
        asks.expect(StatusCode::OK, label);
        shows(
            &asks,
            label,
            &["name=\"confirmed\" value=\"yes\"", "开始接受推荐？"],
        );
        let mut confirmed = open.to_vec();
        confirmed.push(("confirmed", "yes"));
        root.post(&format!("{round_href}/status"), &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = root.get(&round_href).await;
        shows(
            &page,
            label,
            &["接受推荐", "/awards/nominations/new?round="],
        );
        assert!(
            !page.body.contains("id=\"edit\""),
            "{label}: an open round is not edited"
        );
        let round_id = round_href.rsplit('/').next().unwrap_or_default().to_owned();

        // The form: the units worded with their kind, the round's limit.
        let mut officer = app.browser("fexpert").await;
        let form_href = format!("{BASE}/nominations/new?round={round_id}");
        let form = officer.get(&form_href).await;
        form.expect(StatusCode::OK, label);
        shows(
            &form,
            label,
            &[
                "北京市外国专家主管部门",
                "<optgroup label=\"省级\">",
                "计划单列市或副省级城市",
                "上限为 600 字",
                "data-limit=\"600\"",
            ],
        );
        no_codes(&form.body, "nomination form");
        let beijing = unit(&app, "P110000").await.to_string();
        let shenzhen = unit(&app, "CSZ").await.to_string();
        let nominate = |expert: &'static str, unit: &str, rank: &'static str, text: String| {
            vec![
                ("round".to_owned(), round_id.clone()),
                ("applying_unit_id".to_owned(), unit.to_owned()),
                ("expert_person_id_q".to_owned(), expert.to_owned()),
                ("rank".to_owned(), rank.to_owned()),
                ("field".to_owned(), "engineering".to_owned()),
                ("contribution".to_owned(), text),
            ]
        };
        let send = async |browser: &mut super::pages::Browser<'_>,
                          fields: &Vec<(String, String)>| {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            browser
                .post(&format!("{BASE}/nominations"), &refs, true)
                .await
        };
        let before = app.count("award_nomination").await;

        // A Chinese national: refused, the reason in Chinese, every value kept.
        let chinese = nominate(
            "Wang Li",
            &beijing,
            "1",
            "Built the joint laboratory.".into(),
        );
        let refused = send(&mut officer, &chinese).await;
        refused.expect(StatusCode::CONFLICT, label);
        shows(
            &refused,
            label,
            &[
                "id=\"refusal\"",
                "该专家的国籍为中国",
                "中国公民",
                "Built the joint laboratory.",
                "value=\"engineering\"",
                "Wang Li",
                &format!("<option value=\"{beijing}\" selected>"),
            ],
        );
        no_codes(&refused.body, "refused nomination");
        // Too long: the count shown by the server, the text kept.
        let long = "贡".repeat(601);
        let too_long = send(
            &mut officer,
            &nominate("Hans Keller", &beijing, "1", long.clone()),
        )
        .await;
        too_long.expect(StatusCode::CONFLICT, label);
        shows(
            &too_long,
            label,
            &[
                "主要贡献共 601 字，本年度上限为 600 字",
                "601 / 600 字",
                "count over",
                &long,
            ],
        );
        // Saved, then the same rank again: rank_taken, worded with the unit.
        let saved = send(
            &mut officer,
            &nominate("Hans Keller", &beijing, "1", "Trained engineers.".into()),
        )
        .await;
        saved.expect(StatusCode::SEE_OTHER, label);
        assert!(
            location(&saved).starts_with("/awards/nominations/"),
            "{label}"
        );
        let taken = send(
            &mut officer,
            &nominate(
                "Ana Souza",
                &beijing,
                "1",
                "Improved soybean yields.".into(),
            ),
        )
        .await;
        taken.expect(StatusCode::CONFLICT, label);
        shows(
            &taken,
            label,
            &[
                "北京市外国专家主管部门已有另一名人选排在第 1 位",
                "Improved soybean yields.",
            ],
        );
        // Nothing typed: every error at once.
        let empty = officer
            .post(
                &format!("{BASE}/nominations"),
                &[("round", round_id.as_str()), ("rank", "x")],
                true,
            )
            .await;
        empty.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        shows(
            &empty,
            label,
            &[
                "applying_unit_id-error",
                "expert_person_id-error",
                "rank-error",
                "value=\"x\"",
            ],
        );
        // In English: a city's quota of two.
        officer.get(&format!("/lang/en?next={form_href}")).await;
        for (expert, rank) in [("Claire Martin", "1"), ("Kenji Sato", "2")] {
            send(
                &mut officer,
                &nominate(expert, &shenzhen, rank, "Ran the joint centre.".into()),
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        }
        let beyond = send(
            &mut officer,
            &nominate(
                "Ana Souza",
                &shenzhen,
                "3",
                "Improved soybean yields.".into(),
            ),
        )
        .await;
        beyond.expect(StatusCode::CONFLICT, label);
        shows(
            &beyond,
            label,
            &[
                "Shenzhen may put forward at most 2 candidates",
                "Improved soybean yields.",
            ],
        );
        no_codes(&beyond.body, "refusal in English");
        let twice = send(
            &mut officer,
            &nominate("Hans Keller", &shenzhen, "1", "Again.".into()),
        )
        .await;
        twice.expect(StatusCode::CONFLICT, label);
        shows(
            &twice,
            label,
            &["already nominated in this round through Beijing (foreign experts authority)"],
        );
        assert_eq!(
            app.count("award_nomination").await,
            before + 3,
            "{label}: refusals wrote nothing"
        );
        let page = officer.get(&round_href).await;
        shows(
            &page,
            label,
            &[
                "Shenzhen",
                "Claire Martin",
                "Kenji Sato",
                "separately listed or sub-provincial city · quota 2",
            ],
        );
        no_codes(&page.body, "open round in English");
    })
    .await;
}

/// Takes a step on the file's page, confirming it when asked.
async fn step(
    browser: &mut super::pages::Browser<'_>,
    file: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let page = browser.get(file).await;
    let action = fields
        .iter()
        .find(|(k, _)| *k == "action")
        .map(|(_, v)| *v)
        .unwrap_or_default();
    let version = version_after(&page.body, &format!("id=\"step-{action}\""));
    let mut all = fields.to_vec();
    all.push(("version", &version));
    let reply = browser.post(&format!("{file}/steps"), &all, true).await;
    if reply.status == StatusCode::OK && reply.body.contains("name=\"confirmed\" value=\"yes\"") {
        all.push(("confirmed", "yes"));
        return browser.post(&format!("{file}/steps"), &all, true).await;
    }
    reply
}

#[tokio::test]
async fn a_file_goes_from_draft_to_conferred_through_its_page() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        for name in ["off1", "off2", "off3", "off4"] {
            app.officer(name, Capability::Experts).await;
        }
        for name in ["rev1", "rev2", "rev3", "rev4"] {
            app.user(name, Role::Reviewer, vec![], None, None).await;
        }
        open_round(&app, &admin, "friendship", 2026).await;
        let person = expert(&app, &admin, "Hans Keller", "C0000001", "DE").await;
        let o1 = app.token("off1").await;
        let created = app
            .post(
                "/api/v1/awards/nominations",
                Some(&o1),
                json!({"award": "friendship", "award_year": 2026,
                    "applying_unit_id": unit(&app, "P320000").await, "expert_person_id": person,
                    "rank": 1, "contribution": "Trained forty engineers.", "field": "engineering"}),
            )
            .await;
        created.expect(StatusCode::CREATED, label);
        let file = format!("{BASE}/nominations/{}", created.id());

        // The pool through its page.
        let mut root = app.browser("root").await;
        let pool = root
            .get(&format!("{BASE}/reviewers?award=friendship"))
            .await;
        shows(&pool, label, &["rev1 · 审核人员", "专家库为空"]);
        for name in ["rev1", "rev2", "rev3", "rev4"] {
            root.post(
                &format!("{BASE}/reviewers"),
                &[("award", "friendship"), ("username", name)],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        }
        let pool = root
            .get(&format!("{BASE}/reviewers?award=friendship"))
            .await;
        shows(&pool, label, &["专家库中有 4 名评审专家"]);
        no_codes(&pool.body, "pool");

        let mut off1 = app.browser("off1").await;
        let mut off2 = app.browser("off2").await;
        let mut off3 = app.browser("off3").await;
        let mut off4 = app.browser("off4").await;
        let page = off1.get(&file).await;
        page.expect(StatusCode::OK, label);
        shows(
            &page,
            label,
            &[
                "草稿",
                "江苏省外国专家主管部门 · 省级",
                "id=\"step-submit\"",
                "id=\"step-withdraw\"",
                "德国",
                "24 / 600 字",
            ],
        );
        no_codes(&page.body, "draft file");
        step(&mut off1, &file, &[("action", "submit")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        // The maker-checker rule: the step is not offered, and refused in words if posted.
        let held = off1.get(&file).await;
        shows(&held, label, &["id=\"held\"", "该推荐的上一步由您办理"]);
        assert!(!held.body.contains("id=\"step-accept\""), "{label}");
        let version = version_after(&off2.get(&file).await.body, "id=\"step-accept\"");
        let same = off1
            .post(
                &format!("{file}/steps"),
                &[("action", "accept"), ("version", &version)],
                true,
            )
            .await;
        same.expect(StatusCode::CONFLICT, label);
        shows(&same, label, &["上一步由您办理"]);
        step(&mut off2, &file, &[("action", "accept")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        step(&mut off3, &file, &[("action", "forward")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        step(&mut off1, &file, &[("action", "pass_check")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let noticed = off2.get(&file).await;
        shows(&noticed, label, &["公示中", "不设异议期"]);
        // An objection on a notice without a window: refused, what was typed kept.
        let objection = step(
            &mut off2,
            &file,
            &[
                ("action", "object"),
                ("objector_name", "Li Wei"),
                ("objector_contact", "li@example.org"),
                ("comment", "Overstated."),
            ],
        )
        .await;
        objection.expect(StatusCode::CONFLICT, label);
        shows(
            &objection,
            label,
            &["不设异议期（0 天）", "value=\"Li Wei\"", "Overstated."],
        );
        step(&mut off2, &file, &[("action", "close_notice")])
            .await
            .expect(StatusCode::SEE_OTHER, label);

        // The panel: a conflict declared for rev4, then three drawn at random.
        let page = off3.get(&file).await;
        shows(&page, label, &["id=\"draw-panel\"", "尚未抽取评审组"]);
        let conflict = off3
            .post(
                &format!("{file}/conflicts"),
                &[
                    ("reviewer", "rev4"),
                    ("reason", "same_employer"),
                    ("note", "Same university"),
                ],
                true,
            )
            .await;
        conflict.expect(StatusCode::SEE_OTHER, label);
        let no_reason = off3
            .post(
                &format!("{file}/conflicts"),
                &[("reviewer", "rev3"), ("reason", ""), ("note", "kept note")],
                true,
            )
            .await;
        no_reason.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        shows(&no_reason, label, &["kept note"]);
        off3.post(&format!("{file}/panel/draw"), &[], true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = off3.get(&file).await;
        shows(
            &page,
            label,
            &[
                "同一聘请单位",
                "Same university",
                "已有 0/3 份评审意见",
                "尚未评分",
            ],
        );
        assert!(
            !page.body.contains("id=\"draw-panel\""),
            "{label}: the panel is full"
        );
        // Closing early: refused with the count.
        let early = step(&mut off1, &file, &[("action", "close_review")]).await;
        early.expect(StatusCode::CONFLICT, label);
        shows(&early, label, &["已有 0/3 份评审意见"]);

        // Each reviewer in their own view: no steps, no history; a score out of range kept.
        for (i, name) in ["rev1", "rev2", "rev3"].into_iter().enumerate() {
            let mut reviewer = app.browser(name).await;
            let list = reviewer.get(&format!("{BASE}/reviews")).await;
            shows(&list, label, &["Hans Keller", "专家评审", "#score-form"]);
            let view = reviewer.get(&file).await;
            view.expect(StatusCode::OK, label);
            shows(&view, label, &["id=\"score-form\"", "申报本人的利益冲突"]);
            for hidden in ["id=\"actions\"", "id=\"history\"", "rev4", "off1"] {
                assert!(!view.body.contains(hidden), "{label}: {name} sees {hidden}");
            }
            no_codes(&view.body, "reviewer's view");
            if i == 0 {
                let wrong = reviewer
                    .post(&format!("{file}/reviews"), &[("score", "101")], true)
                    .await;
                wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
                shows(&wrong, label, &["value=\"101\"", "score-error"]);
            }
            let score = ["80", "81", "85"][i];
            reviewer
                .post(&format!("{file}/reviews"), &[("score", score)], true)
                .await
                .expect(StatusCode::SEE_OTHER, label);
            let view = reviewer.get(&file).await;
            shows(&view, label, &[&format!("{score}.0")]);
            if i < 2 {
                let officer_view = off1.get(&file).await;
                assert!(
                    !officer_view.body.contains(&format!(">{score}.0<")),
                    "{label}: a score shown before all are in"
                );
            }
        }
        let page = off1.get(&file).await;
        shows(&page, label, &["已有 3/3 份评审意见", "82.0", "达到及格分"]);

        // Two approvers; the second approval asks first and names the panel's score.
        step(&mut off1, &file, &[("action", "close_review")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        step(&mut off2, &file, &[("action", "approve")])
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = off1.get(&file).await;
        shows(&page, label, &["第二次批准须由另一位工作人员办理"]);
        assert!(!page.body.contains("id=\"step-approve\""), "{label}");
        let page = off3.get(&file).await;
        let version = version_after(&page.body, "id=\"step-approve\"");
        let asks = off3
            .post(
                &format!("{file}/steps"),
                &[("action", "approve"), ("version", &version)],
                true,
            )
            .await;
        asks.expect(StatusCode::OK, label);
        shows(
            &asks,
            label,
            &[
                "name=\"confirmed\" value=\"yes\"",
                "评审组综合得分：82.0",
                "“已初次批准（待二次批准）”",
            ],
        );
        no_codes(&asks.body, "confirmation");
        let second = off2
            .post(
                &format!("{file}/steps"),
                &[
                    ("action", "approve"),
                    ("version", &version),
                    ("confirmed", "yes"),
                ],
                true,
            )
            .await;
        second.expect(StatusCode::CONFLICT, label);
        off3.post(
            &format!("{file}/steps"),
            &[
                ("action", "approve"),
                ("version", &version),
                ("confirmed", "yes"),
            ],
            true,
        )
        .await
        .expect(StatusCode::SEE_OTHER, label);

        // Conferred, confirmed first, with its kind and day; the laureate in the register.
        let page = off4.get(&file).await;
        let version = version_after(&page.body, "id=\"step-confer\"");
        let confer = [
            ("action", "confer"),
            ("version", version.as_str()),
            ("conferral", "supplementary"),
            ("conferred_on", "2026-04-19"),
            ("monetary_award_cny", ""),
        ];
        let asks = off4.post(&format!("{file}/steps"), &confer, true).await;
        asks.expect(StatusCode::OK, label);
        shows(
            &asks,
            label,
            &[
                "补授仪式授予",
                "授奖日期：2026年4月19日",
                "Hans Keller 将列入公开的获奖者名录",
                "name=\"conferral\" value=\"supplementary\"",
            ],
        );
        let mut confirmed = confer.to_vec();
        confirmed.push(("confirmed", "yes"));
        off4.post(&format!("{file}/steps"), &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = off4.get(&file).await;
        shows(&page, label, &["已授奖", "off4"]);
        no_codes(&page.body, "conferred file");
        let register = app.page(&format!("{BASE}/laureates?year=2026"), &[]).await;
        shows(&register, label, &["Hans Keller", "engineering", "德国"]);

        // The same file in English, without codes; a withdrawal confirmed first elsewhere.
        off1.get(&format!("/lang/en?next={file}")).await;
        let page = off1.get(&file).await;
        shows(
            &page,
            label,
            &[
                "Conferred",
                "Jiangsu (foreign experts authority) · province",
                "Same employer",
                "China Standard Time",
            ],
        );
        no_codes(&page.body, "file in English");
        let home = off1.get(&format!("{BASE}?status=conferred")).await;
        shows(&home, label, &["Nominations: Conferred", "Hans Keller"]);
        no_codes(&home.body, "home in English");
        let other = expert(&app, &admin, "Ana Souza", "B0000002", "BR").await;
        let second_file = app
            .post(
                "/api/v1/awards/nominations",
                Some(&o1),
                json!({"award": "friendship", "award_year": 2026,
                    "applying_unit_id": unit(&app, "P320000").await, "expert_person_id": other,
                    "rank": 2, "contribution": "Improved soybean yields."}),
            )
            .await;
        let second_file = format!("{BASE}/nominations/{}", second_file.id());
        let bare = step(&mut off1, &second_file, &[("action", "withdraw")]).await;
        bare.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        shows(&bare, label, &["Required."]);
        let page = off1.get(&second_file).await;
        let version = version_after(&page.body, "id=\"step-withdraw\"");
        let withdraw = [
            ("action", "withdraw"),
            ("version", version.as_str()),
            ("comment", "The expert declined."),
        ];
        let asks = off1
            .post(&format!("{second_file}/steps"), &withdraw, true)
            .await;
        asks.expect(StatusCode::OK, label);
        shows(
            &asks,
            label,
            &[
                "This step cannot be undone.",
                "The expert declined.",
                "“Withdrawn”",
            ],
        );
        let mut confirmed = withdraw.to_vec();
        confirmed.push(("confirmed", "yes"));
        off1.post(&format!("{second_file}/steps"), &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = off1.get(&second_file).await;
        shows(&page, label, &["Withdrawn", "The expert declined."]);
    })
    .await;
}
