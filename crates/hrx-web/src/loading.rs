//! While `hrx serve --demo` loads the synthetic dataset (about a minute and a half at scale
//! 1), the server already listens: `/healthz` answers, and every other request gets a page
//! (or, under `/api/`, a problem) saying what is being loaded and how far it has got, asking
//! to come back in a few seconds. Nothing is read from or written to the database meanwhile.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What the server is loading, shared between the loader and the gate.
#[derive(Debug, Default)]
pub struct Loading {
    busy: AtomicBool,
    step: Mutex<String>,
}

impl Loading {
    /// A gate that is closed until [`Loading::done`].
    pub fn started() -> Arc<Loading> {
        Arc::new(Loading {
            busy: AtomicBool::new(true),
            step: Mutex::new(String::new()),
        })
    }

    /// The step under way, as the loader reports it (English, a line of the console).
    pub fn report(&self, step: &str) {
        if let Ok(mut s) = self.step.lock() {
            step.clone_into(&mut s);
        }
    }

    pub fn done(&self) {
        self.busy.store(false, Ordering::SeqCst);
    }

    pub fn is_busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    fn step(&self) -> String {
        self.step.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Answers for the whole application while the dataset loads.
pub async fn gate(loading: Arc<Loading>, request: Request, next: Next) -> Response {
    if !loading.is_busy() {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path == "/healthz" {
        return (StatusCode::OK, "ok (loading the demo dataset)").into_response();
    }
    let step = loading.step();
    let mut response = if path.starts_with("/api/") {
        let body = serde_json::json!({
            "type": "urn:hrx:problem:loading",
            "title": "The demo dataset is loading",
            "status": 503,
            "code": "loading",
            "detail": step,
        });
        let mut r = (StatusCode::SERVICE_UNAVAILABLE, body.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        r
    } else {
        let page = format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta http-equiv=\"refresh\" content=\"5\"><title>HRX · 正在加载演示数据 · Loading</title>\
             <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}}\
             .step{{background:#f2f4f7;padding:.5rem .75rem;border-radius:4px;overflow-wrap:anywhere}}</style></head>\
             <body><h1 id=\"loading\">正在加载合成演示数据</h1>\
             <p>HRX 正在导入演示数据集（约一分半钟）。本页每5秒自动刷新，加载完成后即可使用。</p>\
             <h2 lang=\"en\">Loading the synthetic demo dataset</h2>\
             <p lang=\"en\">HRX is importing the demo dataset (about a minute and a half). This page \
             refreshes every 5 seconds and opens HRX when the data is in.</p>\
             <p class=\"step\" lang=\"en\" id=\"step\">{}</p></body></html>",
            escape(&step)
        );
        let mut r = (StatusCode::SERVICE_UNAVAILABLE, page).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        r
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
