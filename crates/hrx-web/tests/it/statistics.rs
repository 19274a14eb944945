//! The published statistics over HTTP, anonymous: values, breakdowns and series from the
//! API with clear 4xx answers, the dashboard and indicator pages with charts and tables, the
//! three export formats and the narrative.

use super::{on_each_backend, App};
use axum::http::{header, StatusCode};
use hrx_domain::imports::ImportKind;
use hrx_store::imports::{ImportOptions, Progress};

const STUDY: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date\n\
    S1,P1,Wang,Wei,M,1980-01-01,US,Uni A,7,Physics,self_funded,2005-09-01,2008-06-30\n\
    S2,P1,Wang,Wei,M,1980-01-01,GB,Uni B,8,Physics,self_funded,2009-09-01,\n\
    S3,P2,Li,Na,F,1985-01-01,US,Uni C,7,Law,state_sponsored,2009-10-01,\n\
    S4,P3,Zhao,Min,F,1970-01-01,JP,Uni D,8,Art,state_sponsored,1980-04-01,1984-03-31\n\
    S5,P4,Sun,Yu,M,1990-01-01,AU,Uni E,6,Business,self_funded,2010-02-01,\n";

/// Foreign students of 2009 from Korea, France and Singapore (too small for the map's
/// outlines), one from the United States who left in 1977.
const FOREIGN_STUDENTS: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,institution,province,isced_level,field,scholarship,enrolment_start,enrolment_end\n\
    F1,K1,Kim,Ji,F,1980-01-01,KR,Uni,110000,7,Law,self_funded,2009-09-01,\n\
    F2,K2,Park,Su,F,1981-01-01,KR,Uni,110000,7,Law,self_funded,2008-09-01,2010-06-30\n\
    F3,R1,Roy,Anne,F,1985-01-01,FR,Uni,310000,6,Art,chinese_government,2007-09-01,2009-06-30\n\
    F4,S1,Tan,Wei,M,1988-01-01,SG,Uni,310000,6,Art,other,2009-02-01,2011-06-30\n\
    F5,U1,Lee,Sam,M,1970-01-01,US,Uni,310000,6,Art,other,1975-09-01,1977-06-30\n";

/// Work permits valid at the end of 2009: one British, one German holder.
const WORK_PERMITS: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,passport_number,employer_uscc,employer_name,province,isco_code,document_type,category,permit_number,valid_from,valid_to,cancelled_on\n\
    W1,G1,Smith,John,M,1970-01-01,GB,P1234567,,Old Co,310000,2511,alien_employment_permit,,AEP-2,2009-01-01,2010-12-31,\n\
    W2,D1,Weber,Max,M,1975-01-01,DE,P3234567,,Other Co,110000,2330,foreign_expert_certificate,,FEC-1,2009-09-01,2009-12-31,\n";

async fn load(app: &App) {
    import(app, ImportKind::StudyAbroad, STUDY).await;
}

