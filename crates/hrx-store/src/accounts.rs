//! Users, password hashes (Argon2id), sessions, API tokens and sign-in throttling. Sessions
//! live in the database so that any `hrx serve` process can answer any request.

use crate::audit::Change;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, Store, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, Utc};
use hrx_domain::access::{Capability, Principal, Role};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

/// Failed sign-ins allowed per user name within the window before sign-in is refused.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;
/// After `MAX_FAILED_LOGINS` failures in the window, the wait before the next attempt; it
/// doubles with each further failure.
pub const FIRST_DELAY_SECONDS: i64 = 5;
pub const BROWSER_SESSION_HOURS: i64 = 12;
/// A browser session unused this long has ended (the default; `hrx serve` may set another).
pub const SESSION_IDLE_MINUTES: i64 = 60;
pub const API_TOKEN_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub capabilities: String,
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub capabilities: Vec<Capability>,
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Browser,
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::Api => "api",
        }
    }
}

/// A new session: the token goes to the client once; only its hash is stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

pub fn random_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Config(format!("random source: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn validate_username(username: &str) -> Result<(), &'static str> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !(3..=64).contains(&username.len()) {
        Err("length")
    } else if !ok_chars {
        Err("format")
    } else {
        Ok(())
    }
}

pub fn validate_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < 10 {
        Err("too_short")
    } else if password.len() > 1024 {
        Err("too_long")
    } else {
        Ok(())
    }
}

async fn hash_password(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| StoreError::Config(format!("random source: {e}")))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Config(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Config(e.to_string()))
    })
    .await
    .map_err(|e| StoreError::Config(e.to_string()))?
}

/// Password verifications: each Argon2id verification holds 19 MiB and a blocking thread, so
/// a flood of sign-ins queues here rather than grows the process.
pub(crate) struct Verifier {
    /// Verifications at once: one per core.
    running: tokio::sync::Semaphore,
    /// Sign-ins admitted to wait (those verifying included); beyond them the answer is `Busy`
    /// at once, before any hashing.
    admitted: tokio::sync::Semaphore,
}

impl Verifier {
    pub(crate) fn new() -> Verifier {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Verifier {
            running: tokio::sync::Semaphore::new(cores),
            admitted: tokio::sync::Semaphore::new(cores * 8),
        }
    }
}

/// Verifies a password against its hash in one of the bounded slots; `Busy` at once when the
/// queue is full.
async fn verify_password(
    verifier: &Verifier,
    password: String,
    hash: String,
) -> Result<bool, StoreError> {
    let _admitted = verifier
        .admitted
        .try_acquire()
        .map_err(|_| StoreError::Busy)?;
    let permit = verifier
        .running
        .acquire()
        .await
        .map_err(|_| StoreError::Busy)?;
    let verified = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    drop(permit);
    Ok(verified)
}

/// Verified against when the user name is unknown, so that the answer takes as long.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9UaTBvkp6o9JO1xXHspUaWd+ZnQKDkOdJcuW2ZCWgO8";

const USER_COLUMNS: &str =
    "id, username, role, capabilities, organisation_id, person_id, disabled, created_at";

fn user(row: &AnyRow) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: int(row, "id")?,
        username: text(row, "username")?,
        role: text(row, "role")?,
        capabilities: text(row, "capabilities")?,
        organisation_id: opt_int(row, "organisation_id")?,
        person_id: opt_int(row, "person_id")?,
        disabled: int(row, "disabled")? != 0,
        created_at: text(row, "created_at")?,
    })
}

impl UserRecord {
    pub fn principal(&self) -> Result<Principal, StoreError> {
        Ok(Principal {
            user_id: self.id,
            username: self.username.clone(),
            role: Role::parse(&self.role).map_err(|e| StoreError::Integrity(e.into()))?,
            capabilities: Capability::parse_list(&self.capabilities)
                .map_err(|e| StoreError::Integrity(e.into()))?,
            organisation_id: self.organisation_id,
            person_id: self.person_id,
        })
    }
}

