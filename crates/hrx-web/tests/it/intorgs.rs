//! The public computations of the international-organisations capability over HTTP: the
//! desirable range (the contract's example, defaults, every out-of-range field named) and the
//! match of a candidate to a vacancy (the spec's worked example, 75.5).

use super::on_each_backend;
use axum::http::StatusCode;
use serde_json::json;

const RANGE: &str = "/api/v1/international-organisations/desirable-range";
const MATCH: &str = "/api/v1/international-organisations/match";

#[tokio::test]
async fn the_desirable_range_follows_the_contract() {
    on_each_backend(|app| async move {
        let label = app.label;
        let reply = app
            .post(
                RANGE,
                None,
                json!({"base_figure": 3600, "member_states": 193, "population_share": 0.1896,
                       "assessment_rate": 0.07921, "staff": 89}),
            )
            .await;
        reply.expect(StatusCode::OK, label);
        let body = reply.json();
        assert_eq!(
            (&body["midpoint"], &body["lower"], &body["upper"]),
            (&json!(198.42), &json!(168.66), &json!(228.19)),
            "{label}: {body}"
        );
        assert_eq!(
            (&body["display_lower"], &body["display_upper"]),
            (&json!(169), &json!(228)),
            "{label}"
        );
        assert_eq!(body["status"], "under-represented", "{label}");
        assert_eq!(body["steps"].as_array().map(Vec::len), Some(7), "{label}");
        // Weights and flexibility given; no staff, no status.
        let reply = app
            .post(
                RANGE,
                None,
                json!({"base_figure": 3300, "member_states": 192, "population_share": 0.00001,
                       "assessment_rate": 0.00001,
                       "weights": {"membership": 0.40, "population": 0.05, "contribution": 0.55},
                       "flex_pct": 0.15, "min_flex": 4.8, "min_upper": 14}),
            )
            .await;
        reply.expect(StatusCode::OK, label);
        let body = reply.json();
        assert_eq!(
            (&body["lower"], &body["upper"]),
            (&json!(2.09), &json!(14.0)),
            "{label}: {body}"
        );
        assert!(body.get("status").is_none(), "{label}: {body}");
        let refused = app
            .post(
                RANGE,
                None,
                json!({"base_figure": 3600, "member_states": 0, "population_share": 1.5,
                       "assessment_rate": 0.07921, "staff": -3,
                       "weights": {"membership": 0.5, "population": 0.05, "contribution": 0.55}}),
            )
            .await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let fields: Vec<String> = refused
            .error_fields()
            .iter()
            .map(|f| f.as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            fields,
            ["member_states", "population_share", "staff", "weights"],
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_match_explains_the_worked_example() {
    on_each_backend(|app| async move {
        let label = app.label;
        let vacancy = json!({"min_degree": "master", "degree_fields": ["economics"], "min_years_experience": 5,
            "required_languages": [{"language": "en", "level": "fluent"}],
            "fields_of_experience": ["economic analysis", "statistics"], "age_max": null, "age_on": null,
            "eligible_nationalities": [], "degree_substitution_allowed": false});
        let candidate = json!({"birth_date": "1980-05-01", "nationality": "CN",
            "degrees": [{"level": "doctorate", "field": "economics"}],
            "years_relevant_experience": 6, "years_international_experience": 3,
            "fields": ["economic analysis"],
            "languages": [{"language": "en", "level": "fluent"}, {"language": "fr", "level": "working"},
                          {"language": "zh", "level": "fluent"}]});
        let reply = app
            .post(MATCH, None, json!({"vacancy": vacancy, "candidate": candidate}))
            .await;
        reply.expect(StatusCode::OK, label);
        let body = reply.json();
        assert_eq!((&body["eligible"], &body["score"]), (&json!(true), &json!(75.5)), "{label}: {body}");
        assert_eq!(body["filters"][0]["code"], "F1", "{label}");
        assert_eq!(body["components"][0]["component"], "experience", "{label}");
        assert_eq!(body["components"][0]["points"], 18.0, "{label}");
        let mut strict = vacancy.clone();
        strict["eligible_nationalities"] = json!(["FR"]);
        let reply = app
            .post(MATCH, None, json!({"vacancy": strict, "candidate": candidate}))
            .await;
        let body = reply.json();
        assert_eq!((&body["eligible"], &body["score"]), (&json!(false), &json!(null)), "{label}: {body}");
        assert_eq!(body["filters"][0]["passed"], false, "{label}");
        let mut bad = candidate.clone();
        bad["languages"] = json!([{"language": "en", "level": "native"}]);
        app.post(MATCH, None, json!({"vacancy": vacancy, "candidate": bad}))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY, label);
    })
    .await;
}

#[tokio::test]
async fn china_s_ranges_on_record_are_public() {
    on_each_backend(|app| async move {
        let label = app.label;
        let reply = app
            .get(
                "/api/v1/international-organisations/desirable-ranges?country=CN",
                None,
            )
            .await;
        reply.expect(StatusCode::OK, label);
        let list = reply.json();
        let cn2018 = list
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["case_id"] == "CN-2018")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            (
                &cn2018["published_lower"],
                &cn2018["staff"],
                &cn2018["status"]
            ),
            (&json!(169), &json!(89), &json!("under-represented")),
            "{label}: {cn2018}"
        );
        app.get(
            "/api/v1/international-organisations/desirable-ranges?country=China",
            None,
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, label);
    })
    .await;
}