async fn import(app: &App, kind: ImportKind, text: &str) {
    let dir = std::env::temp_dir().join(format!(
        "hrx-web-stats-{}",
        hrx_store::random_token().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("records.csv");
    std::fs::write(&path, text).unwrap();
    let report = app
        .store
        .import_file(
            &path,
            ImportOptions {
                kind,
                skip_invalid: false,
                ignore_unknown_columns: false,
                rejects: None,
                actor: "tester".into(),
                file_name: "records.csv".into(),
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            },
            Progress::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.status, "imported", "{:?}", report.errors);
}

#[tokio::test]
async fn the_api_answers_values_breakdowns_and_series_and_refuses_bad_questions() {
    on_each_backend(|app| async move {
        load(&app).await;
        let label = app.label;
        let get = |uri: &'static str| app.get(uri, None);
        let r = get("/api/v1/indicators/outbound_students_cumulative?period=2009").await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        let j = r.json();
        assert_eq!(j["code"], "outbound_students_cumulative");
        assert_eq!(j["period"], "2009");
        // P1, P2 and P3 went by the end of 2009 (P4 in 2010).
        assert_eq!(j["value"], 3, "{label}");
        assert_eq!(j["published"]["value"], 1_620_700, "{label}");
        assert_eq!(j["published"]["difference"], 3 - 1_620_700, "{label}");

        let r = get(
            "/api/v1/indicators/outbound_students_cumulative?period=2009&by=destination_country",
        )
        .await;
        let j = r.json();
        assert_eq!(j["value"], 3, "{label}");
        // P1 counts under the destination of the first departure (US).
        assert_eq!(
            j["breakdown"],
            serde_json::json!([{"key": "US", "value": 2}, {"key": "JP", "value": 1}]),
            "{label}"
        );
        let r = get("/api/v1/indicators/outbound_departures?from=2007&to=2010").await;
        assert_eq!(r.status, StatusCode::OK, "{label}: {}", r.body);
        assert_eq!(
            r.json()["series"],
            serde_json::json!([
                {"period": "2007", "value": 0}, {"period": "2008", "value": 0},
                {"period": "2009", "value": 2}, {"period": "2010", "value": 1}
            ]),
            "{label}"
        );
        let r = get("/api/v1/indicators/studying_abroad?period=2009Q4").await;
        assert_eq!(r.json()["value"], 2, "{label}");
        let r = get("/api/v1/indicators/studying_abroad?period=2008-06").await;
        assert_eq!(
            r.json()["value"],
            0,
            "{label}: returned on the month's last day"
        );
        let r = get("/api/v1/indicators/returned_students_cumulative?period=2009&by=sex").await;
        assert_eq!(r.json()["value"], 2, "{label}");

        for (uri, status, code) in [
            (
                "/api/v1/indicators/no_such_thing?period=2009",
                StatusCode::NOT_FOUND,
                "unknown_indicator",
            ),
            (
                "/api/v1/indicators/studying_abroad?period=2009Q5",
                StatusCode::BAD_REQUEST,
                "invalid_period",
            ),
            (
                "/api/v1/indicators/studying_abroad?period=09",
                StatusCode::BAD_REQUEST,
                "invalid_period",
            ),
            (
                "/api/v1/indicators/studying_abroad?period=2009&by=nationality",
                StatusCode::BAD_REQUEST,
                "unknown_breakdown",
            ),
            (
                "/api/v1/indicators/studying_abroad",
                StatusCode::BAD_REQUEST,
                "period_required",
            ),
            (
                "/api/v1/indicators/studying_abroad?from=2009&to=2001",
                StatusCode::BAD_REQUEST,
                "invalid_range",
            ),
            (
                "/api/v1/indicators/studying_abroad?from=2009&to=2010Q1",
                StatusCode::BAD_REQUEST,
                "invalid_range",
            ),
        ] {
            let r = get(uri).await;
            assert_eq!(r.status, status, "{label}: {uri}: {}", r.body);
            assert_eq!(r.json()["code"], code, "{label}: {uri}");
            assert!(
                r.json()["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "{label}: {uri}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_public_pages_show_charts_tables_exports_and_the_narrative() {
    on_each_backend(|app| async move {
        load(&app).await;
        let label = app.label;
        let get = |uri: &'static str| app.get(uri, None);
        let r = get("/statistics").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.contains("/statistics/outbound_students_cumulative?period=2009"), "{label}");
        assert!(r.body.contains("<svg") && r.body.contains("role=\"img\""), "{label}");
        assert!(r.body.contains("1,620,700"), "{label}: the published figure beside it");

        let r = get("/statistics/outbound_students_cumulative?period=2009&by=destination_country").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.contains("United States of America") || r.body.contains("美国"), "{label}: the breakdown table names the countries");
        assert!(r.body.matches("<svg").count() >= 2, "{label}: series and breakdown charts");
        assert!(r.body.contains("format=sdmx"), "{label}");

        let r = get("/statistics/outbound_students_cumulative/export?format=sdmx&period=2009&by=destination_country").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        let disposition = r.headers["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.contains("attachment") && disposition.contains(".csv"), "{disposition}");
        let lines: Vec<&str> = r.body.lines().collect();
        assert!(lines[0].starts_with("STRUCTURE,STRUCTURE_ID,ACTION,"), "{label}: {}", lines[0]);
        assert!(lines[0].contains("TIME_PERIOD") && lines[0].contains("OBS_VALUE"), "{label}");
        assert_eq!(lines.len(), 1 + 1 + 2, "{label}: header, total, two countries: {lines:?}");
        let r = get("/statistics/outbound_departures/export?format=csv&from=2008&to=2010").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert_eq!(r.body.lines().count(), 4, "{label}: {}", r.body);
        let r = get("/statistics/outbound_departures/export?format=xlsx&period=2009").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.as_bytes().starts_with(b"PK"), "{label}");
        let r = get("/statistics/outbound_departures/export?format=pdf&period=2009").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{label}");

        let r = get("/statistics/narrative?year=2009").await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(
            r.body.contains("<a href=\"/statistics/outbound_students_cumulative?period=2009\">3</a>"),
            "{label}: {}",
            r.body
        );
        let r = get("/statistics/narrative/export?year=2009").await;
        assert!(r.body.contains("[3](/statistics/outbound_students_cumulative?period=2009)"), "{label}");
        assert!(r.body.contains("出国留学") && r.body.contains("went abroad") || r.body.contains("gone abroad"), "{label}");

        let r = get("/statistics/nothing_here").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{label}");
        let r = get("/statistics/studying_abroad?period=2009Q9").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{label}");
        // The records behind the figures stay private.
        let r = get("/study-abroad").await;
        assert_ne!(r.status, StatusCode::OK, "{label}");
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_maps_the_nationalities_of_the_year_in_both_languages() {
    on_each_backend(|app| async move {
        import(&app, ImportKind::ForeignStudents, FOREIGN_STUDENTS).await;
        import(&app, ImportKind::WorkPermits, WORK_PERMITS).await;
        let label = app.label;
        let value = |code: &'static str| {
            let app = &app;
            async move {
                let r = app.get(&format!("/api/v1/indicators/{code}?period=2009"), None).await;
                r.json()["value"].as_i64().unwrap_or(-1)
            }
        };
        // The maps add up to the indicators shown above them.
        assert_eq!(value("foreign_students").await, 4, "{label}");
        assert_eq!(value("work_permits_valid").await, 2, "{label}");
        for (lang, texts) in [
            (
                "en",
                [
                    "<title>South Korea: 2</title>",
                    "<td>Singapore <small class=\"muted\">(too small to show on the map)</small></td><td><code>SG</code></td><td class=\"num\">1</td>",
                    "3 countries and regions, 4 in all; the largest: South Korea (2), France (1), Singapore (1).",
                    "2 countries and regions, 2 in all; the largest: Germany (1), United Kingdom (1).",
                    "Foreign students in China · Nationality · 2009",
                ],
            ),
            (
                "zh-CN",
                [
                    "<title>韩国：2</title>",
                    "<td>新加坡 <small class=\"muted\">（面积过小，地图上未显示）</small></td><td><code>SG</code></td><td class=\"num\">1</td>",
                    "共3个国家和地区，合计4；最多的是韩国（2）、新加坡（1）、法国（1）。",
                    "共2个国家和地区，合计2；最多的是德国（1）、英国（1）。",
                    "来华留学生 · 国籍 · 2009",
                ],
            ),
        ] {
            let r = app.page("/statistics?year=2009", &[(header::ACCEPT_LANGUAGE, lang)]).await;
            assert_eq!(r.status, StatusCode::OK, "{label} {lang}");
            let body = &r.body;
            assert_eq!(body.matches("<svg class=\"hrx-map\"").count(), 2, "{label} {lang}");
            assert_eq!(body.matches("<details class=\"map-table\">").count(), 2, "{label} {lang}");
            for text in texts {
                assert!(body.contains(text), "{label} {lang}: {text}: {}", body.split("map-summary").nth(1).unwrap_or(""));
            }
            // Korea is in the darkest class, a country without students unshaded.
            let korea = body.find(texts[0]).unwrap_or(0);
            let path = &body[body[..korea].rfind("<path").unwrap_or(0)..korea];
            assert!(path.starts_with("<path class=\"map-c4\""), "{label} {lang}: {}", &path[..40.min(path.len())]);
            assert!(body.contains("<path class=\"map-none\""), "{label} {lang}");
            assert!(body.contains("/statistics/work_permits_valid?period=2009&amp;by=nationality"), "{label}");
        }
        // Another year, other figures: no foreign students in 1990.
        let r = app.page("/statistics?year=1990", &[(header::ACCEPT_LANGUAGE, "en")]).await;
        assert!(r.body.contains("No figures to show."), "{label}");
        assert!(!r.body.contains("<path class=\"map-c"), "{label}");

        // The indicator page maps a breakdown by nationality beside its own table.
        let r = app
            .page("/statistics/foreign_students?period=2009&by=nationality", &[(header::ACCEPT_LANGUAGE, "en")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{label}");
        assert!(r.body.contains("<svg class=\"hrx-map\"") && r.body.contains("<title>South Korea: 2</title>"), "{label}");
        assert!(!r.body.contains("map-table"), "{label}: the breakdown's table is the table view");
        let r = app.page("/statistics/foreign_students?period=2009&by=province", &[]).await;
        assert!(!r.body.contains("hrx-map"), "{label}: provinces are not countries");
    })
    .await;
}