impl Store {
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM app_user")
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn create_user(&self, actor: &str, new: &NewUser) -> Result<UserRecord, StoreError> {
        validate_username(&new.username).map_err(|_| {
            StoreError::Config(format!(
                "user name {:?}: 3 to 64 characters of a-z, 0-9, '.', '_' or '-'",
                new.username
            ))
        })?;
        validate_password(&new.password)
            .map_err(|_| StoreError::Config("the password needs 10 characters or more".into()))?;
        match new.role {
            Role::Employer if new.organisation_id.is_none() => {
                return Err(StoreError::Config(
                    "an employer user is bound to an organisation".into(),
                ))
            }
            Role::Applicant if new.person_id.is_none() => {
                return Err(StoreError::Config(
                    "an applicant is bound to a person".into(),
                ))
            }
            _ => {}
        }
        let hash = hash_password(new.password.clone()).await?;
        let capabilities: Vec<&str> = new.capabilities.iter().map(|c| c.code()).collect();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO app_user (username, password_hash, role, capabilities, organisation_id, person_id, \
             disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id",
        )
        .bind(&new.username)
        .bind(hash)
        .bind(new.role.code())
        .bind(capabilities.join(","))
        .bind(new.organisation_id)
        .bind(new.person_id)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::from_constraint(
                e,
                &[("app_user_username_key", "username"), ("app_user.username", "username")],
            )
        })?;
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM app_user WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let record = user(&row)?;
        self.commit_created(tx, actor, ("user", id), record).await
    }

    /// Sets a new password and ends every session and token of the user.
    pub async fn set_password(
        &self,
        actor: &str,
        username: &str,
        password: &str,
    ) -> Result<(), StoreError> {
        validate_password(password)
            .map_err(|_| StoreError::Config("the password needs 10 characters or more".into()))?;
        let hash = hash_password(password.to_owned()).await?;
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        let id = id.ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_session WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit_audited(
            tx,
            Change {
                actor,
                action: "set_password",
                entity_type: "user",
                entity_id: id.to_string(),
                before: None,
                after: None,
            },
        )
        .await?;
        Ok(())
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(&format!(
                "SELECT {USER_COLUMNS} FROM app_user ORDER BY username"
            )),
            user,
        )
        .await
    }

    pub async fn users_bound_to(
        &self,
        organisation_id: Option<i64>,
        person_id: Option<i64>,
    ) -> Result<Vec<UserRecord>, StoreError> {
        fetch_all_as(
&self.pool,sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM app_user WHERE organisation_id = $1 OR person_id = $2 ORDER BY username"
        ))
        .bind(organisation_id.unwrap_or(-1))
        .bind(person_id.unwrap_or(-1)), user).await
    }

    /// Checks a user name and password. After too many recent failures for that name the
    /// answer is `Throttled` whatever the password, until the window has passed.
    pub async fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<Principal>, StoreError> {
        let username = username.trim().to_lowercase();
        if validate_username(&username).is_err() {
            // No such account can exist; nothing to count or record.
            verify_password(&self.verifier, password.to_owned(), DUMMY_HASH.to_owned()).await?;
            return Ok(None);
        }
        let attempt = self.reserve_attempt(&username).await?;
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM app_user WHERE username = $1"
        ))
        .bind(&username)
        .fetch_optional(&self.pool)
        .await?;
        let (record, hash) = match &row {
            Some(r) => (Some(user(r)?), text(r, "password_hash")?),
            None => (None, DUMMY_HASH.to_owned()),
        };
        let verified = verify_password(&self.verifier, password.to_owned(), hash).await?;
        let accepted = verified && record.as_ref().is_some_and(|u| !u.disabled);
        if accepted {
            sqlx::query("UPDATE login_attempt SET succeeded = 1 WHERE id = $1")
                .bind(attempt)
                .execute(&self.pool)
                .await?;
        }
        match record {
            Some(u) if accepted => Ok(Some(u.principal()?)),
            _ => Ok(None),
        }
    }

    /// Records a sign-in attempt as failed before the password is verified, in a transaction
    /// that sees every earlier attempt on the name (SQLite's single writer; on PostgreSQL a
    /// lock on the name): however many arrive at once, at most `MAX_FAILED_LOGINS` in the
    /// window are ever verified. A verified password marks its attempt succeeded afterwards.
    /// Attempts older than a day are pruned on the way.
    async fn reserve_attempt(&self, username: &str) -> Result<i64, StoreError> {
        let since = (Utc::now() - Duration::minutes(LOGIN_WINDOW_MINUTES))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        let day_ago = (Utc::now() - Duration::days(1))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        let mut tx = self.begin_write().await?;
        if self.backend == crate::Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::text")
                .bind(format!("login:{username}"))
                .execute(&mut *tx)
                .await?;
        }
        // Every name's attempts older than a day go, not only this name's: names tried once
        // (a spray over invented names) would otherwise stay for ever.
        sqlx::query("DELETE FROM login_attempt WHERE at < $1")
            .bind(day_ago)
            .execute(&mut *tx)
            .await?;
        let recent = sqlx::query(
            "SELECT COUNT(*) AS failures, MAX(at) AS latest FROM login_attempt \
             WHERE username = $1 AND at >= $2 AND succeeded = 0",
        )
        .bind(username)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        let failures = int(&recent, "failures")?;
        if failures >= MAX_FAILED_LOGINS {
            // Not a lock but a delay that doubles with each further failure (5 s, 10 s,
            // 20 s ... at most the window): whoever types wrong passwords cannot keep the
            // real user out for long, and cannot try quickly either.
            let doublings = u32::try_from(failures - MAX_FAILED_LOGINS)
                .unwrap_or(u32::MAX)
                .min(16);
            let delay = Duration::seconds(FIRST_DELAY_SECONDS.saturating_mul(1 << doublings))
                .min(Duration::minutes(LOGIN_WINDOW_MINUTES));
            let latest = opt_text(&recent, "latest")?.unwrap_or_default();
            let free_from = (Utc::now() - delay)
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string();
            if latest > free_from {
                return Err(StoreError::Throttled);
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO login_attempt (username, at, succeeded) VALUES ($1, $2, 0) RETURNING id",
        )
        .bind(username)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A new session of `kind` for the user, ending after `hours` whatever its use.
    pub async fn create_session(
        &self,
        user_id: i64,
        kind: SessionKind,
        hours: i64,
    ) -> Result<NewSession, StoreError> {
        let token = random_token()?;
        let csrf_token = random_token()?;
        let expires = (Utc::now() + Duration::hours(hours))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        sqlx::query(
            "INSERT INTO user_session (token_hash, user_id, kind, csrf_token, created_at, expires_at, \
             last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $5)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(kind.code())
        .bind(&csrf_token)
        .bind(now())
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(NewSession { token, csrf_token })
    }

    /// The principal behind a session or API token that has not expired, with the session's
    /// CSRF token. With `idle`, a session unused for longer has ended too; its use is
    /// recorded (at most once a minute).
    pub async fn session(
        &self,
        token: &str,
        kind: SessionKind,
        idle: Option<Duration>,
    ) -> Result<Option<(Principal, String)>, StoreError> {
        let stamp = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        let now_at = Utc::now();
        let row = sqlx::query(
            "SELECT u.id, u.username, u.role, u.capabilities, u.organisation_id, u.person_id, u.disabled, \
             u.created_at, s.csrf_token, s.last_seen_at FROM user_session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3",
        )
        .bind(token_hash(token))
        .bind(kind.code())
        .bind(stamp(now_at))
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let u = user(&r)?;
        if u.disabled {
            return Ok(None);
        }
        if let Some(idle) = idle {
            let last_seen = opt_text(&r, "last_seen_at")?;
            if last_seen
                .as_deref()
                .is_some_and(|seen| seen <= stamp(now_at - idle).as_str())
            {
                return Ok(None);
            }
            if last_seen.is_none_or(|seen| seen <= stamp(now_at - Duration::minutes(1))) {
                sqlx::query("UPDATE user_session SET last_seen_at = $1 WHERE token_hash = $2")
                    .bind(stamp(now_at))
                    .bind(token_hash(token))
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(Some((u.principal()?, text(&r, "csrf_token")?)))
    }

    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
