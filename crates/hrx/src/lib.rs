//! Command line and wiring of the `hrx` binary.

pub mod cli;
pub mod demo;
mod import;
mod persons;

use anyhow::{bail, Context};
use cli::{
    AuditCommand, Cli, Command, ConventionsCommand, CoverageCommand, LogFormat, PermitsCommand,
    UserCommand,
};
use hrx_domain::access::{Capability, Role};
use hrx_store::accounts::NewUser;
use hrx_store::{redact_url, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use tokio::net::TcpListener;

pub async fn run(cli: Cli) -> ExitCode {
    init_logging(cli.log_format);
    match execute(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HRX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The database the flags name: an explicit URL, or the SQLite file in the data directory.
pub fn database_url(cli: &Cli) -> anyhow::Result<String> {
    if let Some(url) = cli.database_url.as_deref().filter(|u| !u.is_empty()) {
        return Ok(url.to_owned());
    }
    std::fs::create_dir_all(&cli.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            cli.data_dir.display()
        )
    })?;
    Ok(Store::sqlite_url(&cli.data_dir))
}

async fn open(cli: &Cli) -> anyhow::Result<Store> {
    let url = database_url(cli)?;
    let store = Store::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", redact_url(&url)))?;
    store.migrate().await.context("migrations failed")?;
    Ok(store)
}

async fn execute(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Serve(serve) => {
            let store = open(&cli).await?;
            ensure_admin(&store).await?;
            // The demo dataset loads while the server already listens: /healthz answers and
            // every page says what is being loaded, until it is in.
            let loading = if serve.demo && demo::ensure_empty(&store).await? {
                demo::plans(serve.demo_scale, 2009)?;
                Some(hrx_web::loading::Loading::started())
            } else {
                if serve.demo {
                    println!(
                        "demo: the database already holds records; the demo dataset is not loaded"
                    );
                }
                None
            };
            let shutdown = shutdown_signal()?;
            let listener = TcpListener::bind(&serve.listen)
                .await
                .with_context(|| format!("cannot listen on {}", serve.listen))?;
            let address = listener.local_addr()?;
            tracing::info!(%address, backend = ?store.backend(), "HRX is listening");
            println!("HRX is listening on http://{address}/");
            let config = hrx_web::WebConfig {
                secure_cookies: !serve.insecure_cookies,
                fixed_today: None,
                data_dir: Some(cli.data_dir.clone()),
                metrics_from: serve.metrics_from.clone(),
                session_hours: serve.session_hours,
                session_idle_minutes: serve.session_idle_minutes,
                public_requests_per_minute: serve.public_requests_per_minute,
            };
            let state = hrx_web::AppState::new(store.clone(), config);
            match state.sweep_import_uploads() {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "removed import uploads left by an earlier run"),
                Err(e) => tracing::warn!(error = %e, "cannot sweep the import uploads"),
            }
            state
                .refresh_demo_flag()
                .await
                .context("cannot read whether the demo dataset is loaded")?;
            let mut app = hrx_web::router(state.clone());
            if let Some(loading) = loading {
                app = app.layer(axum::middleware::from_fn({
                    let loading = loading.clone();
                    move |request, next| hrx_web::loading::gate(loading.clone(), request, next)
                }));
                let (store, dir, scale) =
                    (store.clone(), cli.data_dir.join("demo"), serve.demo_scale);
                tokio::spawn(async move {
                    let say = {
                        let loading = loading.clone();
                        move |line: &str| {
                            println!("{line}");
                            loading.report(line);
                        }
                    };
                    match demo::load(&store, &dir, scale, 2009, false, &say).await {
                        Ok(()) => {
                            if let Err(e) = state.refresh_demo_flag().await {
                                tracing::error!(error = %e, "cannot read whether the demo dataset is loaded");
                            }
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "the demo dataset could not be loaded");
                            eprintln!("demo: not loaded: {e:#}");
                        }
                    }
                    loading.done();
                });
            }
            let header_timeout = std::time::Duration::from_secs(serve.header_timeout_seconds);
            serve_http(listener, app, header_timeout, shutdown).await;
            store.close().await;
            tracing::info!("HRX stopped");
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let store = open(&cli).await?;
            println!("database is up to date ({:?})", store.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::User(command) => {
            let store = open(&cli).await?;
            user_command(&store, command).await
        }
        Command::Audit(AuditCommand::Verify) => {
            let store = open(&cli).await?;
            match store.verify_audit().await? {
                Ok(count) => {
                    println!("audit chain intact: {count} entries verified");
                    Ok(ExitCode::SUCCESS)
                }
                Err(broken) => {
                    println!("audit chain BROKEN: {broken}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Permits(PermitsCommand::Assess { file }) => assess_file(file),
        Command::Coverage(CoverageCommand::Determine { file, lang }) => {
            let store = open(&cli).await?;
            determine_file(&store, file, lang).await
        }
        Command::Conventions(ConventionsCommand::BaseYear { cycle, group, year }) => {
            let store = open(&cli).await?;
            let result = store
                .set_reporting_base_year("system", *cycle, group.trim(), *year)
                .await;
            answer(match result {
                Ok(rules) => Ok(rules.groups),
                Err(hrx_store::StoreError::Invalid(errors)) => Err(errors),
                Err(e) => return Err(e.into()),
            })
        }
        Command::Generate(cli::GenerateCommand::StudyAbroad {
            persons,
            episodes,
            returned,
            first_year,
            last_year,
            seed,
            out,
        }) => {
            let plan = hrx_domain::synthetic::StudyAbroadPlan {
                seed: *seed,
                persons: *persons,
                episodes: episodes.unwrap_or(*persons),
                returned: returned.unwrap_or(persons * 307 / 1000),
                first_year: *first_year,
                last_year: *last_year,
                returned_by: chrono::NaiveDate::from_ymd_opt(*last_year, 12, 31)
                    .context("--last-year is not a year")?,
            };
            if plan.episodes < plan.persons || plan.returned > plan.persons {
                bail!("--episodes must be at least --persons, and --returned at most --persons");
            }
            match out {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    hrx_domain::synthetic::write_study_abroad(&plan, &mut w)?;
                    w.flush()?;
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                    hrx_domain::synthetic::write_study_abroad(&plan, &mut w)?;
                    w.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => {
            let store = open(&cli).await?;
            demo::load(
                &store,
                &cli.data_dir.join("demo"),
                args.scale,
                args.seed,
                args.keep_files,
                &demo::print,
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(cli::StatsCommand::Rebuild) => {
            let store = open(&cli).await?;
            let started = std::time::Instant::now();
            let report = store.rebuild_statistics().await?;
            for (family, rows) in &report.rows {
                println!("{family}: {rows} aggregate rows");
            }
            println!(
                "statistics rebuilt from the records in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(cli::StatsCommand::Check { json }) => {
            let store = open(&cli).await?;
            let report = store.check_statistics(50).await?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                for (family, rows) in &report.rows {
                    println!("{family}: {rows} aggregate rows recomputed");
                }
                for d in &report.differences {
                    println!(
                        "DIFFERENT {} {} {} {}: maintained {}, recomputed {}",
                        d.series,
                        if d.dim.is_empty() { "total" } else { &d.dim },
                        d.key,
                        d.month,
                        d.maintained,
                        d.recomputed
                    );
                }
                if report.differences_total > report.differences.len() {
                    println!(
                        "... and {} more differences",
                        report.differences_total - report.differences.len()
                    );
                }
                if report.differences_total == 0 {
                    println!("statistics check: no difference between the maintained figures and a recompute");
                } else {
                    println!(
                        "statistics check: {} rows differ; `hrx stats rebuild` recomputes them",
                        report.differences_total
                    );
                }
            }
            Ok(if report.differences_total == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Import(args) => {
            let store = open(&cli).await?;
            import::run(&store, args).await
        }
        Command::Persons(cli::PersonsCommand::MatchBench {
            seed,
            pairs,
            registry,
            block,
        }) => {
            let w = hrx_domain::registry::matching::weights().map_err(|e| anyhow::anyhow!(e))?;
            let report = persons::match_bench(w, *seed, *pairs, *registry, *block);
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { dest } => {
            let url = database_url(&cli)?;
            if url.starts_with("postgres") {
                println!(
                    "PostgreSQL is backed up with its own tool, online and consistent:\n  pg_dump --format=custom --file={} '{}'",
                    dest.display(),
                    redact_url(&url)
                );
                return Ok(ExitCode::SUCCESS);
            }
            let store = open(&cli).await?;
            store.backup_sqlite(dest).await?;
            println!("backup written to {}", dest.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A JSON request from a file, or from standard input for `-`.
fn read_request<T: serde::de::DeserializeOwned>(file: &std::path::Path) -> anyhow::Result<T> {
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a valid request", file.display()))
}

/// Prints a result as JSON, or the refused fields on standard error (exit 1).
fn answer<T: serde::Serialize>(
    result: Result<T, hrx_domain::FieldErrors>,
) -> anyhow::Result<ExitCode> {
    match result {
        Ok(view) => {
            println!("{}", serde_json::to_string_pretty(&view)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}: {}", e.field, e.code);
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The points assessment from a file: the same engine as the API and the public page.
fn assess_file(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let input: hrx_domain::permits::AssessmentInput = read_request(file)?;
    let table = hrx_domain::permits::PointsTable::current()
        .map_err(|e| anyhow::anyhow!("points table: {e}"))?;
    answer(
        hrx_domain::permits::assess(&input, table)
            .map(|a| hrx_web::api::permits::explain(&a, None, hrx_web::i18n::Lang::En)),
    )
}

/// A coverage determination from a file: the same engine and agreements as the API and the
/// public page.
async fn determine_file(
    store: &Store,
    file: &std::path::Path,
    lang: &str,
) -> anyhow::Result<ExitCode> {
    let request: hrx_domain::coverage::determine::DeterminationRequest = read_request(file)?;
    let lang = hrx_web::i18n::Lang::parse(lang).context("--lang is en or zh-CN")?;
    let agreements = store.agreements().await?;
    let rates = hrx_domain::coverage::rates::RateTable::builtin()
        .map_err(|e| anyhow::anyhow!("rate table: {e}"))?;
    answer(
        hrx_domain::coverage::determine::determine(&agreements, rates, &request)
            .map(|d| hrx_web::api::coverage::view(&d, lang)),
    )
}

/// On first start there is always a way in: an `admin` account with the password from
/// HRX_ADMIN_PASSWORD, or a generated one printed once.
async fn ensure_admin(store: &Store) -> anyhow::Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let (password, generated) = match std::env::var("HRX_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        Some(p) => (p, false),
        None => (hrx_store::random_token()?[..20].to_owned(), true),
    };
    let created = store
        .create_user(
            "system",
            &NewUser {
                username: "admin".into(),
                password: password.clone(),
                role: Role::Admin,
                capabilities: Capability::ALL.to_vec(),
                organisation_id: None,
                person_id: None,
            },
        )
        .await;
    match created {
        Ok(_) => {}
        // Another `hrx serve` on the same database created it first.
        Err(hrx_store::StoreError::Duplicate { .. }) => return Ok(()),
        Err(hrx_store::StoreError::Config(reason)) => {
            bail!("cannot create the first administrator: {reason} (set HRX_ADMIN_PASSWORD)")
        }
        Err(other) => return Err(other.into()),
    }
    if generated {
        println!("Created user 'admin' with password: {password}\n(shown once; change it with `hrx user passwd admin`)");
    } else {
        println!("Created user 'admin' with the password from HRX_ADMIN_PASSWORD");
    }
    Ok(())
}

/// The password for a user command: HRX_PASSWORD, or one line read from standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("HRX_PASSWORD") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        print!("Password: ");
        std::io::stdout().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password given (set HRX_PASSWORD or type it on standard input)");
    }
    Ok(password)
}

async fn user_command(store: &Store, command: &UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            username,
            role,
            capabilities,
            organisation,
            person,
        } => {
            let role = Role::parse(role).map_err(|_| {
                anyhow::anyhow!(
                    "unknown role {role:?}: admin, officer, reviewer, employer or applicant"
                )
            })?;
            let capabilities = Capability::parse_list(capabilities.as_deref().unwrap_or(""))
                .map_err(|_| anyhow::anyhow!("unknown capability in {capabilities:?}"))?;
            let password = read_password()?;
            let user = store
                .create_user(
                    "cli",
                    &NewUser {
                        username: username.clone(),
                        password,
                        role,
                        capabilities,
                        organisation_id: *organisation,
                        person_id: *person,
                    },
                )
                .await?;
            println!("created user {} ({})", user.username, user.role);
        }
        UserCommand::Passwd { username } => {
            let password = read_password()?;
            store
                .set_password("cli", username, &password)
                .await
                .map_err(|e| match e {
                    hrx_store::StoreError::NotFound => anyhow::anyhow!("no user {username:?}"),
                    other => other.into(),
                })?;
            println!("password changed for {username}; their sessions were ended");
        }
        UserCommand::List => {
            println!(
                "{:<24} {:<10} {:<30} {:>6} {:>6}",
                "USERNAME", "ROLE", "CAPABILITIES", "ORG", "PERSON"
            );
            for u in store.users().await? {
                println!(
                    "{:<24} {:<10} {:<30} {:>6} {:>6}{}",
                    u.username,
                    u.role,
                    u.capabilities,
                    u.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
                    u.person_id.map(|p| p.to_string()).unwrap_or_default(),
                    if u.disabled { " (disabled)" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, before the
/// server says it is listening, so that a signal sent right after is never lost.
/// How long requests in flight may take to finish once shutdown has begun.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

/// Serves `app` on `listener` until `shutdown`, then lets requests in flight finish. Each
/// connection gets its client address (`ConnectInfo`) and `header_timeout` to send a
/// request's headers, after which it is closed (`axum::serve` sets no such timeout, so a
/// half-sent request held its connection for ever).
async fn serve_http(
    listener: TcpListener,
    app: axum::Router,
    header_timeout: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, then go on.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let with_client = tower::ServiceBuilder::new()
            .map_request(move |mut request: axum::http::Request<_>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(client));
                request
            })
            .service(app.clone());
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(with_client));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %client, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after the grace period were cut off");
        }
    }
}

fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot install the SIGTERM handler")?;
    let ctrl_c = tokio::signal::ctrl_c();
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = ctrl_c => {},
            _ = terminate.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        tracing::info!("shutting down: finishing requests in flight");
    })
}
