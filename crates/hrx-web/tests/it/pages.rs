use super::{on_each_backend, person_json, App, Reply, PASSWORD};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use hrx_domain::access::Role;
use serde_json::json;

/// A browser: the cookies it holds and the CSRF token of the last page it saw.
pub struct Browser<'a> {
    app: &'a App,
    cookies: Vec<(String, String)>,
    csrf: String,
}

fn hidden_csrf(body: &str) -> Option<String> {
    body.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a App) -> Self {
        Browser {
            app,
            cookies: Vec::new(),
            csrf: String::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, reply: &Reply) {
        for name in ["hrx_csrf", "hrx_session", "hrx_lang"] {
            if let Some(value) = reply.cookie(name) {
                self.cookies.retain(|(k, _)| k != name);
                if !value.is_empty() {
                    self.cookies.push((name.to_owned(), value));
                }
            }
        }
        if let Some(token) = hidden_csrf(&reply.body) {
            self.csrf = token;
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        let request = Request::builder()
            .uri(uri)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap_or_default();
        let reply = self.app.send(request).await;
        self.remember(&reply);
        reply
    }

    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)], with_csrf: bool) -> Reply {
        let mut form = form_urlencoded::Serializer::new(String::new());
        if with_csrf {
            form.append_pair("_csrf", &self.csrf);
        }
        for (k, v) in fields {
            form.append_pair(k, v);
        }
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.finish()))
            .unwrap_or_default();
        let reply = self.app.send(request).await;
        self.remember(&reply);
        reply
    }

    /// Posts a multipart form: the text fields in order (the CSRF token first when asked),
    /// then one file field.
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
        with_csrf: bool,
    ) -> Reply {
        let boundary = "hrx-test-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        let mut text_fields: Vec<(&str, String)> = Vec::new();
        if with_csrf {
            text_fields.push(("_csrf", self.csrf.clone()));
        }
        text_fields.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        for (k, v) in text_fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, content) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap_or_default();
        let reply = self.app.send(request).await;
        self.remember(&reply);
        reply
    }

    pub async fn sign_in(&mut self, username: &str) {
        self.get("/login").await;
        let reply = self
            .post(
                "/login",
                &[
                    ("username", username),
                    ("password", PASSWORD),
                    ("next", "/persons"),
                ],
                true,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{}: sign-in: {}",
            self.app.label,
            reply.body
        );
        assert_eq!(location(&reply), "/persons");
        self.get("/persons").await;
    }
}

