//! The upload page: CSRF on the multipart form, who may import what, progress and report,
//! and another user's job not found.

use super::on_each_backend;
use super::pages::{location, Browser};
use super::Reply;
use axum::http::StatusCode;
use hrx_domain::access::Capability;

const GOOD: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date\n\
SA1,P1,王,伟,M,1980-01-01,US,MIT,7,,self_funded,2003-09-01,2006-06-30\n\
SA2,P1,王,伟,M,1980-01-01,GB,LSE,8,,state_sponsored,2008-09-01,\n\
SA3,P2,Li,Na,F,1985-05-05,JP,Kyoto University,6,Law,self_funded,2004-04-01,\n";

const BAD: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date\n\
SA1,P1,王,伟,M,1980-01-01,US,MIT,7,,self_funded,2003-09-01,2006-06-30\n\
SA2,P1,王,伟,M,1980-01-01,GB,LSE,8,,state_sponsored,2008-09-01,2007-01-01\n";

/// The text fields of a study-abroad upload.
const STUDY_ABROAD: &[(&str, &str)] = &[("kind", "study-abroad")];

async fn finished(browser: &mut Browser<'_>, job: &str) -> String {
    for _ in 0..200 {
        let reply = browser.get(job).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        if reply.body.contains("id=\"import-result\"") {
            return reply.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

/// Whether an uploaded file of this name is in the upload directory of the tests' servers.
fn upload_on_disk(name: &str) -> bool {
    let dir = std::env::temp_dir().join("hrx-uploads/uploads/imports");
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(name))
        })
        .unwrap_or(false)
}

/// Posts a file to the upload page with the given text fields.
async fn upload(
    browser: &mut Browser<'_>,
    fields: &[(&str, &str)],
    file_name: &str,
    content: &str,
    with_csrf: bool,
) -> Reply {
    let file = ("file", file_name, content.as_bytes());
    browser
        .post_multipart("/imports", fields, file, with_csrf)
        .await
}

#[tokio::test]
async fn an_officer_uploads_a_file_follows_it_and_sees_the_rows_to_correct() {
    on_each_backend(|app| async move {
        app.officer("mobility", Capability::Mobility).await;
        app.officer("permits", Capability::WorkPermits).await;
        let mut officer = app.browser("mobility").await;
        let page = officer.get("/imports").await;
        page.expect(StatusCode::OK, app.label);
        assert!(page.body.contains("value=\"study-abroad\""));
        assert!(
            !page.body.contains("value=\"work-permits\""),
            "not this officer's"
        );
        // The formats are explained on the page, with a template per kind the officer may
        // import, and none for another's.
        assert!(
            page.body.contains("id=\"format-study-abroad\""),
            "{}",
            app.label
        );
        assert!(
            page.body.contains("/imports/templates/study-abroad.csv"),
            "{}",
            app.label
        );
        assert!(!page.body.contains("README"), "{}", app.label);
        let template = officer.get("/imports/templates/study-abroad.csv").await;
        template.expect(StatusCode::OK, app.label);
        assert!(
            template
                .body
                .trim_start_matches('\u{feff}')
                .starts_with("record_ref,person_ref,family_name,given_name,name_native,sex"),
            "{}: {}",
            app.label,
            template.body
        );
        // The optional column of the name in the person's own script is explained.
        assert!(
            page.body.contains("<code>name_native</code>") && page.body.contains("王秀英"),
            "{}",
            app.label
        );
        officer
            .get("/imports/templates/work-permits.csv")
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        officer
            .get("/imports/templates/nothing.csv")
            .await
            .expect(StatusCode::NOT_FOUND, app.label);

        // Without the CSRF field first, nothing is stored.
        let refused = upload(&mut officer, STUDY_ABROAD, "good.csv", GOOD, false).await;
        refused.expect(StatusCode::FORBIDDEN, app.label);
        // A multipart POST anywhere else is refused too.
        let elsewhere = officer
            .post_multipart(
                "/persons",
                &[("name_latin", "X")],
                ("file", "x.csv", b"x"),
                true,
            )
            .await;
        elsewhere.expect(StatusCode::FORBIDDEN, app.label);
        // A kind the officer may not import.
        let wrong = upload(
            &mut officer,
            &[("kind", "work-permits")],
            "good.csv",
            GOOD,
            true,
        )
        .await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);

        let started = upload(&mut officer, STUDY_ABROAD, "good.csv", GOOD, true).await;
        started.expect(StatusCode::SEE_OTHER, app.label);
        let job = location(&started);
        let report = finished(&mut officer, &job).await;
        assert!(
            report.contains("id=\"created\">3<"),
            "{}: {report}",
            app.label
        );
        let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(people, 2, "{}", app.label);

        // Another officer cannot follow this job.
        let mut other = app.browser("permits").await;
        other
            .get(&job)
            .await
            .expect(StatusCode::NOT_FOUND, app.label);

        // A bad file: nothing written, the row named with column, value and reason.
        let started = upload(&mut officer, STUDY_ABROAD, "bad.csv", BAD, true).await;
        let job = location(&started);
        let report = finished(&mut officer, &job).await;
        assert!(
            report.contains("<td class=\"num\">3</td>"),
            "{}: {report}",
            app.label
        );
        assert!(report.contains("return_date"), "{}", app.label);
        assert!(report.contains("2007-01-01"), "{}", app.label);
        assert!(
            report.contains("The return is before the departure")
                || report.contains("回国日期早于出国日期"),
            "{}",
            app.label
        );

        // With invalid rows skipped: the rejects come back as a download.
        let started = upload(
            &mut officer,
            &[("kind", "study-abroad"), ("skip_invalid", "1")],
            "bad.csv",
            BAD,
            true,
        )
        .await;
        let job = location(&started);
        let report = finished(&mut officer, &job).await;
        assert!(report.contains("rejects.csv"), "{}: {report}", app.label);
        let rejects = officer.get(&format!("{job}/rejects.csv")).await;
        rejects.expect(StatusCode::OK, app.label);
        assert!(rejects.body.contains("SA2,P1"), "{}", app.label);
        assert!(
            rejects.body.contains("return_before_departure"),
            "{}",
            app.label
        );

        // The history lists all three, refused one included.
        let history = officer.get("/imports").await;
        assert_eq!(history.body.matches("bad.csv").count(), 2, "{}", app.label);
    })
    .await;
}

