//! Identity resolution over the API (issue 22): `POST /api/v1/persons/match`.

use super::on_each_backend;
use axum::http::StatusCode;
use hrx_domain::access::Role;
use serde_json::{json, Value};

fn zhang_wei(passport: &str) -> Value {
    json!({
        "name_native": "张伟",
        "sex": "male",
        "birth_date": "1985-03-12",
        "nationality": "CN",
        "passport_number": passport,
    })
}

#[tokio::test]
async fn a_person_typed_in_pinyin_is_found_as_the_one_in_hanzi_with_reasons() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let zhang = app
            .create("/api/v1/persons", &admin, zhang_wei("E12345678"))
            .await;
        // A namesake born the same year, and somebody else born the same day.
        let mut namesake = zhang_wei("E55555555");
        namesake["birth_date"] = json!("1985-07-30");
        let namesake = app.create("/api/v1/persons", &admin, namesake).await;
        let mut other = zhang_wei("E77777777");
        other["name_native"] = json!("李娜");
        other["sex"] = json!("female");
        app.create("/api/v1/persons", &admin, other).await;

        let query = json!({
            "name_latin": "ZHANG Wei",
            "sex": "male",
            "birth_date": "1985-03-12",
            "nationality": "CN",
            "passport_number": "E12345678",
        });
        let reply = app
            .post("/api/v1/persons/match", Some(&admin), query.clone())
            .await;
        reply.expect(StatusCode::OK, app.label);
        let found = reply.json();
        assert_eq!(found[0]["person_id"], zhang, "{}: {found}", app.label);
        assert_eq!(found[0]["decision"], "link");
        assert_eq!(found[0]["score"], 1.0);
        let codes: Vec<&str> = found[0]["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["code"].as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "passport_match",
                "pinyin_match",
                "birth_date_match",
                "sex_match",
                "nationality_match"
            ],
            "{}",
            app.label
        );
        assert_eq!(found[0]["reasons"][0]["weight"], 0.6);
        // The namesake born another day of the year is not offered (scored 0 or distinct).
        assert!(
            found
                .as_array()
                .into_iter()
                .flatten()
                .all(|f| f["person_id"] != namesake || f["decision"] == "distinct"),
            "{}: {found}",
            app.label
        );

        // A renewed passport: the name and birth date meet, the passport differs.
        let mut renewed = query.clone();
        renewed["passport_number"] = json!("E99999999");
        let found = app
            .post_with_language("/api/v1/persons/match", &admin, renewed, "en")
            .await
            .json();
        assert_eq!(found[0]["person_id"], zhang, "{}: {found}", app.label);
        assert_eq!(found[0]["decision"], "review");
        let texts: Vec<&str> = found[0]["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["text"].as_str())
            .collect();
        assert!(
            texts.contains(&"pinyin of 张伟 equals ZHANG Wei"),
            "{texts:?}"
        );

        // Reasons are said in the caller's language.
        let zh = app
            .post_with_language("/api/v1/persons/match", &admin, query, "zh-CN")
            .await
            .json();
        assert_eq!(zh[0]["reasons"][1]["text"], "张伟 的拼音与 ZHANG Wei 相同");
    })
    .await;
}

#[tokio::test]
async fn bad_fields_are_named_and_employers_match_only_their_own_people() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let bad = json!({
            "name_native": "张伟",
            "birth_date": "2999-01-01",
            "resident_id_number": "110105194912310021",
        });
        let reply = app.post("/api/v1/persons/match", Some(&admin), bad).await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        let fields: Vec<(String, String)> = reply.json()["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| (e["field"].as_str().unwrap_or_default().to_owned(), e["code"].as_str().unwrap_or_default().to_owned()))
            .collect();
        assert!(fields.contains(&("birth_date".into(), "in_future".into())), "{fields:?}");
        assert!(fields.contains(&("resident_id_number".into(), "check_digit".into())), "{fields:?}");
        app.post("/api/v1/persons/match", Some(&admin), json!({}))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        app.post("/api/v1/persons/match", None, json!({"name_latin": "Zhang Wei"}))
            .await
            .expect(StatusCode::UNAUTHORIZED, app.label);

        // An employer's clerk: the other employer's person is never answered, even by passport.
        let (mine, theirs) = app.two_employers(&admin).await;
        app.user("clerk", Role::Employer, vec![], Some(mine), None).await;
        let clerk = app.token("clerk").await;
        let theirs_id = app.person_of(&admin, theirs, "Wang Wei", "E12345678").await;
        let mine_id = app.person_of(&admin, mine, "Wang Wei", "E87654321").await;
        let found = app
            .post(
                "/api/v1/persons/match",
                Some(&clerk),
                json!({"name_latin": "Wang Wei", "passport_number": "E12345678", "passport_country": "DE"}),
            )
            .await;
        found.expect(StatusCode::OK, app.label);
        let ids: Vec<i64> = found
            .json()
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["person_id"].as_i64())
            .collect();
        assert!(!ids.contains(&theirs_id), "{}: {ids:?}", app.label);
        assert!(ids.contains(&mine_id), "{}: {ids:?}", app.label);
    })
    .await;
}

