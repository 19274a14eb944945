//! The command line on SQLite: first start, users, audit verification, backup.

use crate::support::{free_port, hrx};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

fn data_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "hrx-cli-{}",
        hrx_store::random_name().unwrap_or_default()
    ))
}

fn run(dir: &Path, args: &[&str], password: Option<&str>) -> Output {
    let mut command = hrx();
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("HRX_DATABASE_URL");
    match password {
        Some(p) => command.env("HRX_PASSWORD", p),
        None => command.env_remove("HRX_PASSWORD"),
    };
    command
        .output()
        .unwrap_or_else(|e| panic!("hrx {args:?}: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Starts `hrx serve`, returns what it printed before listening, and stops it.
fn first_lines(dir: &Path) -> String {
    let mut child = hrx()
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .env_remove("HRX_ADMIN_PASSWORD")
        .env_remove("HRX_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut printed = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            printed.push_str(&line);
            printed.push('\n');
            if line.contains("listening") {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    printed
}

#[test]
fn first_start_creates_an_admin_once_with_a_generated_password() {
    let dir = data_dir();
    let first = first_lines(&dir);
    assert!(
        first.contains("Created user 'admin' with password: "),
        "{first}"
    );
    assert!(
        dir.join("hrx.db").exists(),
        "the SQLite database is in the data directory"
    );
    let second = first_lines(&dir);
    assert!(!second.contains("Created user"), "{second}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn users_audit_and_backup_from_the_command_line() {
    let dir = data_dir();
    assert!(run(&dir, &["migrate"], None).status.success());

    let added = run(
        &dir,
        &[
            "user",
            "add",
            "clerk",
            "--role",
            "officer",
            "--capabilities",
            "registry,work_permits",
        ],
        Some("clerk password 1"),
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let bad_role = run(
        &dir,
        &["user", "add", "other", "--role", "king"],
        Some("other password 1"),
    );
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("unknown role"));
    let short = run(
        &dir,
        &["user", "add", "other", "--role", "reviewer"],
        Some("short"),
    );
    assert!(!short.status.success(), "a short password is refused");
    let list = stdout(&run(&dir, &["user", "list"], None));
    assert!(
        list.contains("clerk") && list.contains("registry,work_permits") && !list.contains("other"),
        "{list}"
    );

    // A password from standard input.
    let mut child = hrx()
        .arg("--data-dir")
        .arg(&dir)
        .args(["user", "passwd", "clerk"])
        .env_remove("HRX_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"a brand new password\n");
    }
    let passwd = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(passwd.status.success());
    let missing = run(
        &dir,
        &["user", "passwd", "nobody"],
        Some("a brand new password"),
    );
    assert!(!missing.status.success());

    let verify = run(&dir, &["audit", "verify"], None);
    assert!(verify.status.success());
    assert!(
        stdout(&verify).contains("intact: 2 entries"),
        "{}",
        stdout(&verify)
    );

    let backup = dir.join("copy.db");
    let made = run(&dir, &["backup", backup.to_str().unwrap_or_default()], None);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let again = run(&dir, &["backup", backup.to_str().unwrap_or_default()], None);
    assert!(
        !again.status.success(),
        "an existing backup is never overwritten"
    );
    let copy_url = format!("sqlite://{}", backup.display());
    let verify_copy = run(
        &dir,
        &["--database-url", &copy_url, "audit", "verify"],
        None,
    );
    assert!(stdout(&verify_copy).contains("intact: 2 entries"));

    let pg = run(
        &dir,
        &[
            "--database-url",
            "postgres://hrx:secret@db.example/hrx",
            "backup",
            "x.dump",
        ],
        None,
    );
    let text = stdout(&pg);
    assert!(
        text.contains("pg_dump") && text.contains("hrx:***@") && !text.contains("secret"),
        "{text}"
    );

    // Tamper with the first entry: verify names it and exits 2.
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    runtime.block_on(async {
        let store = hrx_store::Store::connect(&hrx_store::Store::sqlite_url(&dir))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
            .execute(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store.close().await;
    });
    std::thread::sleep(Duration::from_millis(50));
    let broken = run(&dir, &["audit", "verify"], None);
    assert_eq!(broken.status.code(), Some(2));
    assert!(stdout(&broken).contains("entry 1"), "{}", stdout(&broken));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn json_logs_and_graceful_shutdown_on_sigterm() {
    let dir = data_dir();
    let mut child = hrx()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "--log-format",
            "json",
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", free_port()),
        ])
        .env("HRX_ADMIN_PASSWORD", "admin password 1")
        .env("HRX_LOG", "info")
        .env_remove("HRX_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let first = lines.next().unwrap_or_default();
    let record: serde_json::Value =
        serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first}"));
    assert_eq!(record["level"], "INFO", "{first}");
    assert!(
        record["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("listening"),
        "{first}"
    );
    assert!(!first.contains("admin password 1"), "no secret in the log");

    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(stopped.success());
    let rest: Vec<String> = lines.collect();
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "a clean exit on SIGTERM: {status:?}");
    assert!(rest.iter().any(|l| l.contains("HRX stopped")), "{rest:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn permits_assess_scores_a_profile_file() {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("profile.json");
    let profile = serde_json::json!({"assessment_date": "2026-03-01", "birth_date": "1984-01-15",
        "annual_salary_cny": 300000, "education": "bachelor", "related_experience_years": 19,
        "months_in_china_per_year": 12, "work_location": {"province": "310000"}});
    std::fs::write(&file, profile.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = run(
        &dir,
        &["permits", "assess", file.to_str().unwrap_or_default()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(
        (result["total"].clone(), result["points_category"].clone()),
        (serde_json::json!(74), serde_json::json!("B"))
    );

    let mut bad = profile;
    bad["local_bonus"] = serde_json::json!(11);
    std::fs::write(&file, bad.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = run(
        &dir,
        &["permits", "assess", file.to_str().unwrap_or_default()],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("local_bonus: out_of_range"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn coverage_determine_answers_from_a_request_file() {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("posting.json");
    // Spec example E2: a Japanese national posted to Shanghai since 2017-04-01; the clock
    // starts when the agreement enters into force on 2019-09-01.
    let request = serde_json::json!({"as_of": "2024-08-01", "nationality": "JP",
        "sending_country": "JP", "work_country": "CN", "worker_category": "posted_worker",
        "posting_start": "2017-04-01", "posting_end": "2026-03-31",
        "city": "Shanghai", "monthly_wage_cny": 50000});
    std::fs::write(&file, request.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let path = file.to_str().unwrap_or_default();
    let out = run(&dir, &["coverage", "determine", path], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(result["agreement"], "CN-JP-2018");
    assert_eq!(result["exempt_from"], "2019-09-01");
    assert_eq!(result["exempt_until"], "2024-08-31");
    assert_eq!(result["exempt_branches"], serde_json::json!(["pension"]));
    assert_eq!(result["all_branches_from"], "2024-09-01");
    assert!(result["savings"]["total_cny"].as_f64().unwrap_or_default() > 0.0);
    let zh = run(
        &dir,
        &["coverage", "determine", path, "--lang", "zh-CN"],
        None,
    );
    let zh: serde_json::Value = serde_json::from_slice(&zh.stdout).unwrap_or_default();
    assert_ne!(
        zh["reasons"], result["reasons"],
        "the reasons are worded per language"
    );

    let mut bad = request;
    bad["posting_end"] = serde_json::json!("2017-01-01");
    std::fs::write(&file, bad.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&dir, &["coverage", "determine", path], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("posting_end: before_posting_start"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn conventions_base_year_moves_the_reporting_calendar() {
    let dir = data_dir();
    let out = run(
        &dir,
        &[
            "conventions",
            "base-year",
            "--cycle",
            "3",
            "--group",
            "A-F",
            "--year",
            "2024",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let groups: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let a_f = groups
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["cycle_years"] == 3 && g["group"] == "A-F")
        .cloned()
        .unwrap_or_default();
    assert_eq!(a_f["base_year"], 2024, "{}", stdout(&out));
    let store = hrx_store::Store::connect(&hrx_store::Store::sqlite_url(&dir))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let years: Vec<i32> = store
        .reporting_calendar()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .reports(2024, 2030)
        .into_iter()
        .filter(|r| r.convention == "C100")
        .map(|r| r.year)
        .collect();
    assert_eq!(years, [2024, 2027, 2030]);
    store.close().await;
    for (args, wanted) in [
        (
            ["--cycle", "4", "--group", "A-F", "--year", "2024"],
            "cycle_years: unknown_cycle",
        ),
        (
            ["--cycle", "6", "--group", "A-F", "--year", "2024"],
            "group: unknown_group",
        ),
        (
            ["--cycle", "3", "--group", "A-F", "--year", "1800"],
            "base_year: year_out_of_range",
        ),
    ] {
        let mut all = vec!["conventions", "base-year"];
        all.extend(args);
        let out = run(&dir, &all, None);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(wanted),
            "{wanted}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn import_cooperation_events_takes_the_shipped_layout_whole_or_not_at_all() {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let header = "date,end_date,name_en,name_zh,kind,organiser,host_city,host_country,outcome_document,source\n";
    let good = "2012-05-21,2012-05-23,ASEAN+3 labour seminar,东盟与中日韩劳动研讨会,meeting,ASEAN,Ha Noi,Viet Nam,Summary,https://example.org\n";
    let bad = "2012-06-05,2012-06-01,Misdated forum,日期有误的论坛,forum,,Nowhere,Atlantis,,\n";
    let file = dir.join("events.csv");
    std::fs::write(&file, format!("{header}{good}{bad}")).unwrap_or_else(|e| panic!("{e}"));
    let path = file.to_string_lossy().into_owned();
    let refused = run(
        &dir,
        &["import", "cooperation-events", &path, "--json"],
        None,
    );
    assert!(!refused.status.success());
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&refused)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["status"], "refused");
    let reasons: Vec<(String, String)> = report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["column"].to_string(), e["reason"].to_string()))
        .collect();
    assert!(
        reasons.contains(&("\"end_date\"".into(), "\"before_start\"".into())),
        "{reasons:?}"
    );
    assert!(reasons.iter().all(|(_, r)| r != "\"ok\""));
    let skipped = run(
        &dir,
        &[
            "import",
            "cooperation-events",
            &path,
            "--skip-invalid",
            "--json",
        ],
        None,
    );
    assert!(skipped.status.success(), "{}", stdout(&skipped));
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&skipped)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["counts"]["created"], 1);
    assert!(dir.join("events.csv.rejects.csv").is_file());
    // The same file again changes nothing.
    let again = run(
        &dir,
        &[
            "import",
            "cooperation-events",
            &path,
            "--skip-invalid",
            "--json",
        ],
        None,
    );
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&again)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            report["counts"]["created"].as_i64(),
            report["counts"]["unchanged"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
