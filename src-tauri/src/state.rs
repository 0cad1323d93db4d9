//! What the desktop shell holds between commands: the claim on the vault folder, the unlocked
//! vault (if any), a recovery key waiting to be confirmed, and the idle timer.
//!
//! Invariant: record data lives only inside `Vault`; locking drops it, which closes the
//! database and wipes the key. Mutexes are taken in the order `open` → `idle`.

use crate::ipc::{AppStatus, IpcError, IpcResult, LockReason, VaultState};
use rapport_core::clock::{Clock, SystemClock};
use rapport_core::idle::IdleTimer;
use rapport_core::recovery::RecoveryKey;
use rapport_core::vault::{self, DirLock, DirState, Vault, VaultDir};
use rapport_core::{Error, settings};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Shortens what counts as a "minute" for the auto-lock timer (1–60 seconds), so end-to-end
/// tests can watch the one-minute setting fire. It can only make locking sooner.
pub const MINUTE_SECONDS_ENV: &str = "RAPPORT_MINUTE_SECONDS";

#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

pub struct Shared {
    pub dir: VaultDir,
    pub clock: Arc<dyn Clock>,
    minute: Duration,
    claim: Mutex<Option<DirLock>>,
    open: Mutex<Open>,
    idle: Mutex<IdleTimer>,
}

#[derive(Default)]
pub struct Open {
    pub vault: Option<Vault>,
    /// Shown once after creation or regeneration, kept only until the user confirms.
    pub pending_recovery: Option<RecoveryKey>,
}

fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock must not make the vault unreachable for the session.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn new(dir: VaultDir) -> Self {
        let minute = std::env::var(MINUTE_SECONDS_ENV)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|s| (1..=60).contains(s))
            .map_or(Duration::from_secs(60), Duration::from_secs);
        let claim = DirLock::acquire(dir.clone()).ok();
        let timeout = minute * settings::AUTO_LOCK_DEFAULT;
        AppState(Arc::new(Shared {
            dir,
            clock: Arc::new(SystemClock),
            minute,
            claim: Mutex::new(claim),
            open: Mutex::new(Open::default()),
            idle: Mutex::new(IdleTimer::new(Instant::now(), timeout)),
        }))
    }
}

impl Shared {
    /// Claims the folder if an earlier attempt found it in use.
    fn ensure_claim(&self) -> Result<(), Error> {
        let mut claim = guard(&self.claim);
        if claim.is_none() {
            *claim = Some(DirLock::acquire(self.dir.clone())?);
        }
        Ok(())
    }

    pub fn status(&self) -> AppStatus {
        let mut status = AppStatus {
            state: VaultState::None,
            vault_dir: self.dir.root().display().to_string(),
            unlock_wait_secs: None,
            sample: false,
            version: rapport_core::VERSION.into(),
            problem: None,
            recovery_key_confirmed: false,
            auto_lock_minutes: settings::AUTO_LOCK_DEFAULT,
        };
        if let Err(e) = self.ensure_claim() {
            status.state = if matches!(e, Error::InUse { .. }) {
                VaultState::InUse
            } else {
                VaultState::Unavailable
            };
            status.problem = Some(e.into());
            return status;
        }
        let open = guard(&self.open);
        if let Some(v) = &open.vault {
            status.state = VaultState::Unlocked;
            match v.settings() {
                Ok(s) => {
                    status.recovery_key_confirmed = s.recovery_key_confirmed_at.is_some();
                    status.auto_lock_minutes = s.auto_lock_minutes;
                }
                Err(e) => status.problem = Some(e.into()),
            }
            return status;
        }
        match self.dir.state() {
            Ok(DirState::Empty) => status.state = VaultState::None,
            Ok(DirState::Vault) => {
                status.state = VaultState::Locked;
                status.unlock_wait_secs =
                    vault::unlock_wait(&self.dir, self.clock.as_ref()).ok().flatten();
            }
            Err(e) => {
                status.state = VaultState::Unavailable;
                status.problem = Some(e.into());
            }
        }
        status
    }

    /// Runs `f` with the claim on the folder (for create and unlock).
    pub fn with_claim<T>(&self, f: impl FnOnce(&DirLock) -> Result<T, Error>) -> IpcResult<T> {
        self.ensure_claim()?;
        let claim = guard(&self.claim);
        let lock = claim
            .as_ref()
            .ok_or_else(|| IpcError::from(Error::InUse { path: self.dir.root().to_path_buf() }))?;
        Ok(f(lock)?)
    }

    /// Makes `vault` the open vault and arms the idle timer with its setting.
    pub fn install(&self, vault: Vault, pending_recovery: Option<RecoveryKey>) {
        let minutes =
            vault.settings().map(|s| s.auto_lock_minutes).unwrap_or(settings::AUTO_LOCK_DEFAULT);
        let mut open = guard(&self.open);
        open.vault = Some(vault);
        open.pending_recovery = pending_recovery;
        let mut idle = guard(&self.idle);
        idle.set_timeout(self.minute * minutes);
        idle.touch(Instant::now());
    }

    /// Runs `f` on the unlocked vault; counts as activity.
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Open) -> Result<T, Error>) -> IpcResult<T> {
        let mut open = guard(&self.open);
        if open.vault.is_none() {
            return Err(Error::Locked.into());
        }
        guard(&self.idle).touch(Instant::now());
        Ok(f(&mut open)?)
    }

    pub fn set_auto_lock_minutes(&self, minutes: u32) -> IpcResult<settings::Settings> {
        let s = self.with_vault(|open| vault_mut(open)?.set_auto_lock_minutes(minutes))?;
        guard(&self.idle).set_timeout(self.minute * s.auto_lock_minutes);
        Ok(s)
    }

    pub fn touch(&self) {
        if guard(&self.open).vault.is_some() {
            guard(&self.idle).touch(Instant::now());
        }
    }

    /// Locks if unlocked. Returns whether there was anything to lock.
    pub fn lock(&self, reason: LockReason) -> bool {
        let mut open = guard(&self.open);
        open.pending_recovery = None;
        match open.vault.take() {
            Some(v) => {
                // The lock itself cannot fail to happen: the vault is dropped either way.
                let _ = v.lock(matches!(reason, LockReason::Idle));
                true
            }
            None => false,
        }
    }

    /// Locks when the idle timer has run out; used by the background watcher.
    pub fn lock_if_idle(&self) -> bool {
        let open = guard(&self.open);
        if open.vault.is_none() || !guard(&self.idle).expired(Instant::now()) {
            return false;
        }
        drop(open);
        self.lock(LockReason::Idle)
    }

    pub fn idle_minutes(&self) -> u32 {
        let idle = guard(&self.idle);
        (idle.timeout().as_secs() / self.minute.as_secs().max(1)).max(1) as u32
    }
}

pub fn vault_mut(open: &mut Open) -> Result<&mut Vault, Error> {
    open.vault.as_mut().ok_or(Error::Locked)
}
