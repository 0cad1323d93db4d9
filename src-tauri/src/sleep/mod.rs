//! Locking when the computer is about to sleep or its screen locks. What the operating system
//! says arrives as a [`SystemEvent`] through a [`Sink`], which locks the open vault and tells
//! the window; tests feed a sink directly, without any bus.
//!
//! On Linux, logind on the system bus says it ([`logind`]). Other platforms have no listener
//! here: there, and wherever there is no system bus, the idle timer's wall-clock check locks at
//! the first tick after waking from a sleep as long as the auto-lock time (see ARCHITECTURE.md).

#[cfg(target_os = "linux")]
pub mod logind;

use crate::ipc::{LockReason, LockedEvent};
use crate::state::Shared;
use std::sync::Arc;

/// Something the operating system said that locks the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemEvent {
    /// The computer is about to sleep.
    Sleep,
    /// The screen of this session was locked.
    ScreenLocked,
}

impl SystemEvent {
    pub fn reason(self) -> LockReason {
        match self {
            SystemEvent::Sleep => LockReason::Sleep,
            SystemEvent::ScreenLocked => LockReason::ScreenLocked,
        }
    }
}

/// Where the listener sends what it heard. It is called on the listener's thread and returns
/// once the vault is locked, so a listener can hold the sleep back until then.
pub type Sink = Arc<dyn Fn(SystemEvent) + Send + Sync>;

/// The sink the app uses: locks the open vault through `shared` and hands the `vault-locked`
/// payload to `emit` when there was a vault to lock.
pub fn locker(shared: Arc<Shared>, emit: impl Fn(LockedEvent) + Send + Sync + 'static) -> Sink {
    Arc::new(move |event: SystemEvent| {
        if let Some(locked) = shared.lock_for(event.reason()) {
            emit(locked);
        }
    })
}

/// Starts listening to the operating system where this build knows how to.
pub fn listen(sink: Sink) {
    #[cfg(target_os = "linux")]
    logind::spawn(sink);
    #[cfg(not(target_os = "linux"))]
    drop(sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{last_lock_event, unlocked_for_test};
    use rapport_core::{AuditEvent, SystemClock};
    use std::sync::mpsc;

    fn sink_and_events(shared: Arc<Shared>) -> (Sink, mpsc::Receiver<LockedEvent>) {
        let (tx, rx) = mpsc::channel();
        let sink = locker(shared, move |locked| tx.send(locked).unwrap());
        (sink, rx)
    }

    #[test]
    fn an_injected_sleep_locks_the_open_vault_and_tells_the_window() {
        let (_tmp, state) = unlocked_for_test(Arc::new(SystemClock));
        let (sink, events) = sink_and_events(state.0.clone());
        sink(SystemEvent::Sleep);
        assert!(!state.0.is_unlocked());
        let locked = events.try_recv().expect("a vault-locked event");
        assert!(matches!(locked.reason, LockReason::Sleep), "{locked:?}");
        assert_eq!(locked.minutes, rapport_core::AUTO_LOCK_DEFAULT);
        // Nothing is open now: the screen locking too changes nothing and says nothing.
        sink(SystemEvent::ScreenLocked);
        assert!(events.try_recv().is_err());
        assert_eq!(last_lock_event(&state), AuditEvent::SleepLock);
    }

    #[test]
    fn an_injected_screen_lock_locks_the_open_vault() {
        let (_tmp, state) = unlocked_for_test(Arc::new(SystemClock));
        let (sink, events) = sink_and_events(state.0.clone());
        sink(SystemEvent::ScreenLocked);
        assert!(!state.0.is_unlocked());
        let locked = events.try_recv().expect("a vault-locked event");
        assert!(matches!(locked.reason, LockReason::ScreenLocked), "{locked:?}");
        assert_eq!(last_lock_event(&state), AuditEvent::ScreenLock);
    }
}