pub fn location(reply: &Reply) -> String {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn language_follows_accept_language_then_the_switch() {
    on_each_backend(|app| async move {
        let zh = app.page("/login", &[]).await;
        assert!(
            zh.body.contains("<html lang=\"zh-CN\">") && zh.body.contains("登录"),
            "{}",
            app.label
        );
        let en = app
            .page("/login", &[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")])
            .await;
        assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Sign in"));

        let mut browser = Browser::new(&app);
        let switch = browser.get("/lang/en?next=%2Flogin").await;
        switch.expect(StatusCode::SEE_OTHER, app.label);
        assert_eq!(location(&switch), "/login");
        assert!(browser
            .get("/login")
            .await
            .body
            .contains("<html lang=\"en\">"));
        let evil = browser.get("/lang/zh-CN?next=%2F%2Fevil.example").await;
        assert_eq!(location(&evil), "/", "no open redirect");
    })
    .await;
}

#[tokio::test]
async fn sign_in_needs_the_csrf_token_and_the_right_password() {
    on_each_backend(|app| async move {
        app.user("officer", Role::Admin, vec![], None, None).await;
        let mut browser = Browser::new(&app);
        let page = browser.get("/persons").await;
        page.expect(StatusCode::SEE_OTHER, app.label);
        assert_eq!(location(&page), "/login?next=%2Fpersons");

        browser.get("/login").await;
        let right = [("username", "officer"), ("password", PASSWORD)];
        let forged = browser.post("/login", &right, false).await;
        forged.expect(StatusCode::FORBIDDEN, app.label);
        assert!(forged.cookie("hrx_session").is_none());

        let wrong = browser
            .post(
                "/login",
                &[("username", "officer"), ("password", "not it at all")],
                true,
            )
            .await;
        wrong.expect(StatusCode::UNAUTHORIZED, app.label);
        assert!(
            wrong.body.contains("value=\"officer\""),
            "the user name is kept"
        );
        assert!(wrong.body.contains("用户名或密码不正确"));

        browser.get("/login").await;
        let signed_in = browser.post("/login", &right, true).await;
        let set_cookie = signed_in
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("hrx_session="))
            .unwrap_or_default()
            .to_owned();
        for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
            assert!(set_cookie.contains(flag), "{set_cookie}");
        }
        browser.get("/persons").await;
        let session = browser
            .cookies
            .iter()
            .find(|(k, _)| k == "hrx_session")
            .map(|(_, v)| v.clone());
        assert!(session.is_some());
        let cookie = browser.post("/login", &[], false).await;
        assert_eq!(
            cookie.status,
            StatusCode::FORBIDDEN,
            "a session form without the token is refused"
        );

        let out = browser.post("/logout", &[], true).await;
        assert_eq!(location(&out), "/login");
        assert_eq!(
            browser.get("/persons").await.status,
            StatusCode::SEE_OTHER,
            "{}: signed out",
            app.label
        );
        assert_eq!(
            app.count("user_session").await,
            0,
            "the session row is gone"
        );
    })
    .await;
}

#[tokio::test]
async fn the_person_form_keeps_what_was_typed_and_shows_errors_beside_fields() {
    on_each_backend(|app| async move {
        app.user("officer", Role::Admin, vec![], None, None).await;
        let mut browser = app.browser("officer").await;
        browser.get("/persons/new").await;
        let before = app.count("person").await;
        let reply = browser
            .post(
                "/persons",
                &[
                    ("name_latin", "Anna Müller"),
                    ("sex", "female"),
                    ("nationality", "DE"),
                    ("resident_id_number", "110105194912310021"),
                ],
                true,
            )
            .await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(
            reply.body.contains("value=\"Anna Müller\""),
            "typed value kept"
        );
        assert!(
            reply.body.contains("id=\"birth_date-error\""),
            "error beside the birth date"
        );
        assert!(
            reply.body.contains("校验码不符"),
            "check-digit message in Chinese"
        );
        assert!(
            reply.body.contains("<option value=\"DE\" selected>"),
            "selection kept"
        );
        assert_eq!(app.count("person").await, before, "nothing written");

        let saved = browser
            .post(
                "/persons",
                &[
                    ("name_native", "安娜"),
                    ("name_latin", "Anna Müller"),
                    ("sex", "female"),
                    ("birth_date", "1990-05-01"),
                    ("nationality", "DE"),
                    ("passport_number", "C01X00T47"),
                ],
                true,
            )
            .await;
        saved.expect(StatusCode::SEE_OTHER, app.label);
        let target = location(&saved);
        assert!(target.ends_with("?saved=1"), "{target}");
        let page = browser.get(&target).await;
        assert!(
            page.body.contains("Anna Müller")
                && page.body.contains("C01X00T47")
                && page.body.contains("创建了记录")
        );

        let list = browser.get("/persons?q=m%C3%BCller").await;
        assert!(
            list.body.contains(target.trim_end_matches("?saved=1")),
            "{}: found by search",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn a_stale_form_edit_is_refused_with_a_clear_message_and_the_typed_values() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let id = app.person(&token, "Anna Müller", "C01X00T47").await;
        app.user("officer", Role::Admin, vec![], None, None).await;
        let mut browser = app.browser("officer").await;
        let form = browser.get(&format!("/persons/{id}/edit")).await;
        assert!(form.body.contains("name=\"version\" value=\"1\""));

        let mut edit = person_json("Anna Schmidt", "C01X00T47");
        edit["version"] = json!(1);
        app.put(&format!("/api/v1/persons/{id}"), Some(&token), edit)
            .await;

        let fields = [
            ("version", "1"),
            ("name_native", "安娜"),
            ("name_latin", "Anna Weber"),
            ("sex", "female"),
            ("birth_date", "1990-05-01"),
            ("nationality", "DE"),
            ("passport_number", "C01X00T47"),
        ];
        let reply = browser.post(&format!("/persons/{id}"), &fields, true).await;
        reply.expect(StatusCode::CONFLICT, app.label);
        assert!(reply.body.contains("他人已修改此记录") && reply.body.contains("第 2 版"));
        assert!(
            reply.body.contains("value=\"Anna Weber\""),
            "the typed change is still in the form"
        );
        let now = app
            .get(&format!("/api/v1/persons/{id}"), Some(&token))
            .await
            .json();
        assert_eq!(now["name_latin"], "Anna Schmidt");
    })
    .await;
}

#[tokio::test]
async fn pages_hide_other_employers_records_and_api_calls_with_cookies_need_the_csrf_header() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let (mine, theirs) = app.two_employers(&token).await;
        let their_person = app.person_of(&token, theirs, "Wang Wei", "E12345678").await;
        app.user("clerk", Role::Employer, vec![], Some(mine), None)
            .await;

        let mut browser = app.browser("clerk").await;
        for uri in [
            format!("/persons/{their_person}"),
            format!("/persons/{their_person}/edit"),
            format!("/organisations/{theirs}"),
            "/persons/abc".into(),
            "/no-such-page".into(),
        ] {
            let reply = browser.get(&uri).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}: {uri}", app.label);
        }
        let own = browser.get(&format!("/organisations/{mine}")).await;
        own.expect(StatusCode::OK, app.label);
        assert!(
            !own.body.contains("id=\"accounts\""),
            "only administrators see the accounts"
        );
        app.user("boss", Role::Admin, vec![], None, None).await;
        let mut admin = app.browser("boss").await;
        let page = admin.get(&format!("/organisations/{mine}")).await;
        assert!(
            page.body.contains("id=\"accounts\"") && page.body.contains("<strong>clerk</strong>"),
            "{}",
            app.label
        );
        let sorted = admin.get("/persons?sort=name").await;
        assert!(sorted.body.contains("aria-sort=\"ascending\""));
        browser
            .get("/organisations/new")
            .await
            .expect(StatusCode::FORBIDDEN, app.label);

        let cookie = browser.cookie_header();
        let call = |csrf: Option<String>| {
            let mut builder = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/persons")
                .header(header::COOKIE, cookie.clone())
                .header(header::CONTENT_TYPE, "application/json");
            if let Some(csrf) = csrf {
                builder = builder.header("x-csrf-token", csrf);
            }
            builder
                .body(Body::from(
                    person_json("Anna Müller", "C01X00T47").to_string(),
                ))
                .unwrap_or_default()
        };
        app.send(call(None))
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        let reply = app.send(call(Some(browser.csrf.clone()))).await;
        reply.expect(StatusCode::CREATED, app.label);
        assert_eq!(reply.json()["organisation_id"], mine);
    })
    .await;
}
