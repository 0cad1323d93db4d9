//! What the desktop shell holds between commands: which vault folder is in use (the real one,
//! or the sample practice beside it) and the claim on it, the unlocked vault (if any), a
//! recovery key waiting to be confirmed, and the idle timer.
//!
//! Invariants: record data lives only inside `Vault`; locking drops it, which closes the
//! database and wipes the key. Only one folder is claimed and open at a time, so sample and
//! real records are never side by side. Mutexes are taken in the order `place` → `open` →
//! `idle`.

use crate::ipc::{AppStatus, IpcError, IpcResult, LockReason, LockedEvent, VaultState};
use rapport_core::restore::{self, Staged};
use rapport_core::{
    AUTO_LOCK_DEFAULT, AutoLock, BackupEntry, BackupProgress, BackupReason, BackupRunner, Clock,
    DirLock, DirState, Error, IdleTimer, RecoveryKey, Result, Settings, SystemClock, Vault,
    VaultDir, VaultLoan, sample_dir_beside, unlock_wait,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Shortens what counts as a "minute" for the auto-lock timer (1–60 seconds), so end-to-end
/// tests can watch the one-minute setting fire. It can only make locking sooner.
pub const MINUTE_SECONDS_ENV: &str = "RAPPORT_MINUTE_SECONDS";

#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

pub struct Shared {
    pub clock: Arc<dyn Clock>,
    minute: Duration,
    real_dir: VaultDir,
    sample_dir: VaultDir,
    place: Mutex<Place>,
    open: Mutex<Open>,
    idle: Mutex<IdleTimer>,
    /// A restore in progress: the file chosen in the dialog, then the unpacked, verified copy.
    pub restoring: Mutex<Restoring>,
    /// Makes the backups, one at a time, taking the vault only for the steps that need it.
    backups: BackupRunner,
    /// Counts unlocks, so a lock that waited for a backup closes only the vault it was asked
    /// to close, never one unlocked meanwhile.
    opened: std::sync::atomic::AtomicU64,
}

/// What a tick of the watcher found on the idle timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// Nothing is open, or there is time left.
    Counting,
    /// Run out on the open vault.
    RanOut,
    /// Run out, with time the computer was away (asleep) counted in: the vault has been on
    /// screen since waking, so it locks without waiting for a backup.
    RanOutAway,
}

#[derive(Default)]
pub struct Restoring {
    pub chosen: Option<PathBuf>,
    pub staged: Option<Staged>,
}

/// The folder in use and the claim on it.
struct Place {
    dir: VaultDir,
    sample: bool,
    claim: Option<DirLock>,
}

#[derive(Default)]
pub struct Open {
    pub vault: Option<Vault>,
    /// Shown once after creation or regeneration, kept only until the user confirms.
    pub pending_recovery: Option<RecoveryKey>,
    /// An import under way: the file chosen, then (once opened) its records. It holds
    /// record text, so it goes when the vault locks.
    pub import: Option<Importing>,
}

/// An export file chosen to import, and its contents once opened.
pub struct Importing {
    pub path: PathBuf,
    pub file: Option<rapport_core::ImportFile>,
}

fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock must not make the vault unreachable for the session.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn new(dir: VaultDir) -> Self {
        Self::with_clock(dir, Arc::new(SystemClock))
    }

    /// The same, with `clock` as the wall clock (a test clock in tests).
    pub fn with_clock(dir: VaultDir, clock: Arc<dyn Clock>) -> Self {
        let minute = std::env::var(MINUTE_SECONDS_ENV)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|s| (1..=60).contains(s))
            .map_or(Duration::from_secs(60), Duration::from_secs);
        let claim = DirLock::acquire(dir.clone()).ok();
        if let Some(lock) = &claim {
            // Finish a restore that was interrupted, before anything reads the folder.
            let _ = restore::recover(lock);
        }
        let timeout = minute * AUTO_LOCK_DEFAULT;
        let sample_dir = VaultDir::new(sample_dir_beside(dir.root()));
        AppState(Arc::new(Shared {
            clock,
            minute,
            real_dir: dir.clone(),
            sample_dir,
            place: Mutex::new(Place { dir, sample: false, claim }),
            open: Mutex::new(Open::default()),
            idle: Mutex::new(IdleTimer::new(Instant::now(), timeout)),
            restoring: Mutex::new(Restoring::default()),
            backups: BackupRunner::default(),
            opened: std::sync::atomic::AtomicU64::new(0),
        }))
    }
}

