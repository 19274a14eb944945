//! The state awards' nomination file through its pages, on both databases: from draft to
//! conferred with the maker-checker refusal worded, the irreversible steps confirmed first, a
//! panel drawn, scored by its reviewers in their own view and a conflict declared.

use super::awards_pages::{expert, no_codes, open_round, shows, unit, version_after, BASE};
use super::{day, on_each_backend_at, Reply};
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};
use serde_json::json;

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
