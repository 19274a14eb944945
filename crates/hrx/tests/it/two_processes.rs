//! Two `hrx serve` processes over one PostgreSQL database behave as one system: a session made
//! on one is honoured by the other, concurrent edits lose nothing, the audit chain stays whole.

use crate::support::{hrx, Server, ADMIN_PASSWORD};
use hrx_store::testing::{postgres_admin_url, TestDatabase};
use serde_json::{json, Value};

#[tokio::test]
async fn two_servers_on_one_postgres_act_as_one_system() {
    let Some(admin_url) = postgres_admin_url() else {
        return;
    };
    let db = TestDatabase::postgres(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Both start at once: migrations and the first administrator must not race.
    let (a, b) = tokio::join!(Server::start(Some(&db.url)), Server::start(Some(&db.url)));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));

    // A token from A works on B.
    let token = a.token("admin", ADMIN_PASSWORD).await;
    assert_eq!(token.len(), 64);
    let me = get_json(&client, format!("{}/api/v1/me", b.base), &token).await;
    assert_eq!(me["username"], "admin");

    // A browser session made on A is honoured by B.
    let login_page = client
        .get(format!("{}/login", a.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let csrf = set_cookie(&login_page, "hrx_csrf");
    let signed_in = client
        .post(format!("{}/login", a.base))
        .header("cookie", format!("hrx_csrf={csrf}"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(signed_in.status(), 303);
    let session = set_cookie(&signed_in, "hrx_session");
    let on_b = client
        .get(format!("{}/persons", b.base))
        .header("cookie", format!("hrx_session={session}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_b.status(), 200, "the session made on A signs in on B");

    // Concurrent creates through both servers chain into one audit log.
    let mut creates = Vec::new();
    for i in 0..12 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let request = client
            .post(format!("{base}/api/v1/persons"))
            .bearer_auth(&token)
            .json(&person(&format!("C0{i:07}")));
        creates.push(spawn_status(request));
    }
    for c in creates {
        assert_eq!(c.await.unwrap_or(0), 201);
    }

    // Edits from the same version through both servers: exactly one wins, none is lost silently.
    let url = format!("{}/api/v1/persons?document=C00000000", a.base);
    let found = get_json(&client, url, &token).await;
    let id = found["items"][0]["id"].as_i64().unwrap_or_default();
    let mut edits = Vec::new();
    for i in 0..10 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let mut body = person("C00000000");
        body["name_latin"] = json!(format!(
            "Edit {}",
            ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"][i]
        ));
        body["version"] = json!(1);
        let request = client
            .put(format!("{base}/api/v1/persons/{id}"))
            .bearer_auth(&token)
            .json(&body);
        edits.push(spawn_status(request));
    }
    let mut statuses = Vec::new();
    for e in edits {
        statuses.push(e.await.unwrap_or(0));
    }
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        9,
        "{statuses:?}"
    );
    let current = get_json(&client, format!("{}/api/v1/persons/{id}", b.base), &token).await;
    assert_eq!(current["version"], 2);

    drop((a, b));
    let verify = hrx()
        .args(["--database-url", &db.url, "audit", "verify"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&verify.stdout).into_owned();
    assert!(verify.status.success(), "{text}");
    // The first administrator (1), twelve people (12) and one edit (1).
    assert!(text.contains("14 entries"), "{text}");
    db.drop_database().await;
}

/// A GET with the bearer token, its JSON answer (`null` if there is none).
async fn get_json(client: &reqwest::Client, url: String, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default()
}

/// Sends the request in its own task; the task answers the status (0 if it failed).
fn spawn_status(request: reqwest::RequestBuilder) -> tokio::task::JoinHandle<u16> {
    tokio::spawn(async move {
        request
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    })
}

fn person(passport: &str) -> Value {
    json!({"name_latin": "Anna Berg", "sex": "female", "birth_date": "1990-05-01",
           "nationality": "SE", "passport_number": passport})
}

fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}