impl Shared {
    /// Claims the folder if an earlier attempt found it in use.
    fn ensure_claim(place: &mut Place) -> Result<()> {
        if place.claim.is_none() {
            let lock = DirLock::acquire(place.dir.clone())?;
            restore::recover(&lock)?;
            place.claim = Some(lock);
        }
        Ok(())
    }

    /// Refuses work on the practitioner's own vault while the sample practice is the folder
    /// in use.
    pub fn refuse_in_sample(&self) -> Result<()> {
        if guard(&self.place).sample { Err(Error::SamplePracticeOpen) } else { Ok(()) }
    }

    /// Locks whatever is open and moves to the sample practice's folder (`sample`) or back to
    /// the real vault's. The previous folder's claim is released.
    pub fn switch_to(&self, sample: bool) {
        let mut place = guard(&self.place);
        if place.sample == sample {
            return;
        }
        self.lock(LockReason::Manual);
        place.claim = None;
        place.dir = if sample { self.sample_dir.clone() } else { self.real_dir.clone() };
        place.sample = sample;
        place.claim = DirLock::acquire(place.dir.clone()).ok();
    }

    pub fn status(&self) -> AppStatus {
        let mut place = guard(&self.place);
        let mut status = AppStatus {
            state: VaultState::None,
            vault_dir: place.dir.root().display().to_string(),
            unlock_wait_secs: None,
            sample: place.sample,
            version: rapport_core::VERSION.into(),
            problem: None,
            recovery_key_confirmed: false,
            auto_lock_minutes: AUTO_LOCK_DEFAULT,
        };
        if let Err(e) = Self::ensure_claim(&mut place) {
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
        match place.dir.state() {
            Ok(DirState::Empty) => status.state = VaultState::None,
            Ok(DirState::Vault) => {
                status.state = VaultState::Locked;
                status.unlock_wait_secs =
                    unlock_wait(&place.dir, self.clock.as_ref()).ok().flatten();
            }
            Err(e) => {
                status.state = VaultState::Unavailable;
                status.problem = Some(e.into());
            }
        }
        status
    }

    /// Runs `f` with the claim on the folder (for create and unlock).
    pub fn with_claim<T>(&self, f: impl FnOnce(&DirLock) -> Result<T>) -> IpcResult<T> {
        let mut place = guard(&self.place);
        Self::ensure_claim(&mut place)?;
        let lock = place
            .claim
            .as_ref()
            .ok_or_else(|| IpcError::from(Error::InUse { path: place.dir.root().to_path_buf() }))?;
        Ok(f(lock)?)
    }

    /// Makes `vault` the open vault and arms the idle timer with its setting.
    pub fn install(&self, vault: Vault, pending_recovery: Option<RecoveryKey>) {
        let minutes = vault.settings().map(|s| s.auto_lock_minutes).unwrap_or(AUTO_LOCK_DEFAULT);
        let mut open = guard(&self.open);
        open.vault = Some(vault);
        open.pending_recovery = pending_recovery;
        self.opened.fetch_add(1, Ordering::SeqCst);
        let mut idle = guard(&self.idle);
        idle.set_timeout(self.minute * minutes);
        idle.touch(Instant::now());
    }

    /// Runs `f` on the unlocked vault; counts as activity.
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Open) -> Result<T>) -> IpcResult<T> {
        let mut open = guard(&self.open);
        if open.vault.is_none() {
            return Err(Error::Locked.into());
        }
        guard(&self.idle).touch(Instant::now());
        Ok(f(&mut open)?)
    }

    /// One backup into `folder`, through the core's one backup sequence: the vault is taken
    /// only while the copy is made and while the result is listed, so the app stays usable
    /// while the copy is checked and written. Only one backup runs at a time.
    pub fn back_up(
        &self,
        folder: &Path,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> IpcResult<BackupEntry> {
        Ok(self.backups.back_up(self, folder, reason, progress)?)
    }

    /// "Verify again": the vault is lent only to plan the check and to record its result.
    pub fn verify_backup(&self, id: rapport_core::BackupId) -> IpcResult<BackupEntry> {
        Ok(self.backups.verify(self, id)?)
    }

    /// Reads back with the key every backup made without it that can be reached; how many
    /// were checked.
    pub fn verify_unverified_backups(&self) -> usize {
        self.backups.verify_unverified(self).map_or(0, |checked| checked.len())
    }

    /// Refuses another try at a secret while the delay after failed attempts runs.
    pub fn refuse_while_throttled(&self) -> IpcResult<()> {
        if let Some(vault) = guard(&self.open).vault.as_ref() {
            return Ok(vault.refuse_while_throttled()?);
        }
        let wait =
            self.with_claim(|lock| rapport_core::unlock_wait(lock.dir(), self.clock.as_ref()))?;
        match wait {
            Some(retry_after_secs) => Err(Error::TooManyAttempts { retry_after_secs }.into()),
            None => Ok(()),
        }
    }

    /// Counts a wrong secret (`what` names it) in the open vault, or in the vault folder's
    /// key file when locked.
    pub fn note_refused_secret(&self, what: &str) {
        let mut open = guard(&self.open);
        if let Some(vault) = open.vault.as_mut() {
            let _ = vault.note_refused_secret(what);
            return;
        }
        drop(open);
        let _ =
            self.with_claim(|lock| rapport_core::note_failed_attempt(lock, self.clock.as_ref()));
    }

    /// Backs up into every automatic folder that is due. Failures are noted in the vault (and
    /// shown on the Backups screen); they never stop the rest.
    pub fn run_due_backups(
        &self,
        reason: BackupReason,
        progress: &mut dyn FnMut(&Path, BackupProgress),
    ) -> Vec<(PathBuf, IpcResult<BackupEntry>)> {
        let Ok(results) = self.backups.run_due(self, reason, progress) else {
            return Vec::new();
        };
        results.into_iter().map(|(folder, result)| (folder, result.map_err(Into::into))).collect()
    }

    pub fn set_auto_lock_minutes(&self, minutes: u32) -> IpcResult<Settings> {
        let s = self.with_vault(|open| vault_mut(open)?.set_auto_lock_minutes(minutes))?;
        guard(&self.idle).set_timeout(self.minute * s.auto_lock_minutes);
        Ok(s)
    }

    pub fn touch(&self) {
        if guard(&self.open).vault.is_some() {
            guard(&self.idle).touch(Instant::now());
        }
    }

    pub fn is_unlocked(&self) -> bool {
        guard(&self.open).vault.is_some()
    }

    /// Which unlock the open vault came from (see [`Self::lock_if_still`]).
    pub fn opened_count(&self) -> u64 {
        self.opened.load(Ordering::SeqCst)
    }

    /// Locks only if the vault open now is the one that was open at `opened_count`.
    pub fn lock_if_still(&self, opened: u64, reason: LockReason) -> bool {
        let mut open = guard(&self.open);
        // Unlocking installs under this same mutex, so the count cannot move under us.
        if self.opened.load(Ordering::SeqCst) != opened {
            return false;
        }
        Self::lock_open(&mut open, reason)
    }

    /// Locks if unlocked. Returns whether there was anything to lock.
    pub fn lock(&self, reason: LockReason) -> bool {
        Self::lock_open(&mut guard(&self.open), reason)
    }

    fn lock_open(open: &mut Open, reason: LockReason) -> bool {
        open.pending_recovery = None;
        open.import = None;
        let Some(v) = open.vault.take() else { return false };
        // The lock itself cannot fail to happen: the vault is dropped either way.
        let _ = match reason {
            LockReason::Manual => v.lock(false),
            LockReason::Idle => v.auto_lock(AutoLock::Idle),
            LockReason::Sleep => v.auto_lock(AutoLock::Sleep),
            LockReason::ScreenLocked => v.auto_lock(AutoLock::ScreenLocked),
        };
        // What the typesetter remembers of documents holds record text.
        rapport_documents::forget_typeset_documents();
        true
    }

    /// One tick of the background watcher: gives the idle timer both clocks (so time the
    /// computer spent asleep counts as idle) and says whether it has run out on an open vault.
    pub fn idle_tick(&self) -> Idle {
        let open = guard(&self.open);
        let mut idle = guard(&self.idle);
        let now = Instant::now();
        idle.tick(now, self.clock.as_ref());
        if open.vault.is_none() || !idle.expired(now) {
            Idle::Counting
        } else if idle.time_away().is_zero() {
            Idle::RanOut
        } else {
            Idle::RanOutAway
        }
    }

    /// Locks the open vault because the computer is about to sleep or its screen was locked
    /// (`reason`). Returns the `vault-locked` payload when there was a vault to lock.
    pub fn lock_for(&self, reason: LockReason) -> Option<LockedEvent> {
        let minutes = self.idle_minutes();
        self.lock(reason).then_some(LockedEvent { reason, minutes })
    }

    pub fn idle_minutes(&self) -> u32 {
        let idle = guard(&self.idle);
        (idle.timeout().as_secs() / self.minute.as_secs().max(1)).max(1) as u32
    }
}

