//! Runs the real `hrx` binary as a child process for end-to-end tests.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

/// One `hrx serve` process; killed when dropped.
pub struct Server {
    pub base: String,
    child: Child,
    pub data_dir: PathBuf,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

pub fn hrx() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hrx"))
}

impl Server {
    /// Starts `hrx serve` on a free port over `database_url` (or SQLite in a new data dir).
    pub async fn start(database_url: Option<&str>) -> Server {
        Server::start_with(database_url, &[]).await
    }

    /// The same, with further `serve` arguments (such as `--demo`).
    pub async fn start_with(database_url: Option<&str>, args: &[&str]) -> Server {
        let server = Server::spawn(database_url, args);
        server.wait_for("/readyz").await;
        server
    }

    /// Starts `hrx serve` and returns as soon as it listens (`/healthz`), before it is ready:
    /// for what a user meets while `--demo` loads.
    pub async fn start_listening(args: &[&str]) -> Server {
        let server = Server::spawn(None, args);
        server.wait_for("/healthz").await;
        server
    }

    fn spawn(database_url: Option<&str>, args: &[&str]) -> Server {
        let port = free_port();
        let data_dir = std::env::temp_dir().join(format!(
            "hrx-e2e-{}",
            hrx_store::random_name().unwrap_or_default()
        ));
        let mut command = hrx();
        command
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .args(args)
            .env("HRX_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("HRX_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        match database_url {
            Some(url) => command.env("HRX_DATABASE_URL", url),
            None => command.env_remove("HRX_DATABASE_URL"),
        };
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start hrx: {e}"));
        Server {
            base: format!("http://127.0.0.1:{port}"),
            child,
            data_dir,
        }
    }

    async fn wait_for(&self, path: &str) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(r) = client.get(format!("{}{path}", self.base)).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("hrx did not answer {path} at {}", self.base);
    }

    /// An API token for a user.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("token: {e}"));
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        body["token"].as_str().unwrap_or_default().to_owned()
    }
}

impl Server {
    /// Stops the process with SIGKILL, as a power cut would, keeping its data directory.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
