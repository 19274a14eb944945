//! While `serve --demo` loads its dataset, the server answers at once: `/healthz` says it is
//! alive, every page says what is loading (in both languages, refreshing itself), the API
//! answers 503 with a problem, and nothing reaches the database; then everything is served.

use super::on_each_backend;
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use hrx_web::loading::{gate, Loading};
use tower::ServiceExt;

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String, Option<String>) {
    let response = app
        .clone()
        .oneshot(
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .unwrap_or_default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status();
    let retry = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&body).into_owned(), retry)
}

#[tokio::test]
async fn the_server_answers_while_the_demo_loads() {
    on_each_backend(|app| async move {
        let label = app.label;
        let loading = Loading::started();
        loading.report("demo: importing — 12345 rows read (4% of the files)");
        let gated = app.router.clone().layer(axum::middleware::from_fn({
            let loading = loading.clone();
            move |request, next| gate(loading.clone(), request, next)
        }));
        let (status, body, _) = get(&gated, "/healthz").await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(body.starts_with("ok"), "{label}");
        let (status, body, retry) = get(&gated, "/statistics").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{label}");
        assert_eq!(retry.as_deref(), Some("5"), "{label}");
        for shown in [
            "正在加载合成演示数据",
            "Loading the synthetic demo dataset",
            "12345 rows read",
            "http-equiv=\"refresh\"",
        ] {
            assert!(body.contains(shown), "{label}: {shown}");
        }
        let (status, body, _) = get(&gated, "/api/v1/indicators").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{label}");
        assert!(body.contains("\"code\":\"loading\""), "{label}: {body}");
        loading.done();
        let (status, _, _) = get(&gated, "/statistics").await;
        assert_eq!(status, StatusCode::OK, "{label}");
    })
    .await;
}