pub fn vault_mut(open: &mut Open) -> Result<&mut Vault> {
    open.vault.as_mut().ok_or(Error::Locked)
}

/// Backups borrow the open vault without counting as activity: an automatic backup must not
/// postpone auto-lock.
impl VaultLoan for Shared {
    fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        f(vault_mut(&mut guard(&self.open))?)
    }
}

/// An app state over a vault in a temporary folder, unlocked, with `clock` as its wall clock.
#[cfg(test)]
pub(crate) fn unlocked_for_test(clock: Arc<dyn Clock>) -> (tempfile::TempDir, AppState) {
    let tmp = tempfile::tempdir().unwrap();
    let state = AppState::with_clock(VaultDir::new(tmp.path().join("vault")), clock.clone());
    let passphrase = rapport_core::SecretString::from(TEST_PASSPHRASE.to_string());
    let created = state
        .0
        .with_claim(|lock| {
            Vault::create_with(lock, &passphrase, clock.clone(), rapport_core::KdfCost::Minimum)
        })
        .unwrap();
    state.0.install(created.vault, None);
    (tmp, state)
}

#[cfg(test)]
pub(crate) const TEST_PASSPHRASE: &str = "copper lantern orchard violet";

/// How the vault was last locked, as its audit trail says (read by unlocking it again).
#[cfg(test)]
pub(crate) fn last_lock_event(state: &AppState) -> rapport_core::AuditEvent {
    let passphrase = rapport_core::SecretString::from(TEST_PASSPHRASE.to_string());
    let clock = state.0.clock.clone();
    let vault = state.0.with_claim(|lock| Vault::unlock(lock, &passphrase, clock)).unwrap();
    let trail = vault.audit_trail().unwrap();
    // The unlock just made is the last entry; the one before it is the lock.
    trail[trail.len() - 2].event
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::{AuditEvent, ManualClock};

    #[test]
    fn a_wall_clock_jump_past_the_auto_lock_time_locks_the_open_vault() {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let (_tmp, state) = unlocked_for_test(clock.clone());
        let s = &state.0;
        assert_eq!(s.idle_minutes(), AUTO_LOCK_DEFAULT);
        assert_eq!(s.idle_tick(), Idle::Counting);
        // Asleep for a second less than the five minutes of the default setting: the
        // monotonic clock did not count it, the wall clock did.
        clock.advance(chrono::Duration::seconds(299));
        assert_eq!(s.idle_tick(), Idle::Counting, "just under the auto-lock time");
        clock.advance(chrono::Duration::seconds(1));
        assert_eq!(s.idle_tick(), Idle::RanOutAway, "at the auto-lock time");
        // The watcher then locks that same vault, as an idle lock.
        assert!(s.lock_if_still(s.opened_count(), LockReason::Idle));
        assert!(!s.is_unlocked());
        assert_eq!(last_lock_event(&state), AuditEvent::IdleLock);
    }

    #[test]
    fn activity_after_the_timer_ran_out_does_not_undo_the_lock_decided() {
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let (_tmp, state) = unlocked_for_test(clock.clone());
        let s = &state.0;
        s.idle_tick();
        clock.advance(chrono::Duration::hours(8));
        assert_eq!(s.idle_tick(), Idle::RanOutAway);
        let opened = s.opened_count();
        // Whoever opened the lid touches a key while the pre-lock backup is made.
        s.touch();
        assert!(s.lock_if_still(opened, LockReason::Idle));
        assert!(!s.is_unlocked());
    }
}
