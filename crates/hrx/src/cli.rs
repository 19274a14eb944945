use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// HRX: international exchange and cooperation records of the human-resources ministry.
#[derive(Debug, Parser)]
#[command(name = "hrx", version, about)]
pub struct Cli {
    /// Directory for the embedded SQLite database and uploaded files.
    #[arg(long, env = "HRX_DATA_DIR", default_value = "hrx-data", global = true)]
    pub data_dir: PathBuf,
    /// Database URL; `postgres://…` selects PostgreSQL. Default: SQLite in the data directory.
    #[arg(long, env = "HRX_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log format on standard error.
    #[arg(
        long,
        env = "HRX_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (creates and migrates the database as needed).
    Serve(Serve),
    /// Apply database migrations and load reference data, then exit.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Work permits.
    #[command(subcommand)]
    Permits(PermitsCommand),
    /// Social-security agreements and certificates of coverage.
    #[command(subcommand)]
    Coverage(CoverageCommand),
    /// ILO conventions: the reporting calendar's configuration.
    #[command(subcommand)]
    Conventions(ConventionsCommand),
    /// Import records in bulk from a CSV or XLSX file: study-abroad, foreign-students,
    /// work-permits, coverage-certificates, training-abroad, experts, cooperation-events or
    /// io-vacancies (layouts in
    /// docs/import-formats.md and the README). Every row is checked; by default a file with
    /// any invalid row writes nothing and the report names each row, column, value and
    /// reason. Exits 1 when the file is refused.
    Import(Import),
    /// Write a seeded synthetic file in an import format (benchmarks, demonstrations). The
    /// same seed gives the same file.
    #[command(subcommand)]
    Generate(GenerateCommand),
    /// Fill an empty database with the seeded synthetic demo dataset (study abroad, foreign
    /// students, work permits, certificates of coverage, training abroad) whose 2009 figures
    /// equal the published ones.
    Demo(Demo),
    /// The maintained figures of the published statistics.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// Write a consistent online copy of the SQLite database to DEST (for PostgreSQL, print
    /// the pg_dump command to use).
    Backup { dest: PathBuf },
    /// Identity resolution: the matching engine measured on labelled pairs.
    #[command(subcommand)]
    Persons(PersonsCommand),
}