/// Nothing is stored for a user who may not import, or for a kind this user may not import:
/// permission is checked before the file part is read (it was streamed to disk first).
#[tokio::test]
async fn a_file_is_not_stored_before_permission_is_checked() {
    on_each_backend(|app| async move {
        app.officer("mobility", Capability::Mobility).await;
        app.user(
            "reader",
            hrx_domain::access::Role::Reviewer,
            vec![],
            None,
            None,
        )
        .await;
        let name = format!("probe-{}.csv", hrx_store::random_name().unwrap_or_default());
        let mut reader = app.browser("reader").await;
        let refused = upload(&mut reader, STUDY_ABROAD, &name, GOOD, true).await;
        refused.expect(StatusCode::FORBIDDEN, app.label);
        assert!(!upload_on_disk(&name), "{}", app.label);
        let mut officer = app.browser("mobility").await;
        let wrong = upload(&mut officer, &[("kind", "work-permits")], &name, GOOD, true).await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(!upload_on_disk(&name), "{}", app.label);
    })
    .await;
}

/// The uploaded file (names, birth dates, passports) is removed when its import ends.
#[tokio::test]
async fn the_uploaded_file_is_removed_when_the_import_ends() {
    on_each_backend(|app| async move {
        app.officer("mobility", Capability::Mobility).await;
        let name = format!("kept-{}.csv", hrx_store::random_name().unwrap_or_default());
        let mut officer = app.browser("mobility").await;
        let started = upload(&mut officer, STUDY_ABROAD, &name, GOOD, true).await;
        started.expect(StatusCode::SEE_OTHER, app.label);
        let report = finished(&mut officer, &location(&started)).await;
        assert!(report.contains("id=\"created\">3<"), "{}", app.label);
        assert!(
            !upload_on_disk(&name),
            "{}: the upload is still on disk",
            app.label
        );
    })
    .await;
}

/// Training abroad through the same page and history: an officer of the training capability
/// sees the kind, imports a group's file, and finds it in `/api/v1/imports`; an officer of
/// another capability does not.
#[tokio::test]
async fn a_training_officer_imports_participations_and_finds_them_in_the_history() {
    const TRAINING: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,programme_code,programme_type,host_country,host_institution,sending_unit,funding_channel,group_code,departure_date,return_date\n\
T1,P1,王,伟,M,1965-01-01,SAFEA-2009-01,senior_civil_servants,US,Synthetic School,Synthetic Unit,special_fund,G1,2009-12-31,2010-01-20\n\
T2,P2,李,娜,F,1970-01-01,SAFEA-2009-01,senior_civil_servants,US,Synthetic School,Synthetic Unit,,G1,2009-12-31,2010-01-20\n";
    on_each_backend(|app| async move {
        app.officer("training", Capability::Training).await;
        app.officer("mobility", Capability::Mobility).await;
        let mut officer = app.browser("training").await;
        let page = officer.get("/imports").await;
        page.expect(StatusCode::OK, app.label);
        assert!(
            page.body.contains("value=\"training-abroad\""),
            "{}",
            app.label
        );
        assert!(
            !page.body.contains("value=\"study-abroad\""),
            "{}",
            app.label
        );
        let fields = &[("kind", "training-abroad")];
        let started = upload(&mut officer, fields, "groups.csv", TRAINING, true).await;
        started.expect(StatusCode::SEE_OTHER, app.label);
        let report = finished(&mut officer, &location(&started)).await;
        assert!(
            report.contains("id=\"created\">2<"),
            "{}: {report}",
            app.label
        );
        let history = officer.get("/api/v1/imports?kind=training-abroad").await;
        history.expect(StatusCode::OK, app.label);
        assert!(history.body.contains("groups.csv"), "{}", app.label);
        let mut other = app.browser("mobility").await;
        let page = other.get("/imports").await;
        assert!(
            !page.body.contains("value=\"training-abroad\""),
            "{}",
            app.label
        );
        other
            .get("/api/v1/imports?kind=training-abroad")
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
    })
    .await;
}
