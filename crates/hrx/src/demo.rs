//! `hrx demo` and `hrx serve --demo`: a seeded, clearly synthetic dataset (every institution
//! and employer "Synthetic …", every reference `SYN…`, imported by the actor `demo`) whose
//! computed 2009 figures equal the published ones, loaded through the import engine.

use anyhow::{bail, Context};
use hrx_domain::cooperation::events::{ChineseRole, PartnerRole};
use hrx_domain::imports::ImportKind;
use hrx_domain::synthetic::{
    write_coverage_certificates, write_experts, write_foreign_students, write_study_abroad,
    write_training_abroad, write_work_permits, CoveragePlan, ExpertPlan, ForeignStudentPlan,
    StudyAbroadPlan, TrainingPlan, WorkPermitPlan,
};
use hrx_store::cooperation::{NewEvent, ProjectFields};
use hrx_store::imports::{ImportOptions, Progress};
use hrx_store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the demo's progress goes: the console, and while `serve --demo` loads, the page
/// the server shows meanwhile.
pub type Say = dyn Fn(&str) + Send + Sync;

/// Prints a line of progress.
pub fn print(line: &str) {
    println!("{line}");
}

/// The published 2009 figures the full dataset reproduces.
pub const STUDY_ABROAD_PERSONS: u64 = 1_620_700;
pub const STUDY_ABROAD_RETURNED: u64 = 497_400;
pub const FOREIGN_STUDENT_PERSON_TIMES: u64 = 1_690_000;
pub const FOREIGN_STUDENT_COUNTRIES: usize = 190;
pub const VALID_PERMITS: u64 = 223_000;
/// Certificates of coverage at scale 1 (no published figure: a plausible volume, 2002–2025).
pub const COVERAGE_CERTIFICATES: u64 = 30_000;
/// The fewest certificates at any scale, so that a small dataset still has 2009 figures.
const MIN_COVERAGE_CERTIFICATES: u64 = 300;

/// The plans of the dataset at a scale (1.0: the published figures).
pub struct DemoPlans {
    pub study_abroad: StudyAbroadPlan,
    pub foreign_students: ForeignStudentPlan,
    pub work_permits: WorkPermitPlan,
    pub coverage: CoveragePlan,
    /// Person-times sent abroad on training, 2006–2011 (2009: the published 50,200).
    pub training: TrainingPlan,
    /// Expert engagements of 2009 (the published 480,000 person-times).
    pub experts: ExpertPlan,
}

fn scaled(n: u64, scale: f64) -> u64 {
    ((n as f64) * scale).round().max(1.0) as u64
}

pub fn plans(scale: f64, seed: u64) -> anyhow::Result<DemoPlans> {
    if !(scale > 0.0 && scale <= 10.0) {
        bail!("--scale must be above 0 and at most 10");
    }
    let persons = scaled(STUDY_ABROAD_PERSONS, scale);
    let end_2009 = chrono::NaiveDate::from_ymd_opt(2009, 12, 31).context("date")?;
    let mut foreign_students = ForeignStudentPlan::demo(seed);
    foreign_students.enrolments_person_times = scaled(FOREIGN_STUDENT_PERSON_TIMES, scale);
    // Every country needs a few enrolments; a very small scale has fewer countries.
    foreign_students.countries = FOREIGN_STUDENT_COUNTRIES
        .min((foreign_students.enrolments_person_times / 5) as usize)
        .max(1);
    let mut work_permits = WorkPermitPlan::demo(seed);
    work_permits.valid_persons = scaled(VALID_PERMITS, scale);
    work_permits.lapsed_persons = scaled(work_permits.lapsed_persons, scale);
    work_permits.employers = (scaled(u64::from(work_permits.employers), scale) as u32).max(5);
    let mut coverage = CoveragePlan::demo(seed);
    coverage.certificates = scaled(COVERAGE_CERTIFICATES, scale).max(MIN_COVERAGE_CERTIFICATES);
    let mut training = TrainingPlan::demo(seed);
    for (_, person_times) in &mut training.person_times {
        *person_times = scaled(*person_times, scale);
    }
    let mut experts = ExpertPlan::demo(seed);
    for (_, person_times) in &mut experts.person_times {
        *person_times = scaled(*person_times, scale);
    }
    Ok(DemoPlans {
        experts,
        study_abroad: StudyAbroadPlan {
            seed,
            persons,
            // One person in ten has a second period abroad.
            episodes: persons + persons / 10,
            returned: scaled(STUDY_ABROAD_RETURNED, scale),
            first_year: 1978,
            last_year: 2009,
            returned_by: end_2009,
        },
        foreign_students,
        work_permits,
        coverage,
        training,
    })
}

/// Whether the database is free of the records the demo dataset adds.
pub async fn ensure_empty(store: &Store) -> anyhow::Result<bool> {
    Ok(!store.holds_statistical_records().await?)
}

fn write_file(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    write(&mut w)?;
    w.flush()?;
    Ok(())
}

