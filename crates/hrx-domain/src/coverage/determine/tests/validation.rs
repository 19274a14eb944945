//! Validation of a request, field by field, and the request and outcome as JSON.

use super::fixtures::{errors, inbound, run};
use crate::coverage::determine::DeterminationRequest;

#[test]
fn validation_names_each_field() {
    let good = || {
        inbound(
            "DE",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2024-03-14",
            "2021-01-01",
        )
        .request()
    };
    type Edit = fn(&mut DeterminationRequest);
    let cases: [(&str, &str, Edit); 21] = [
        ("as_of", "required", |r| r.as_of = String::new()),
        ("as_of", "invalid_date", |r| r.as_of = "2021-02-30".into()),
        ("as_of", "before_1900", |r| r.as_of = "1899-12-31".into()),
        ("posting_start", "invalid_date", |r| {
            r.posting_start = "15.03.2020".into()
        }),
        ("posting_start", "before_1900", |r| {
            r.posting_start = "1850-01-01".into()
        }),
        ("posting_end", "required", |r| r.posting_end = " ".into()),
        ("posting_end", "before_posting_start", |r| {
            r.posting_end = "2020-03-14".into()
        }),
        ("employed_by_sender_since", "invalid_date", |r| {
            r.employed_by_sender_since = Some("soon".into())
        }),
        ("employed_in_china_since", "before_1900", |r| {
            r.employed_in_china_since = Some("1800-01-01".into())
        }),
        ("nationality", "unknown_country", |r| {
            r.nationality = "XX".into()
        }),
        ("nationality", "required", |r| r.nationality = String::new()),
        ("sending_country", "unknown_country", |r| {
            r.sending_country = "Germany".into()
        }),
        ("work_country", "unknown_country", |r| {
            r.work_country = "ZZ".into()
        }),
        ("worker_category", "unknown_value", |r| {
            r.worker_category = "tourist".into()
        }),
        ("worker_category", "required", |r| {
            r.worker_category = String::new()
        }),
        ("work_country", "same_country", |r| {
            r.work_country = "DE".into()
        }),
        ("work_country", "china_not_involved", |r| {
            r.work_country = "FR".into()
        }),
        ("monthly_wage_cny", "out_of_range", |r| {
            r.monthly_wage_cny = Some(-1.0)
        }),
        ("monthly_wage_cny", "out_of_range", |r| {
            r.monthly_wage_cny = Some(f64::INFINITY)
        }),
        ("city", "unknown_city", |r| r.city = Some("Wuhan".into())),
        ("work_country", "same_country", |r| {
            r.sending_country = "CN".into();
            r.work_country = "CHN".into();
        }),
    ];
    for (field, code, edit) in cases {
        let mut r = good();
        edit(&mut r);
        let e = errors(&r);
        assert_eq!(e.code_for(field), Some(code), "{field} {code}: {e:?}");
        assert_eq!(e.0.len(), 1, "{field} {code}: {e:?}");
    }
    // Several at once.
    let mut r = good();
    r.as_of = "x".into();
    r.worker_category = "x".into();
    r.city = Some("x".into());
    let fields: Vec<String> = errors(&r).0.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["as_of", "worker_category", "city"]);
    // Codes in any case and alpha-3 are accepted; empty optional fields are absent.
    let mut r = good();
    r.nationality = "deu".into();
    r.work_country = "chn".into();
    r.employed_by_sender_since = Some(String::new());
    r.city = Some(" ".into());
    assert!(run("request", &r).exempt);
}

#[test]
fn request_json_refuses_unknown_fields() {
    let json = serde_json::json!({
        "as_of": "2021-01-01", "nationality": "DE", "sending_country": "DE",
        "work_country": "CN", "worker_category": "posted_worker",
        "posting_start": "2020-03-15", "posting_end": "2024-03-14"
    });
    let r: DeterminationRequest =
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert!(run("request", &r).exempt);
    let mut extra = json;
    extra["salary"] = serde_json::json!(1);
    assert!(serde_json::from_value::<DeterminationRequest>(extra).is_err());
    let d = run("request", &r);
    let value = serde_json::to_value(&d).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["direction"], "inbound");
    assert_eq!(value["exempt_until"], "2024-03-14");
    assert_eq!(value["steps"][0]["code"], "direction");
    assert_eq!(
        value["steps"][0]["args"][0],
        serde_json::json!(["direction", "inbound"])
    );
}