#[tokio::test]
async fn merges_over_the_api_move_the_person_and_are_undone() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let survivor = app
            .create("/api/v1/persons", &admin, zhang_wei("E12345678"))
            .await;
        let mut twin = zhang_wei("E99999999");
        twin["name_native"] = json!(null);
        twin["name_latin"] = json!("ZHANG Wei");
        let merged = app.create("/api/v1/persons", &admin, twin).await;

        for (body, field) in [
            (json!({"survivor": survivor, "merged": survivor}), "merged"),
            (
                json!({"survivor": survivor, "merged": merged, "take": ["passport"]}),
                "take",
            ),
        ] {
            let reply = app.post("/api/v1/persons/merges", Some(&admin), body).await;
            reply.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
            assert_eq!(reply.json()["errors"][0]["field"], field, "{}", app.label);
        }
        let (mine, _) = app.two_employers(&admin).await;
        app.user("clerk", Role::Employer, vec![], Some(mine), None)
            .await;
        let clerk = app.token("clerk").await;
        app.post(
            "/api/v1/persons/merges",
            Some(&clerk),
            json!({"survivor": survivor, "merged": merged}),
        )
        .await
        .expect(StatusCode::FORBIDDEN, app.label);

        let reply = app
            .post(
                "/api/v1/persons/merges",
                Some(&admin),
                json!({"survivor": survivor, "merged": merged, "take": ["name_latin"]}),
            )
            .await;
        reply.expect(StatusCode::CREATED, app.label);
        let merge = reply.json();
        assert_eq!(
            merge["moved"]["identity_document"].as_array().map(Vec::len),
            Some(1),
            "{}",
            app.label
        );
        let person = app
            .get(&format!("/api/v1/persons/{survivor}"), Some(&admin))
            .await
            .json();
        assert_eq!(person["name_latin"], "ZHANG Wei", "{}", app.label);
        assert_eq!(
            person["documents"].as_array().map(Vec::len),
            Some(2),
            "{}",
            app.label
        );
        let gone = app
            .get(&format!("/api/v1/persons/{merged}"), Some(&admin))
            .await
            .json();
        assert_eq!(gone["merged_into"], survivor, "{}", app.label);
        // The merged record is no longer listed; a second merge of it is refused.
        let listed = app
            .get("/api/v1/persons?q=zhang", Some(&admin))
            .await
            .json();
        assert_eq!(listed["total"], 1, "{}: {listed}", app.label);
        let again = app
            .post(
                "/api/v1/persons/merges",
                Some(&admin),
                json!({"survivor": survivor, "merged": merged}),
            )
            .await;
        again.expect(StatusCode::CONFLICT, app.label);

        // Timelines are read by those who may see the person; another employer's clerk may not.
        app.get(
            &format!("/api/v1/persons/{survivor}/timeline"),
            Some(&admin),
        )
        .await
        .expect(StatusCode::OK, app.label);
        app.get(
            &format!("/api/v1/persons/{survivor}/timeline"),
            Some(&clerk),
        )
        .await
        .expect(StatusCode::NOT_FOUND, app.label);

        let id = merge["id"].as_i64().unwrap_or_default();
        let undone = app
            .delete(&format!("/api/v1/persons/merges/{id}"), Some(&admin))
            .await;
        undone.expect(StatusCode::OK, app.label);
        assert!(undone.json()["undone_by"].is_string(), "{}", app.label);
        let person = app
            .get(&format!("/api/v1/persons/{survivor}"), Some(&admin))
            .await
            .json();
        assert_eq!(person["name_latin"], Value::Null, "{}", app.label);
        assert_eq!(
            person["documents"].as_array().map(Vec::len),
            Some(1),
            "{}",
            app.label
        );
        app.delete(&format!("/api/v1/persons/merges/{id}"), Some(&admin))
            .await
            .expect(StatusCode::CONFLICT, app.label);
        app.get("/api/v1/persons/merges/999999", Some(&admin))
            .await
            .expect(StatusCode::NOT_FOUND, app.label);
    })
    .await;
}
