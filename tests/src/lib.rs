//! Shared helpers for the integration and end-to-end tests.

use rapport_core::ManualClock;
use rapport_core::SecretString;
use rapport_core::{Created, DirLock, KdfCost, Vault, VaultDir};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const PASSPHRASE: &str = "copper lantern orchard violet";
pub const OTHER_PASSPHRASE: &str = "quiet harbour maple thunder";

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc(),
    ))
}

/// A vault with the cheapest permitted key derivation, in its own temporary folder.
pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
}

impl TestVault {
    pub fn create() -> (TestVault, Created) {
        let tmp = tempfile::tempdir().unwrap();
        let clock = clock();
        let lock = DirLock::acquire(VaultDir::new(tmp.path().join("vault"))).unwrap();
        let created =
            Vault::create_with(&lock, &secret(PASSPHRASE), clock.clone(), KdfCost::Minimum)
                .unwrap();
        (TestVault { tmp, clock }, created)
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("vault")
    }

    pub fn claim(&self) -> DirLock {
        DirLock::acquire(VaultDir::new(self.root())).unwrap()
    }

    pub fn unlock(&self, passphrase: &str) -> rapport_core::Result<Vault> {
        Vault::unlock(&self.claim(), &secret(passphrase), self.clock.clone())
    }
}

/// Every file in a folder (not recursing), with its bytes.
pub fn files_in(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// The names of everything in a folder, sorted.
pub fn names_in(folder: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The backup files in a folder, sorted.
pub fn backup_files(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == rapport_core::BACKUP_EXTENSION))
        .collect();
    out.sort();
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The name the test harness knows a test function by: its module path inside the test
/// binary (`module_path!()` without the binary's own name) and the function's name.
pub fn test_path(module: &str, function: &str) -> String {
    match module.split_once("::") {
        Some((_, inside)) => format!("{inside}::{function}"),
        None => function.to_string(),
    }
}

/// Gives a child process its standard input and closes it. A command that fails before
/// reading its input (a usage error, a folder in use) may have exited already: its closed pipe
/// is not a failure of the test, whose exit code says what happened.
pub fn feed(child: &mut std::process::Child, input: &str) {
    use std::io::Write;
    let mut stdin = child.stdin.take().expect("the child's standard input is piped");
    match stdin.write_all(input.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("could not write to the child: {e}"),
    }
}

/// Runs `rapport-cli` with `args`, `stdin` as its input, and no vault folder from the
/// environment.
pub fn cli(args: &[&str], stdin: &str) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(args)
        .env_remove("RAPPORT_VAULT_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    feed(&mut child, stdin);
    child.wait_with_output().unwrap()
}

/// A binary built into the same target folder as the running test.
pub fn built_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is not built; run `cargo build -p {name}` first (make test does)",
        path.display()
    );
    path
}

pub mod desktop;
#[cfg(target_os = "linux")]
pub mod logind;