/// Chinese nationals in international organisations at the end of 2009 (white paper).
pub const NATIONALS_IN_IOS: u64 = 1_002;

/// Adds the synthetic nationals serving in international organisations: exactly
/// round(1,002 × scale) counted on 31 December 2009 under the figure's default scope, beside
/// records the scope or the date leaves out.
async fn intorgs(store: &Store, seed: u64, scale: f64, say: &Say) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let people = hrx_domain::synthetic::intorgs::serving(seed, scaled(NATIONALS_IN_IOS, scale));
    let mut records = 0;
    for p in &people {
        let input = hrx_domain::registry::PersonInput {
            name_native: Some(p.native.clone()),
            name_latin: Some(format!("{} {}", p.family, p.given)),
            sex: Some(p.sex.into()),
            birth_date: Some(p.birth_date.to_string()),
            nationality: Some(p.nationality.into()),
            passport_country: Some(p.nationality.into()),
            passport_number: Some(p.passport.clone()),
            passport_expiry: Some("2030-12-31".into()),
            ..Default::default()
        };
        let person = hrx_domain::registry::Person::parse(&input, today)
            .map_err(|e| anyhow::anyhow!("demo person: {e:?}"))?;
        let person = store.create_person("demo", &person).await?;
        for r in &p.records {
            let serving = hrx_store::intorgs::ServingInput {
                person_id: person.id,
                organisation: r.organisation.into(),
                grade: r.grade.into(),
                duty_station: r.duty_station.into(),
                appointment_type: r.appointment_type.into(),
                subject_to_geo: None,
                start_date: r.start.to_string(),
                end_date: r.end.map(|d| d.to_string()).unwrap_or_default(),
                source: "organisation_report".into(),
            };
            store.create_io_serving("demo", &serving).await?;
            records += 1;
        }
    }
    say(&format!(
        "demo: international organisations — {} synthetic nationals, {records} serving records",
        people.len()
    ));
    Ok(())
}

/// Adds the synthetic memoranda and bilateral meetings of the cooperation capability, with
/// countries that have no instrument on record yet, and one real project as an example.
async fn cooperation(store: &Store, seed: u64, say: &Say) -> anyhow::Result<()> {
    let on_record: Vec<String> = store
        .coop_agreements(chrono::Utc::now().date_naive())
        .await?
        .iter()
        .flat_map(|a| a.partners.iter().map(|p| p.code.clone()))
        .collect();
    let taken: Vec<&str> = on_record.iter().map(String::as_str).collect();
    let demo = hrx_domain::synthetic::cooperation::cooperation(seed, &taken);
    for a in &demo.agreements {
        store.create_coop_agreement("demo", a, &[]).await?;
    }
    for (event, counterpart) in &demo.events {
        let new = NewEvent {
            event: event.clone(),
            chinese_role: Some(ChineseRole::Host),
            partners: vec![(counterpart.clone(), PartnerRole::Counterpart)],
        };
        store.create_coop_event("demo", &new).await?;
    }
    // The spec's example of a project's life cycle: approved, closing date extended, closed.
    store
        .create_coop_project(
            "demo",
            &ProjectFields {
                code: "P058308".into(),
                title_en: "China Pension Reform Project".into(),
                title_zh: "中国养老保险改革项目".into(),
                partner: "WBG".into(),
                funding: "loan".into(),
                budget: "5000000".into(),
                currency: "USD".into(),
                implementing_unit: "MOLSS".into(),
                approved_on: "1999-06-01".into(),
                starts_on: "1999-06-01".into(),
                planned_end_on: "2002-12-31".into(),
                actual_end_on: "2005-12-31".into(),
                completion_report_on: "2006-07-10".into(),
                deliverables: "Pension pilots in Heilongjiang province and Qingdao city".into(),
                source:
                    "World Bank ICR 36024 (approval month from fiscal year 1999; day unconfirmed)"
                        .into(),
                ..ProjectFields::default()
            },
        )
        .await?;
    say(&format!(
        "demo: cooperation — {} synthetic memoranda, {} bilateral meetings, 1 project",
        demo.agreements.len(),
        demo.events.len()
    ));
    Ok(())
}

/// A line of the import's progress: rows read and written, the share of the files read.
fn importing(progress: &[std::sync::Arc<Progress>], elapsed: Duration) -> String {
    use std::sync::atomic::Ordering::Relaxed;
    let (mut read, mut written, mut bytes, mut total) = (0u64, 0u64, 0u64, 0u64);
    for p in progress {
        read += p.rows_read.load(Relaxed);
        written += p.rows_written.load(Relaxed);
        bytes += p.bytes_read.load(Relaxed);
        total += p.bytes_total.load(Relaxed);
    }
    let share = (bytes * 100).checked_div(total).unwrap_or(0);
    let phase = if progress
        .iter()
        .all(|p| p.indexing.load(Relaxed) || p.finished.load(Relaxed))
    {
        "; rebuilding the indexes and the statistics"
    } else {
        ""
    };
    format!(
        "demo: importing — {read} rows read ({share}% of the files), {written} written, {:.0} s{phase}",
        elapsed.as_secs_f64()
    )
}

