//! logind (`org.freedesktop.login1`) on the system bus tells when to lock:
//!
//! - the manager's `PrepareForSleep(true)`: the computer is about to sleep. A "delay" inhibitor
//!   taken beforehand holds the sleep back until the vault is locked (logind waits at most its
//!   `InhibitDelayMaxSec`, 5 seconds by default); it is released then and taken again on
//!   waking (`PrepareForSleep(false)`);
//! - this process's session sending `Lock` (`loginctl lock-session`, or a sleep set up to lock
//!   the screen) or setting its `LockedHint` (what screen lockers do when the screen locks).
//!
//! The session is the one `GetSessionByPID` names for this process, else the one named by
//! `XDG_SESSION_ID`. Only the owner of `org.freedesktop.login1` is listened to: the match rules
//! name it as the sender, and the bus delivers nothing else. `DBUS_SYSTEM_BUS_ADDRESS` points
//! the app at another bus, as the end-to-end tests do.
//!
//! No system bus (a container, a CI machine), no logind or no session is said once on standard
//! error and is otherwise quiet: the idle timer's wall-clock check still locks after a sleep.

use super::{Sink, SystemEvent};
use std::collections::HashMap;
use zbus::blocking::{Connection, MessageIterator, Proxy};
use zbus::message::Message;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, OwnedValue, Value};

const SERVICE: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";

/// Listens on the system bus, from threads of its own.
pub fn spawn(sink: Sink) {
    let started = std::thread::Builder::new().name("logind".into()).spawn(move || {
        match Connection::system() {
            Ok(conn) => {
                if let Err(e) = listen(&conn, sink) {
                    say(&format!("logind cannot be listened to ({e})"));
                }
            }
            Err(e) => say(&format!("no system bus ({e})")),
        }
    });
    if let Err(e) = started {
        say(&format!("the logind listener did not start ({e})"));
    }
}

fn say(what: &str) {
    eprintln!(
        "rapport: {what}; a sleep is noticed by the auto-lock timer's wall clock instead, and a \
         screen lock not at all"
    );
}

/// Subscribes to logind's signals on `conn` and hands every sleep and screen lock to `sink`,
/// from threads of its own, until the bus goes away. Returns once subscribed.
pub fn listen(conn: &Connection, sink: Sink) -> zbus::Result<()> {
    let manager = zbus::blocking::proxy::Builder::new(conn)
        .destination(SERVICE)?
        .path(MANAGER_PATH)?
        .interface(MANAGER)?
        .cache_properties(zbus::proxy::CacheProperties::No)
        .build()?;
    let rule = format!(
        "type='signal',sender='{SERVICE}',path='{MANAGER_PATH}',interface='{MANAGER}',\
         member='PrepareForSleep'"
    );
    let sleeps = MessageIterator::for_match_rule(rule.as_str(), conn, None)?;
    let inhibitor = inhibit(&manager);
    let (sleep_manager, sleep_sink) = (manager.clone(), sink.clone());
    std::thread::Builder::new()
        .name("logind-sleep".into())
        .spawn(move || watch_sleep(&sleep_manager, sleeps, inhibitor, &sleep_sink))?;

    let Some(session) = own_session(&manager) else {
        eprintln!(
            "rapport: no login session found for this process; the vault locks when the \
             computer sleeps, but not when the screen locks"
        );
        return Ok(());
    };
    let rule = format!("type='signal',sender='{SERVICE}',path='{}'", session.as_str());
    let screen = MessageIterator::for_match_rule(rule.as_str(), conn, None)?;
    std::thread::Builder::new()
        .name("logind-session".into())
        .spawn(move || watch_screen(screen, &sink))?;
    Ok(())
}

fn own_session(manager: &Proxy<'_>) -> Option<OwnedObjectPath> {
    manager.call("GetSessionByPID", &(std::process::id(),)).ok().or_else(|| {
        let id = std::env::var("XDG_SESSION_ID").ok()?;
        manager.call("GetSession", &(id,)).ok()
    })
}

/// A "delay" inhibitor: logind holds a sleep back until it is closed (or its maximum delay
/// has passed).
fn inhibit(manager: &Proxy<'_>) -> Option<OwnedFd> {
    let why = "The vault is locked before the computer sleeps";
    match manager.call("Inhibit", &("sleep", "Rapport", why, "delay")) {
        Ok(fd) => Some(fd),
        Err(e) => {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                eprintln!(
                    "rapport: sleep cannot be delayed ({e}); the vault locks as the computer \
                     goes to sleep, without waiting for it"
                );
            });
            None
        }
    }
}