#[derive(Debug, Subcommand)]
pub enum PersonsCommand {
    /// Score seeded labelled pairs (hanzi and pinyin, renewed passports, typos, swapped day
    /// and month, namesakes, twins) with the shipped weights and print precision and recall of
    /// the automatic links by kind of pair; then block and compare a seeded registry of
    /// --registry persons and print the pairs compared and the time taken. The weights were
    /// set on seed 1: measure on another.
    MatchBench {
        #[arg(long, default_value_t = 2)]
        seed: u64,
        #[arg(long, default_value_t = 20_000)]
        pairs: usize,
        /// Persons of the registry whose name frequencies the scores use.
        #[arg(long, default_value_t = 1_600_000)]
        registry: usize,
        /// Persons of the seeded registry that is blocked and compared (0: none).
        #[arg(long, default_value_t = 1_600_000)]
        block: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Study-abroad episodes of citizens, 1978 onwards.
    StudyAbroad {
        /// Distinct people.
        #[arg(long, default_value_t = 1_620_000)]
        persons: u64,
        /// Rows; those beyond --persons are second periods abroad (default: one per person).
        #[arg(long)]
        episodes: Option<u64>,
        /// People who have returned by the end of --last-year (default: 30.7% of them).
        #[arg(long)]
        returned: Option<u64>,
        #[arg(long, default_value_t = 1978)]
        first_year: i32,
        #[arg(long, default_value_t = 2009)]
        last_year: i32,
        #[arg(long, default_value_t = 2009)]
        seed: u64,
        /// The CSV file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct Import {
    /// study-abroad, foreign-students, work-permits, coverage-certificates, training-abroad,
    /// experts, cooperation-events or io-vacancies.
    pub kind: String,
    /// The CSV (UTF-8, header row) or XLSX file.
    pub file: PathBuf,
    /// Write the valid rows and put the invalid ones, with a reason column, in a rejects file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Where the rejects go with --skip-invalid (default: FILE.rejects.csv).
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Ignore columns the format does not know instead of refusing the file.
    #[arg(long)]
    pub ignore_unknown_columns: bool,
    /// The name recorded in the audit log as the importer.
    #[arg(long, default_value = "import")]
    pub actor: String,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct Demo {
    /// 1 gives the published figures; smaller scales give a smaller dataset (tests, trials).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    #[arg(long, default_value_t = 2009)]
    pub seed: u64,
    /// Keep the generated CSV files (in DATA_DIR/demo) after loading them, for comparisons.
    #[arg(long)]
    pub keep_files: bool,
}

#[derive(Debug, clap::Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, env = "HRX_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Send cookies without the Secure flag (only for plain-HTTP deployments on a network
    /// other than localhost; browsers accept Secure cookies from http://localhost).
    #[arg(long, env = "HRX_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// Client addresses that may read /metrics without signing in (a Prometheus scraper),
    /// comma-separated; otherwise only administrators may.
    #[arg(long, env = "HRX_METRICS_FROM", value_delimiter = ',')]
    pub metrics_from: Vec<std::net::IpAddr>,
    /// Seconds a client may take to send a request's headers before its connection is closed.
    #[arg(long, env = "HRX_HEADER_TIMEOUT_SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout_seconds: u64,
    /// A browser session ends this many hours after sign-in.
    #[arg(long, env = "HRX_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(i64).range(1..=720))]
    pub session_hours: i64,
    /// A browser session ends after this many minutes without a request.
    #[arg(long, env = "HRX_SESSION_IDLE_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(i64).range(1..=1440))]
    pub session_idle_minutes: i64,
    /// Requests a client address may make to the public checks and calculators in a minute
    /// (a benchmark sets it high).
    #[arg(long, env = "HRX_PUBLIC_REQUESTS_PER_MINUTE", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub public_requests_per_minute: u32,
    /// On an empty database, load the synthetic demo dataset before serving.
    #[arg(long)]
    pub demo: bool,
    /// The demo dataset's scale (with --demo).
    #[arg(long, default_value_t = 1.0)]
    pub demo_scale: f64,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password comes from HRX_PASSWORD or standard input.
    Add {
        username: String,
        /// admin, officer, reviewer, employer or applicant.
        #[arg(long)]
        role: String,
        /// For officers: comma-separated capabilities (registry, work_permits, coverage, ...).
        #[arg(long)]
        capabilities: Option<String>,
        /// For employer users: the organisation they act for.
        #[arg(long)]
        organisation: Option<i64>,
        /// For applicants: the person they are.
        #[arg(long)]
        person: Option<i64>,
    },
    /// Set a user's password (from HRX_PASSWORD or standard input) and end their sessions.
    Passwd { username: String },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Recompute every maintained figure from the records (one transaction).
    Rebuild,
    /// Compare the maintained figures with a recompute from the records; exits 2 and lists
    /// the rows that differ.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify every link of the audit chain; exits 2 and names the first broken link.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum PermitsCommand {
    /// Score an applicant profile (JSON, as POST /api/v1/work-permits/assessments takes it)
    /// on the points table; `-` reads standard input. Exits 1 and names the fields that are
    /// out of range.
    Assess { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum CoverageCommand {
    /// Decide what an agreement provides for a posting (JSON, as POST
    /// /api/v1/coverage/determinations takes it), on the agreements in the database; `-`
    /// reads standard input. Exits 1 and names the fields that are refused.
    Determine {
        file: PathBuf,
        /// Language of the reasons: `en` or `zh-CN`.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConventionsCommand {
    /// Set the year a country group reports in (as PUT /api/v1/conventions/reporting-groups
    /// does), audited as the system; the calendar follows at once. Prints the groups; exits 1
    /// and names the fields refused (a cycle length not configured, an unknown group, a year
    /// before 1919).
    BaseYear {
        /// Cycle length in years (3 or 6 today; 2 and 5 for the historical calendar).
        #[arg(long)]
        cycle: i32,
        /// The country group (`A-F`).
        #[arg(long)]
        group: String,
        /// The year the group reports in.
        #[arg(long)]
        year: i32,
    },
}
