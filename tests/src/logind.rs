//! A stand-in for logind on a private D-Bus bus, so the app's sleep and screen-lock listener
//! can be tested without a real system bus: a `dbus-daemon` of its own in a temporary folder,
//! a connection owning `org.freedesktop.login1` that answers `GetSessionByPID`, `GetSession`
//! and `Inhibit` (with one end of a pipe, so a test sees the app let go of its inhibitor), and
//! signals sent on request. Dropping it stops the daemon.
//!
//! Also compiled into the desktop shell's own tests (by path), so it uses only zbus and std.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zbus::zvariant::{OwnedFd, OwnedObjectPath, Value};

pub const SESSION_PATH: &str = "/org/freedesktop/login1/session/_31";
const SERVICE: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";

/// Set to let a test that needs `dbus-daemon` pass on a machine without it. Nothing sets it:
/// not `make test`, not CI.
const ALLOW_SKIP: &str = "RAPPORT_TESTS_ALLOW_SKIP";

/// What the fake manager has been asked.
#[derive(Default)]
struct Inhibitors {
    taken: AtomicUsize,
    released: Arc<AtomicUsize>,
    last_mode: Mutex<String>,
}

struct Manager(Arc<Inhibitors>);

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).unwrap()
    }

    fn get_session(&self, id: &str) -> zbus::fdo::Result<OwnedObjectPath> {
        if id == "1" {
            Ok(OwnedObjectPath::try_from(SESSION_PATH).unwrap())
        } else {
            Err(zbus::fdo::Error::Failed(format!("no session {id}")))
        }
    }

    /// Hands out the write end of a pipe; a thread reading the other end counts the inhibitor
    /// released when every copy of it is closed.
    fn inhibit(
        &self,
        what: &str,
        _who: &str,
        _why: &str,
        mode: &str,
    ) -> zbus::fdo::Result<OwnedFd> {
        if what != "sleep" {
            return Err(zbus::fdo::Error::InvalidArgs(what.into()));
        }
        let (mut reader, writer) =
            std::io::pipe().map_err(|e| zbus::fdo::Error::IOError(e.to_string()))?;
        *self.0.last_mode.lock().unwrap() = mode.into();
        self.0.taken.fetch_add(1, Ordering::SeqCst);
        let released = self.0.released.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16];
            while !matches!(reader.read(&mut buf), Ok(0) | Err(_)) {}
            released.fetch_add(1, Ordering::SeqCst);
        });
        Ok(OwnedFd::from(std::os::fd::OwnedFd::from(writer)))
    }
}

/// The private bus's daemon, stopped when dropped (also when starting logind on it fails).
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct FakeLogind {
    _daemon: Daemon,
    address: String,
    conn: zbus::blocking::Connection,
    inhibitors: Arc<Inhibitors>,
    _dir: tempfile::TempDir,
}

impl FakeLogind {
    /// Starts a private bus and logind on it. Without `dbus-daemon`, fails the test that asked
    /// (`what`), unless [`ALLOW_SKIP`] is set: then `None`.
    pub fn start_or_skip(what: &str) -> Option<FakeLogind> {
        match Self::start() {
            Ok(fake) => Some(fake),
            Err(e) => {
                let reason = format!("no private D-Bus bus could be started ({e})");
                assert!(
                    std::env::var_os(ALLOW_SKIP).is_some(),
                    "{what} could not be tested: {reason}. Set {ALLOW_SKIP}=1 to skip it knowingly."
                );
                eprintln!("SKIPPED {what}: {reason} ({ALLOW_SKIP} is set)");
                None
            }
        }
    }

    fn start() -> Result<FakeLogind, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let socket: PathBuf = dir.path().join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">
                 <busconfig>
                   <type>system</type>
                   <listen>unix:path={}</listen>
                   <auth>EXTERNAL</auth>
                   <policy context=\"default\">
                     <allow send_destination=\"*\" eavesdrop=\"true\"/>
                     <allow eavesdrop=\"true\"/>
                     <allow own=\"*\"/>
                   </policy>
                 </busconfig>",
                socket.display()
            ),
        )?;
        let mut daemon = Daemon(
            Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--nopidfile", "--print-address=1"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()?,
        );
        let mut address = String::new();
        let stdout = daemon.0.stdout.take().ok_or("no output from dbus-daemon")?;
        BufReader::new(stdout).read_line(&mut address)?;
        let address = address.trim().to_string();
        if address.is_empty() {
            return Err("dbus-daemon printed no address".into());
        }
        let inhibitors = Arc::new(Inhibitors::default());
        let conn = zbus::blocking::connection::Builder::address(address.as_str())?
            .serve_at(MANAGER_PATH, Manager(inhibitors.clone()))?
            .name(SERVICE)?
            .build()?;
        Ok(FakeLogind { _daemon: daemon, address, conn, inhibitors, _dir: dir })
    }

    /// The bus address, for `DBUS_SYSTEM_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// `PrepareForSleep(going)` from the manager.
    pub fn prepare_for_sleep(&self, going: bool) {
        self.conn
            .emit_signal(None::<()>, MANAGER_PATH, MANAGER, "PrepareForSleep", &going)
            .unwrap();
    }

    /// `Lock` from the session, as `loginctl lock-session` makes logind send.
    pub fn lock_session(&self) {
        self.conn.emit_signal(None::<()>, SESSION_PATH, SESSION, "Lock", &()).unwrap();
    }

    /// The session's `LockedHint` changing, as a screen locker sets it.
    pub fn set_locked_hint(&self, locked: bool) {
        let changed = std::collections::HashMap::from([("LockedHint", Value::from(locked))]);
        let body = (SESSION, changed, Vec::<String>::new());
        self.conn
            .emit_signal(
                None::<()>,
                SESSION_PATH,
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &body,
            )
            .unwrap();
    }

    /// The same signals from a connection that does not own logind's name.
    pub fn impostor(&self) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address.as_str())
            .unwrap()
            .build()
            .unwrap()
    }

    /// How many inhibitors were taken, and in which mode the last one.
    pub fn inhibitors_taken(&self) -> (usize, String) {
        let mode = self.inhibitors.last_mode.lock().unwrap().clone();
        (self.inhibitors.taken.load(Ordering::SeqCst), mode)
    }

    pub fn inhibitors_released(&self) -> usize {
        self.inhibitors.released.load(Ordering::SeqCst)
    }

    /// The count behind [`Self::inhibitors_released`], to read from another thread.
    pub fn released_counter(&self) -> Arc<AtomicUsize> {
        self.inhibitors.released.clone()
    }

    /// Waits up to `limit` for `check` to hold.
    pub fn wait_for(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if check() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        check()
    }
}