fn watch_sleep(
    manager: &Proxy<'_>,
    sleeps: MessageIterator,
    mut inhibitor: Option<OwnedFd>,
    sink: &Sink,
) {
    for message in sleeps {
        let Ok(message) = message else { break };
        match message.body().deserialize::<bool>() {
            Ok(true) => {
                sink(SystemEvent::Sleep);
                // Locked: the computer may sleep now.
                drop(inhibitor.take());
            }
            Ok(false) => {
                if inhibitor.is_none() {
                    inhibitor = inhibit(manager);
                }
            }
            Err(_) => {}
        }
    }
}

fn watch_screen(signals: MessageIterator, sink: &Sink) {
    for message in signals {
        let Ok(message) = message else { break };
        let header = message.header();
        let interface = header.interface().map(|i| i.as_str());
        let member = header.member().map(|m| m.as_str());
        let locked = match (interface, member) {
            (Some(SESSION), Some("Lock")) => true,
            (Some(PROPERTIES), Some("PropertiesChanged")) => locked_hint_set(&message),
            _ => false,
        };
        if locked {
            sink(SystemEvent::ScreenLocked);
        }
    }
}

/// Whether a `PropertiesChanged` of the session sets `LockedHint` to true.
fn locked_hint_set(message: &Message) -> bool {
    type Changed = (String, HashMap<String, OwnedValue>, Vec<String>);
    let Ok((interface, changed, _)) = message.body().deserialize::<Changed>() else {
        return false;
    };
    interface == SESSION
        && changed.get("LockedHint").is_some_and(|v| matches!(&**v, Value::Bool(true)))
}

#[cfg(test)]
#[path = "../../../tests/src/logind.rs"]
mod fake;

#[cfg(test)]
mod tests {
    use super::fake::{FakeLogind, SESSION_PATH};
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    const WAIT: Duration = Duration::from_secs(10);
    const QUIET: Duration = Duration::from_millis(300);

    #[test]
    fn logind_signals_lock_and_a_sleep_waits_for_the_lock() {
        let Some(logind) = FakeLogind::start_or_skip("the logind listener") else { return };
        let conn = zbus::blocking::connection::Builder::address(logind.address())
            .unwrap()
            .build()
            .unwrap();
        let (tx, events) = mpsc::channel();
        // The sink takes a moment, as a lock does; the inhibitor must stay held meanwhile.
        let held_while_locking = Arc::new(AtomicBool::new(true));
        let sink: Sink = {
            let held = held_while_locking.clone();
            let released = logind.released_counter();
            Arc::new(move |event| {
                let before = released.load(Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(100));
                if released.load(Ordering::SeqCst) != before {
                    held.store(false, Ordering::SeqCst);
                }
                tx.send(event).unwrap();
            })
        };
        listen(&conn, sink).unwrap();
        assert_eq!(logind.inhibitors_taken(), (1, "delay".to_string()));

        // A sleep announced by anyone but logind is not listened to.
        let impostor = logind.impostor();
        impostor.emit_signal(None::<()>, MANAGER_PATH, MANAGER, "PrepareForSleep", &true).unwrap();
        impostor.emit_signal(None::<()>, SESSION_PATH, SESSION, "Lock", &()).unwrap();
        assert!(events.recv_timeout(QUIET).is_err());
        assert_eq!(logind.inhibitors_released(), 0);

        // logind's: locked, then the sleep may go on.
        logind.prepare_for_sleep(true);
        assert_eq!(events.recv_timeout(WAIT), Ok(SystemEvent::Sleep));
        assert!(FakeLogind::wait_for(WAIT, || logind.inhibitors_released() == 1));
        assert!(held_while_locking.load(Ordering::SeqCst), "released before the lock");
        // Waking takes a new inhibitor for the next sleep.
        logind.prepare_for_sleep(false);
        assert!(FakeLogind::wait_for(WAIT, || logind.inhibitors_taken().0 == 2));
        assert!(events.recv_timeout(QUIET).is_err());

        // The session's screen locks, by signal or by its hint.
        logind.lock_session();
        assert_eq!(events.recv_timeout(WAIT), Ok(SystemEvent::ScreenLocked));
        logind.set_locked_hint(false);
        assert!(events.recv_timeout(QUIET).is_err());
        logind.set_locked_hint(true);
        assert_eq!(events.recv_timeout(WAIT), Ok(SystemEvent::ScreenLocked));
    }
}
