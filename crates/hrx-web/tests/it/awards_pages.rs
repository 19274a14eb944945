//! The state awards' pages on both databases: the public laureate register with the history
//! of every round (1,099 Friendship Award laureates at the end of 2009, the ISTC's published
//! 43 beside the sources' 61) and a certificate without signing in; who may open the
//! officers' and reviewers' pages; a round planned, opened after a confirmation; the
//! nomination form refusing with a worded reason and every value kept; every page in Chinese
//! and English without raw codes; a post without the CSRF token refused. A nomination's file
//! through its steps: `awards_file_pages.rs`.

use super::pages::location;
use super::{day, on_each_backend_at, App, Reply};
use axum::http::{header, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::json;

pub(super) const BASE: &str = "/awards";

pub(super) async fn expert(
    app: &App,
    admin: &str,
    latin: &str,
    passport: &str,
    nationality: &str,
) -> i64 {
    let body = json!({"name_native": latin, "name_latin": latin, "sex": "male",
        "birth_date": "1955-05-01", "nationality": nationality, "passport_number": passport,
        "passport_expiry": "2032-01-01"});
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

pub(super) async fn unit(app: &App, code: &str) -> i64 {
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
pub(super) async fn open_round(app: &App, admin: &str, award: &str, year: i32) -> i64 {
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
pub(super) fn version_after(body: &str, marker: &str) -> String {
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
pub(super) fn no_codes(body: &str, what: &str) {
    for code in CODES {
        assert!(!body.contains(code), "{what}: raw code {code}");
    }
}

#[track_caller]
pub(super) fn shows(reply: &Reply, what: &str, texts: &[&str]) {
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
