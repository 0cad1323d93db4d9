//! The .deb as a user gets it: unpacked with `dpkg -x` into a temporary folder, the two
//! binaries it installs in /usr/bin are run from there, the app under Xvfb through
//! tauri-driver. `make package-check` builds the package and names it in `RAPPORT_DEB`.

use rapport_tests::PASSPHRASE;
use rapport_tests::desktop::{Desktop, Ui, pids_of};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The package `make package-check` built.
fn deb() -> PathBuf {
    let deb = std::env::var_os("RAPPORT_DEB")
        .map(PathBuf::from)
        .expect("RAPPORT_DEB names the .deb to check; `make package-check` builds it and sets it");
    assert!(deb.is_file(), "{} is not a file", deb.display());
    deb
}

/// The package's files, as `dpkg -x` lays them out under `/`.
fn unpack() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let out = Command::new("dpkg").arg("-x").arg(deb()).arg(root.path()).output().unwrap();
    assert!(out.status.success(), "dpkg -x: {}", String::from_utf8_lossy(&out.stderr));
    root
}

/// A field of the package's control file.
fn control_field(field: &str) -> String {
    let out = Command::new("dpkg-deb").arg("--field").arg(deb()).arg(field).output().unwrap();
    assert!(out.status.success(), "dpkg-deb: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Runs `rapport-cli` found by name on a PATH holding only the package's /usr/bin, with
/// `stdin` as its input and no vault folder from the environment.
fn run_installed(bin: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new("rapport-cli")
        .args(args)
        .env("PATH", bin)
        .env_remove("RAPPORT_VAULT_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("rapport-cli is not found on PATH={}: {e}", bin.display()));
    rapport_tests::feed(&mut child, stdin);
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Every shared library `binary` needs is found on this system.
fn links(binary: &Path) {
    let out = Command::new("ldd").arg(binary).output().unwrap();
    let listing = text(&out);
    assert!(out.status.success(), "ldd {}: {listing}", binary.display());
    assert!(!listing.contains("not found"), "{} misses libraries:\n{listing}", binary.display());
}

#[test]
fn the_deb_installs_the_app_and_the_command_line_tool_side_by_side_in_usr_bin() {
    assert_eq!(control_field("Package"), "rapport");
    assert_eq!(control_field("Version"), env!("CARGO_PKG_VERSION"), "a stale package");

    let root = unpack();
    let bin = root.path().join("usr/bin");
    assert_eq!(rapport_tests::names_in(&bin), ["rapport", "rapport-cli"]);
    for name in ["rapport", "rapport-cli"] {
        let path = bin.join(name);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o755, 0o755, "{name} is installed executable by everyone: {mode:o}");
        links(&path);
    }

    // The command-line tool, found by name on the PATH the package puts it on.
    let version = run_installed(&bin, &["--version"], "");
    assert!(version.status.success(), "{}", text(&version));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("rapport-cli {}", env!("CARGO_PKG_VERSION"))
    );
    let help = run_installed(&bin, &["--help"], "");
    assert!(help.status.success(), "{}", text(&help));
    for command in ["init", "check", "demo", "backup", "verify", "restore", "draft"] {
        assert!(text(&help).contains(command), "--help names {command}: {}", text(&help));
    }

    // A real vault made and read back by the installed tool.
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    let vault_arg = vault.to_str().unwrap();
    let passphrase = format!("{PASSPHRASE}\n");
    let init = run_installed(&bin, &["--vault", vault_arg, "--json", "init"], &passphrase);
    assert!(init.status.success(), "init: {}", text(&init));
    let check = run_installed(&bin, &["--vault", vault_arg, "--json", "check"], &passphrase);
    assert!(check.status.success(), "check: {}", text(&check));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");

    // A wrong passphrase is told apart, with its exit code.
    let wrong = run_installed(&bin, &["--vault", vault_arg, "check"], "not the passphrase\n");
    assert_eq!(wrong.status.code(), Some(3), "{}", text(&wrong));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_app_opens_the_vault_the_installed_tool_made() {
    let root = unpack();
    let bin = root.path().join("usr/bin");
    let mut desktop = Desktop::start(&[]);
    desktop.app = bin.join("rapport");
    let vault_arg = desktop.vault.to_str().unwrap().to_string();
    let passphrase = format!("{PASSPHRASE}\n");
    let init = run_installed(&bin, &["--vault", &vault_arg, "--json", "init"], &passphrase);
    assert!(init.status.success(), "init: {}", text(&init));

    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    // The lock screen of that vault, served from the UI built into the installed binary.
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.button("Lock").await;
    ui.text("Clients").await;
    assert!(!pids_of(&desktop.app).is_empty(), "the window belongs to the installed binary");

    // The app holds the vault: the installed tool is turned away meanwhile.
    let held = run_installed(&bin, &["--vault", &vault_arg, "--json", "check"], &passphrase);
    assert_eq!(held.status.code(), Some(5), "{}", text(&held));
    driver.quit().await.unwrap();
}