/// Generates the six files in `dir` and imports them; prints what it does.
pub async fn load(
    store: &Store,
    dir: &Path,
    scale: f64,
    seed: u64,
    keep_files: bool,
    say: &Say,
) -> anyhow::Result<()> {
    if !ensure_empty(store).await? {
        bail!(
            "the database already holds study, enrolment, permit, certificate or training \
             records; the synthetic demo dataset is loaded into an empty database only (use \
             another --data-dir)"
        );
    }
    let plans = plans(scale, seed)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let started = Instant::now();
    let files: [(ImportKind, PathBuf); 6] = [
        (ImportKind::StudyAbroad, dir.join("demo-study-abroad.csv")),
        (
            ImportKind::ForeignStudents,
            dir.join("demo-foreign-students.csv"),
        ),
        (ImportKind::WorkPermits, dir.join("demo-work-permits.csv")),
        (
            ImportKind::CoverageCertificates,
            dir.join("demo-coverage-certificates.csv"),
        ),
        (
            ImportKind::TrainingAbroad,
            dir.join("demo-training-abroad.csv"),
        ),
        (ImportKind::Experts, dir.join("demo-experts.csv")),
    ];
    write_file(&files[0].1, |w| write_study_abroad(&plans.study_abroad, w))?;
    write_file(&files[1].1, |w| {
        write_foreign_students(&plans.foreign_students, w)
    })?;
    write_file(&files[2].1, |w| write_work_permits(&plans.work_permits, w))?;
    write_file(&files[3].1, |w| {
        write_coverage_certificates(&plans.coverage, w)
    })?;
    write_file(&files[4].1, |w| write_training_abroad(&plans.training, w))?;
    write_file(&files[5].1, |w| write_experts(&plans.experts, w))?;
    say(&format!(
        "demo: synthetic files generated in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        dir.display()
    ));
    // One transaction for the six files: the indexes are set aside and rebuilt once, and
    // each family's statistics are computed once.
    let t = Instant::now();
    let batch = files
        .iter()
        .map(|(kind, path)| {
            let options = ImportOptions {
                kind: *kind,
                skip_invalid: false,
                ignore_unknown_columns: false,
                rejects: None,
                actor: "demo".into(),
                file_name: format!(
                    "SYNTHETIC DEMO {}",
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
                today: chrono::Local::now().date_naive(),
            };
            (path.clone(), options, Progress::new())
        })
        .collect::<Vec<_>>();
    let progress: Vec<_> = batch
        .iter()
        .map(|(_, _, p): &(PathBuf, ImportOptions, std::sync::Arc<Progress>)| p.clone())
        .collect();
    let import = store.import_files(batch);
    tokio::pin!(import);
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    tick.tick().await;
    let reports = loop {
        tokio::select! {
            done = &mut import => break done,
            _ = tick.tick() => say(&importing(&progress, t.elapsed())),
        }
    }
    .map_err(|e| anyhow::anyhow!("demo import: {e}"))?;
    for report in &reports {
        if report.status != "imported" {
            bail!(
                "the demo file of {} was refused: {:?}",
                report.kind,
                report.errors.first()
            );
        }
        say(&format!(
            "demo: {} — {} rows imported",
            report.kind, report.counts.created
        ));
    }
    say(&format!(
        "demo: imported in {:.1} s in one transaction",
        t.elapsed().as_secs_f64()
    ));
    if !keep_files {
        for (_, path) in &files {
            let _ = std::fs::remove_file(path);
        }
    }
    cooperation(store, seed, say).await?;
    intorgs(store, seed, scale, say).await?;
    say(&format!(
        "demo: synthetic dataset loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    for code in [
        "outbound_students_cumulative",
        "returned_students_cumulative",
        "foreign_students_cumulative",
        "foreign_student_source_countries",
        "work_permits_valid",
        "coverage_exemptions_active",
        "coverage_certificates_issued",
        "partner_countries",
        "trainees_sent_abroad",
        "nationals_in_international_organisations",
        "trainees_sent_abroad_persons",
        "foreign_experts_came_to_work",
        "foreign_experts_persons",
        "friendship_awards_cumulative",
        "friendship_awards_conferred",
        "istc_awards_cumulative",
    ] {
        let c = hrx_web::figures::computed(code)?;
        let p = hrx_web::figures::period("2009")?;
        let value = hrx_web::figures::value(store, &c, &p).await?;
        let published = hrx_web::figures::published(code, &p, value)
            .map(|f| {
                let over = if f.over { "more than " } else { "" };
                format!(
                    " (published {over}{}, difference {})",
                    f.value, f.difference
                )
            })
            .unwrap_or_default();
        say(&format!("demo: {code} 2009 = {value}{published}"));
    }
    Ok(())
}
