//! End-to-end: the real app binary under Xvfb, driven through tauri-driver as a person would
//! use it. Screenshots of each step land in .e2e/screenshots.

use rapport_tests::desktop::{Desktop, Ui};
use rapport_tests::{OTHER_PASSPHRASE, PASSPHRASE, built_binary};
use std::process::{Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;

fn cli_check(vault: &std::path::Path) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--vault", vault.to_str().unwrap(), "--json", "check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_recovery_key_lock_wrong_passphrase_unlock() {
    let desktop = Desktop::start(&[]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);

    // First run: choose a passphrase.
    ui.text("Create your vault").await;
    ui.shot("01-first-run").await;
    ui.fill("Passphrase", "password").await;
    ui.fill("Confirm passphrase", "password").await;
    let create = ui.button("Create vault").await;
    assert!(!create.is_enabled().await.unwrap(), "a weak passphrase cannot be used");
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.fill("Confirm passphrase", PASSPHRASE).await;
    ui.shot("02-strong-passphrase").await;
    ui.click("Create vault").await;

    // The recovery key, shown once; it must be confirmed before going on.
    let key = ui
        .wait_for(By::XPath("//*[@aria-label='Recovery key']"), "the recovery key")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(key.trim().len(), 39, "eight groups of four: {key:?}");
    ui.shot("03-recovery-key").await;
    let cont = ui.button("Continue").await;
    assert!(!cont.is_enabled().await.unwrap(), "Continue waits for the confirmation");
    ui.field("I have stored the recovery key somewhere safe").await.click().await.unwrap();
    ui.click("Continue").await;

    // The main frame.
    ui.button("Lock").await;
    ui.text("Clients").await;
    ui.shot("04-main-frame").await;

    // The vault is held: the command-line tool is turned away while the app has it.
    let (code, out) = cli_check(&desktop.vault);
    assert_eq!(code, Some(5), "{out}");
    assert!(out.contains("vault_in_use"), "{out}");

    // Lock, then a wrong passphrase, then the right one.
    ui.click("Lock").await;
    ui.text("Unlock").await;
    assert!(ui.gone("Check vault now").await, "no vault content behind the lock screen");
    ui.fill("Passphrase", "this is not it").await;
    ui.click("Unlock").await;
    ui.text("Wrong passphrase.").await;
    let field = ui.field("Passphrase").await;
    assert_eq!(
        field.value().await.unwrap().unwrap_or_default(),
        "",
        "the wrong passphrase is cleared"
    );
    ui.shot("05-wrong-passphrase").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.button("Lock").await;

    // Ctrl+L locks from anywhere.
    driver
        .action_chain()
        .key_down(Key::Control)
        .send_keys("l")
        .key_up(Key::Control)
        .perform()
        .await
        .unwrap();
    ui.field("Passphrase").await;

    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_lock_fires_after_the_chosen_minutes() {
    // A "minute" lasts two seconds in this run, so the one-minute setting fires quickly.
    let desktop = Desktop::start(&[("RAPPORT_MINUTE_SECONDS", "2")]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.fill("Passphrase", OTHER_PASSPHRASE).await;
    ui.fill("Confirm passphrase", OTHER_PASSPHRASE).await;
    ui.click("Create vault").await;
    ui.field("I have stored the recovery key somewhere safe").await.click().await.unwrap();
    ui.click("Continue").await;

    ui.click("Settings").await;
    ui.fill("Lock after this many minutes without activity", "1").await;
    ui.click("Save").await;
    ui.text("Saved.").await;
    ui.shot("06-settings").await;
    // Nothing is touched now; within a few "minutes" the vault must lock by itself.
    tokio::time::sleep(Duration::from_secs(3)).await;
    ui.text("Locked after 1 minute without activity").await;
    ui.field("Passphrase").await;
    assert!(ui.gone("Lock after this many minutes").await, "settings are gone from the screen");
    ui.shot("07-auto-locked").await;
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_passphrase_recovered_with_the_recovery_key() {
    let desktop = Desktop::start(&[]);
    // The vault is made with the command-line tool; the app opens at the lock screen.
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--vault", desktop.vault.to_str().unwrap(), "--json", "init"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    }
    let out: serde_json::Value =
        serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    let key = out["recovery_key"].as_str().unwrap().to_lowercase();

    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.field("Passphrase").await;
    ui.click("Forgot your passphrase? Use the recovery key").await;
    ui.fill("Recovery key", &key).await;
    ui.fill("New passphrase", OTHER_PASSPHRASE).await;
    ui.fill("Confirm new passphrase", OTHER_PASSPHRASE).await;
    ui.shot("08-recovery").await;
    ui.click("Unlock and set passphrase").await;
    ui.button("Lock").await;
    driver.quit().await.unwrap();
    drop(desktop);
}
