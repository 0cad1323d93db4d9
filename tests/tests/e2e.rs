//! End-to-end: the real app binary under Xvfb, driven through tauri-driver as a person would
//! use it. Screenshots of each step land in .e2e/screenshots.

use rapport_tests::desktop::{Desktop, Ui};
use rapport_tests::logind::FakeLogind;
use rapport_tests::{OTHER_PASSPHRASE, PASSPHRASE, built_binary};
use std::process::{Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;

fn cli_check(vault: &std::path::Path) -> (Option<i32>, String) {
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--vault", vault.to_str().unwrap(), "--json", "check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    rapport_tests::feed(&mut child, &format!("{PASSPHRASE}\n"));
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
    // The window rates the passphrase itself, with a script of its own loaded under the CSP.
    ui.text("Use at least 10 characters.").await;
    let create = ui.button("Create vault").await;
    assert!(!create.is_enabled().await.unwrap(), "a weak passphrase cannot be used");
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.fill("Confirm passphrase", PASSPHRASE).await;
    ui.text("You can use this passphrase.").await;
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
async fn the_vault_locks_when_the_computer_sleeps_or_the_screen_locks() {
    // logind on a private bus stands in for the system bus.
    let Some(logind) = FakeLogind::start_or_skip("locking on sleep, end to end") else { return };
    let desktop = Desktop::start(&[("DBUS_SYSTEM_BUS_ADDRESS", logind.address())]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    ui.button("Lock").await;
    let limit = Duration::from_secs(20);
    assert!(
        FakeLogind::wait_for(limit, || logind.inhibitors_taken() == (1, "delay".into())),
        "the app holds sleep back until it has locked"
    );

    // The lid closes: the vault locks, and only then may the computer sleep.
    logind.prepare_for_sleep(true);
    ui.text("Locked because the computer went to sleep.").await;
    ui.field("Passphrase").await;
    assert!(ui.gone("Clients").await, "no vault content behind the lock screen");
    assert!(FakeLogind::wait_for(limit, || logind.inhibitors_released() == 1));
    ui.shot("45-locked-on-sleep").await;

    // Awake again: unlocked by the passphrase, the next sleep is held back again.
    logind.prepare_for_sleep(false);
    assert!(FakeLogind::wait_for(limit, || logind.inhibitors_taken().0 == 2));
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.button("Lock").await;

    // The screen locks (`loginctl lock-session`): so does the vault.
    logind.lock_session();
    ui.text("Locked because the screen was locked.").await;
    ui.field("Passphrase").await;
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
        rapport_tests::feed(&mut child, &format!("{PASSPHRASE}\n"));
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

/// Creates a vault with the command-line tool, so a flow can start at the lock screen.
fn init_vault(vault: &std::path::Path) {
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--vault", vault.to_str().unwrap(), "--json", "init"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    rapport_tests::feed(&mut child, &format!("{PASSPHRASE}\n"));
    assert!(child.wait_with_output().unwrap().status.success());
}

/// A new vault at `vault` with the test passphrase, the cheapest key derivation and the real
/// clock, for a fixture written through the core before the app opens it.
fn fresh_vault(vault: &std::path::Path) -> (rapport_core::DirLock, rapport_core::Vault) {
    use rapport_core::{DirLock, KdfCost, SystemClock, Vault, VaultDir};
    let lock = DirLock::acquire(VaultDir::new(vault)).unwrap();
    let clock = std::sync::Arc::new(SystemClock);
    let v = Vault::create_with(&lock, &rapport_tests::secret(PASSPHRASE), clock, KdfCost::Minimum)
        .unwrap()
        .vault;
    (lock, v)
}

/// Adds a client with only a name, from the Clients section.
async fn add_client(ui: &Ui<'_>, name: &str) {
    ui.click("Clients").await;
    ui.click("Add client").await;
    ui.fill("Full name", name).await;
    ui.submit("Add client").await;
    ui.text("No course of IPT yet.").await;
}

/// Adds the folder the dialogs answer with (`usb_path`) on the Backups screen and backs up.
async fn back_up_to_usb(ui: &Ui<'_>, usb_path: &str) {
    ui.click("Backups").await;
    ui.click("Add a folder…").await;
    ui.text("Connected").await;
    ui.click(&format!("Back up to {usb_path}")).await;
    ui.text("Backed up and verified").await;
}

/// Launches the app on an existing vault and unlocks it with the passphrase.
async fn launch_unlocked(desktop: &Desktop) -> WebDriver {
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    driver
}

/// True when no record text ran as markup: the planted handler never fired and no element
/// carries an inline event handler.
async fn nothing_executed(driver: &WebDriver) -> bool {
    let ret = driver
        .execute(
            "return window.__pwned === undefined && document.querySelectorAll('[onerror]').length === 0;",
            vec![],
        )
        .await
        .unwrap();
    ret.json().as_bool().unwrap_or(false)
}

const SCRIPT_NAME: &str = "Ada <script>window.__pwned=1</script> Quist";
const IMG_NAME: &str = "<img src=x onerror=\"window.__pwned=1\">";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_from_first_contact_to_formulation_and_goals() {
    let desktop = Desktop::start(&[]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // A new client, whose name holds markup that must stay text.
    ui.click("Clients").await;
    ui.text("No clients yet").await;
    ui.click("Add client").await;
    ui.fill("Full name", SCRIPT_NAME).await;
    ui.set_date("Date of birth", "1988-02-28").await;
    // A preferred name over the limit is refused next to its field; what was typed stays.
    ui.fill("Preferred name", &"A".repeat(201)).await;
    ui.submit("Add client").await;
    ui.text("This is too long: 201 characters, and the limit is 200.").await;
    let name = ui.field("Full name").await;
    assert_eq!(name.value().await.unwrap().unwrap_or_default(), SCRIPT_NAME);
    ui.shot("10-client-field-refused").await;
    ui.fill("Preferred name", "Ada").await;
    ui.submit("Add client").await;

    // The record opens with the name shown literally and no course yet.
    ui.text("No course of IPT yet.").await;
    ui.text("<script>window.__pwned=1</script>").await;
    ui.click("Set up a course").await;
    ui.submit("Start course").await;
    ui.text("Next: session 1").await;
    ui.text("of 16 · 15 left").await;
    ui.text("Initial phase").await;
    ui.shot("11-record-with-course").await;

    // Three people in the inventory, quickly, as during a session.
    ui.click("Inventory & circle").await;
    for (person, relationship, ring, option) in [
        ("Mark", "Partner", "1", "1 – closest"),
        ("Mum", "Parent", "3", "3 – outer"),
        (IMG_NAME, "Friend", "2", "2 – middle"),
    ] {
        ui.fill("Name or label", person).await;
        ui.choose("Relationship", relationship).await;
        ui.choose("Ring", option).await;
        ui.field("Name or label").await.send_keys(Key::Enter).await.unwrap();
        ui.text(&format!("to ring {ring}")).await;
    }
    // Mum moves from ring 3 to ring 2 with the keyboard.
    let mum = ui.labelled("Mum, ").await;
    assert!(mum.attr("aria-label").await.unwrap().unwrap_or_default().contains("ring 3"));
    mum.focus().await.unwrap();
    mum.send_keys("2").await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let label =
            ui.labelled("Mum, ").await.attr("aria-label").await.unwrap().unwrap_or_default();
        if label.contains("ring 2") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "Mum stayed where she was: {label}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ui.fill("Label (optional)", "Intake").await;
    ui.click("Take snapshot").await;
    ui.text("Intake").await;
    ui.shot("12-inventory-and-circle").await;

    // Mum died last year: she stays a parent, and grief work names her in one step.
    ui.wait_for(By::XPath("//button[normalize-space()='Details: Mum']"), "Mum's details button")
        .await
        .click()
        .await
        .unwrap();
    // The box in Mum's details, not the one on the quick-add line.
    ui.wait_for(
        By::XPath(
            "//section[contains(@class, 'person-form')]//input[@type='checkbox' and \
             @id=//section[contains(@class, 'person-form')]//label[normalize-space()='Has died']/@for]",
        ),
        "Mum's \"Has died\" box",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.set_date("Date of death", "2025-10-12").await;
    ui.submit("Save").await;
    ui.click("Link to grief work").await;
    ui.text("The grief work is now about Mum.").await;
    ui.field("Date of death").await.scroll_into_view().await.unwrap();
    ui.shot("57-death-linked-to-grief").await;
    ui.click("Close details").await;

    // The formulation, with exactly one primary area.
    ui.click("Formulation").await;
    ui.click("Write the first version").await;
    ui.check("Role dispute").await;
    ui.fill(
        "Statement shared with the client",
        "You have depression. It began when the arguments at home started.",
    )
    .await;
    ui.submit("Save as version 1").await;
    ui.text("It began when the arguments at home started.").await;
    ui.shot("13-formulation").await;

    // A goal for the role dispute.
    ui.click("Problem areas & goals").await;
    ui.click("Add goal").await;
    ui.fill("Goal", "Ask directly for help at home").await;
    ui.submit("Add goal").await;
    ui.text("Ask directly for help at home").await;
    ui.shot("14-goal").await;

    // The header still shows where the course is; the list shows the client as typed.
    ui.text("Next: session 1").await;
    ui.text("Initial phase").await;
    assert!(nothing_executed(&driver).await, "record text never runs as markup");
    ui.text("Active").await;
    ui.click("Clients").await;
    let row = ui.wait_for(By::XPath("//table//tbody/tr"), "the client's row").await;
    let row_text = row.text().await.unwrap();
    assert!(row_text.contains(SCRIPT_NAME), "the name as typed: {row_text}");
    assert!(row_text.contains("session 1 of 16"), "{row_text}");
    assert!(row_text.contains("Initial phase"), "{row_text}");
    ui.shot("15-client-list").await;
    assert!(nothing_executed(&driver).await, "record text never runs as markup");
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_practice_is_separate_and_clearly_marked() {
    let desktop = Desktop::start(&[]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.text("Create your vault").await;
    ui.click("Explore with a sample practice").await;
    sample_opened(&ui).await;
    assert_eq!(driver.title().await.unwrap(), "Rapport — Sample practice (fictional clients)");

    ui.click("Clients").await;
    let rows = ui
        .wait_for(By::XPath("//table//tbody/tr"), "the client list")
        .await
        .find_all(By::XPath("./../tr"))
        .await
        .unwrap();
    assert!(rows.len() >= 16, "the sample's clients are listed ({})", rows.len());
    ui.text("Next: session").await;
    ui.shot("16-sample-clients").await;

    ui.click("Leave the sample practice").await;
    ui.text("Create your vault").await;
    assert_eq!(driver.title().await.unwrap(), "Rapport");
    let sample = rapport_core::sample_dir_beside(&desktop.vault);
    assert!(sample.join("vault.keys").exists(), "the sample has a folder of its own");
    assert!(
        !desktop.vault.join("vault.keys").exists(),
        "nothing was written to the real vault's folder"
    );
    driver.quit().await.unwrap();
}

/// Every part of a busy client's record, from the sample practice: each tab must draw its
/// content from real data (screenshots for looking at).
/// Waits for the sample practice to open: preparing it is a long operation that shows its
/// progress meanwhile, longer on a busy machine than the usual wait.
async fn sample_opened(ui: &Ui<'_>) {
    ui.wait_within(
        By::XPath(
            "//*[contains(normalize-space(text()), 'Sample practice — every client here is invented')]",
        ),
        "the sample practice open",
        Duration::from_secs(90),
    )
    .await;
}

async fn visit_every_tab(theme: &str, env: &[(&str, &str)]) {
    let desktop = Desktop::start(env);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.click("Explore with a sample practice").await;
    sample_opened(&ui).await;
    // Today over the sample practice: the week's appointments, conclusion work, notes to
    // sign, risk and overdue tasks.
    ui.text("Entering the conclusion phase").await;
    ui.text("Notes to sign").await;
    ui.shot(&format!("22-{theme}-today")).await;
    // The content pane scrolls, not the window: move it down to the conclusion work.
    let heading = ui.text("Entering the conclusion phase").await;
    driver
        .execute(
            "const pane = document.querySelector('.content');\
             pane.scrollTop = arguments[0].getBoundingClientRect().top - 80;",
            vec![heading.to_json().unwrap()],
        )
        .await
        .unwrap();
    ui.shot(&format!("22-{theme}-today-notes-and-risk")).await;
    ui.click("Clients").await;
    ui.click("Bram Mowbray").await;
    ui.text("Next: session").await;
    ui.text("of 18 ·").await;
    for (tab, shows) in [
        ("Details", "Client details"),
        ("Sessions & notes", "New note for today"),
        ("Course", "Sessions & appointments"),
        ("Measures & progress", "Baseline"),
        ("Inventory & circle", "Closeness circle"),
        ("Worksheets", "Start a worksheet"),
        ("Formulation", "Current formulation"),
        ("Problem areas & goals", "Goals for"),
        ("Timeline", "Life events and mood"),
        ("Medication", "Contacts with the prescriber"),
        ("Safety plan", "Making"),
        ("Conclusion", "can be started from session"),
    ] {
        ui.click(tab).await;
        ui.text(shows).await;
        let name = tab.to_lowercase().replace(" & ", "-").replace(' ', "-");
        ui.shot(&format!("20-{theme}-{name}")).await;
    }
    // The worksheets across the course: problems counted, role plays run by run.
    ui.click("Worksheets").await;
    let across = ui.text("Across the course").await;
    driver
        .execute("arguments[0].scrollIntoView({block: 'start'});", vec![across.to_json().unwrap()])
        .await
        .unwrap();
    ui.shot(&format!("20-{theme}-worksheets-across-the-course")).await;
    // A signed note of the sample, read-only, with its sections as signed.
    ui.click("Sessions & notes").await;
    ui.wait_for(
        By::XPath("//nav[@aria-label='Sessions']//button[contains(normalize-space(), 'Signed')]"),
        "a signed note in the list",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.text("Add an amendment").await;
    ui.shot(&format!("20-{theme}-signed-note")).await;
    // A concluded client: the circle at intake beside the circle at conclusion.
    ui.click("Clients").await;
    ui.click("Rosalind Kettering (Ros)").await;
    ui.click("Inventory & circle").await;
    ui.click("Compare").await;
    let figure = ui.text("Before: Intake").await;
    figure.scroll_into_view().await.unwrap();
    ui.text("After: Conclusion").await;
    ui.shot(&format!("21-{theme}-snapshots-compared")).await;
    ui.text("Closeness circle").await.scroll_into_view().await.unwrap();
    ui.shot(&format!("21-{theme}-circle")).await;
    // Outcomes across the sample practice: shares per measure, by condition group too.
    ui.click("Outcomes").await;
    ui.text("concluded as planned").await;
    ui.text("courses with a PHQ-9 baseline of 10 or more").await;
    ui.shot(&format!("24-{theme}-practice-outcomes")).await;
    ui.check("By condition group").await;
    ui.text("courses with an EPDS baseline and a later score").await;
    ui.shot(&format!("24-{theme}-outcomes-by-condition")).await;
    // The Backups screen of the sample practice: nothing backed up yet, and no restore over
    // fictional records.
    ui.click("Backups").await;
    ui.text("Back up now").await;
    ui.text("No verified backup yet").await;
    ui.shot(&format!("23-{theme}-backups")).await;
    assert!(nothing_executed(&driver).await);
    driver.quit().await.unwrap();
}

/// The dark appearance, where it shows most: Today, a record's inventory and the Backups
/// screen (every tab is visited in the light appearance above).
async fn dark_appearance() {
    let desktop = Desktop::start(&[("GTK_THEME", "Adwaita:dark")]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.click("Explore with a sample practice").await;
    sample_opened(&ui).await;
    let heading = ui.text("Entering the conclusion phase").await;
    let dark = driver
        .execute("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![])
        .await
        .unwrap()
        .json()
        .as_bool();
    assert_eq!(dark, Some(true), "the window follows the desktop's dark appearance");
    driver
        .execute(
            "const pane = document.querySelector('.content');\
             pane.scrollTop = arguments[0].getBoundingClientRect().top - 80;",
            vec![heading.to_json().unwrap()],
        )
        .await
        .unwrap();
    ui.shot("22-dark-today-notes-and-risk").await;
    ui.click("Clients").await;
    ui.click("Bram Mowbray").await;
    ui.click("Inventory & circle").await;
    ui.text("Closeness circle").await;
    ui.shot("20-dark-inventory-circle").await;
    ui.click("Backups").await;
    ui.text("No verified backup yet").await;
    ui.shot("23-dark-backups").await;
    assert!(nothing_executed(&driver).await);
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_of_a_sample_record_and_the_dark_appearance() {
    visit_every_tab("light", &[]).await;
    dark_appearance().await;
}

const NARRATIVE: &str = "She spoke of the lighthouse walk with her brother, and of <b>anger</b> \
                         she had not voiced.";
const EVENTS: &str = "Argued with her brother about their father's care; slept badly since.";

/// The value of the element that has the keyboard, and whether it is a text area.
async fn focused_value(driver: &WebDriver) -> (String, bool) {
    let ret = driver
        .execute(
            "const e = document.activeElement;\
             return [e && e.value !== undefined ? e.value : '', !!e && e.tagName === 'TEXTAREA'];",
            vec![],
        )
        .await
        .unwrap();
    let v = ret.json();
    (v[0].as_str().unwrap_or_default().to_string(), v[1].as_bool().unwrap_or(false))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_survives_a_killed_app_then_is_signed_amended_and_found() {
    let desktop = Desktop::start(&[]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // A client in a course, and today's note, written as it would be during a session.
    ui.click("Clients").await;
    ui.click("Add client").await;
    ui.fill("Full name", "Hana Ikeda").await;
    ui.submit("Add client").await;
    ui.click("Set up a course").await;
    ui.submit("Start course").await;
    ui.text("Next: session 1").await;
    ui.click("Sessions & notes").await;
    // The new note comes from the keyboard, as it would with a client in the room.
    ui.text("New note for today").await;
    driver
        .action_chain()
        .key_down(Key::Control)
        .key_down(Key::Shift)
        .send_keys("n")
        .key_up(Key::Shift)
        .key_up(Key::Control)
        .perform()
        .await
        .unwrap();
    let saves = ui.saves("Note").await;
    ui.fill("Mood and interpersonal events since the last session", EVENTS).await;
    ui.fill("Narrative", NARRATIVE).await;
    ui.check("No concerns").await;
    // No save button is pressed: the draft saves itself while typing. The kill waits for the
    // save of the last words typed, not for a "Saved at" that the first field's save put up.
    ui.saved_since("Note", saves).await;
    ui.text("Saved at").await;
    ui.shot("30-note-draft").await;

    // The app is killed outright, as a crash or a flat battery would end it.
    assert!(desktop.kill_app() >= 1, "the app was running");
    let _ = driver.quit().await;

    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    // Today shows the unsigned note, and the draft opens exactly as it was left.
    ui.text("Notes to sign").await;
    ui.shot("31-today-after-crash").await;
    ui.click("Continue draft for Hana Ikeda").await;
    let narrative = ui.field("Narrative").await;
    assert_eq!(narrative.value().await.unwrap().unwrap_or_default(), NARRATIVE);
    let events = ui.field("Mood and interpersonal events since the last session").await;
    assert_eq!(events.value().await.unwrap().unwrap_or_default(), EVENTS);
    let (value, in_text) = focused_value(&driver).await;
    assert!(in_text && value == NARRATIVE, "the keyboard is back in the narrative: {value:?}");
    ui.shot("32-draft-intact").await;

    // Signed from the keyboard (Ctrl+Enter asks first; Enter confirms): the note becomes
    // read-only, with the time it was signed.
    narrative.send_keys(Key::Control + Key::Enter).await.unwrap();
    ui.text("Sign this note?").await;
    ui.shot("33-sign-dialog").await;
    driver.active_element().await.unwrap().send_keys(Key::Enter).await.unwrap();
    ui.text("Add an amendment").await;
    assert!(ui.gone("Sign note…").await);
    ui.wait_for(
        By::XPath("//nav[@aria-label='Sessions']//button[contains(normalize-space(), 'Signed')]"),
        "the session list showing the note signed",
    )
    .await;
    ui.text("lighthouse walk").await;
    ui.shot("33-note-signed").await;

    // The desktop command refuses to change a signed note, whatever the page asks.
    let refused = driver
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('save_note_draft', {clientId: 1, noteId: 1, \
             note: {phase: null, mood: null, mood_and_events: null, risk_level: 'not_asked', \
             risk_not_assessed_reason: null, risk_notes: null, risk_actions: [], \
             risk_action: null, focus_work: null, techniques: [], mechanisms: [], \
             goals_worked: [], attended_with: 'alone', attended_with_name: null, \
             homework_review: null, medication_update: null, plan_next: null, \
             narrative: 'Rewritten', }, caret: null}).then(() => 'saved', (e) => e.code);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused.json().as_str(), Some("conflict"), "a signed note is never rewritten");

    // An amendment, dated and with its reason, shown under the original.
    ui.click("Add an amendment").await;
    ui.choose("Part of the note", "Narrative").await;
    ui.fill("Amendment", "She also named her grandmother as someone to call.").await;
    ui.fill("Reason for the amendment", "Recalled after the session.").await;
    ui.submit("Add amendment").await;
    ui.text("She also named her grandmother as someone to call.").await;
    ui.text("Recalled after the session.").await;
    ui.text("lighthouse walk").await;
    ui.shot("34-note-amended").await;

    // Found again from anywhere with Ctrl+K, by a word of the note and of the amendment.
    ui.click("Today").await;
    driver
        .action_chain()
        .key_down(Key::Control)
        .send_keys("k")
        .key_up(Key::Control)
        .perform()
        .await
        .unwrap();
    // Typed straight away: the shortcut put the keyboard in the search box.
    driver.active_element().await.unwrap().send_keys("lighthouse").await.unwrap();
    ui.text("1 result.").await;
    ui.wait_for(By::XPath("//mark[normalize-space()='lighthouse']"), "the highlighted match").await;
    ui.shot("35-search").await;
    ui.fill("Search the record", "grandmother").await;
    ui.wait_for(By::XPath("//mark[normalize-space()='grandmother']"), "the amendment's match")
        .await;
    ui.field("Search the record").await.send_keys(Key::Down).await.unwrap();
    let active = driver.active_element().await.unwrap();
    active.send_keys(Key::Enter).await.unwrap();
    ui.text("Recalled after the session.").await;
    assert!(nothing_executed(&driver).await, "note text never runs as markup");
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_started_by_mistake_is_discarded_after_asking() {
    let desktop = Desktop::start(&[]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.click("Explore with a sample practice").await;
    sample_opened(&ui).await;
    // One of the sample's unsigned notes, opened from Today.
    ui.text("Notes to sign").await;
    ui.wait_for(
        By::XPath("//button[starts-with(normalize-space(), 'Open note')]"),
        "a note to sign",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.click("Discard this draft…").await;
    ui.text("Discard this draft?").await;
    ui.click("Keep it").await;
    assert!(ui.gone("Discard this draft?").await);
    ui.click("Discard this draft…").await;
    ui.shot("36-discard-draft").await;
    ui.click("Discard draft").await;
    // The session stays, now without a note, ready for one to be started again.
    ui.button("Start note").await;
    assert!(ui.gone("Discard this draft…").await);
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_restored_over_a_changed_vault_and_kept() {
    // The system's folder and file dialogs cannot be driven; a debug build under automation
    // answers them with this folder (and, for a file, the newest backup in it).
    let usb = tempfile::tempdir().unwrap();
    let usb_path = usb.path().to_str().unwrap().to_string();
    let desktop = Desktop::start(&[("RAPPORT_TEST_PICK", &usb_path)]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // A client, then a backup to the USB disk.
    add_client(&ui, "Nora Before").await;
    ui.click("Today").await;
    ui.text("No backups yet.").await;
    ui.shot("39-today-no-backups").await;
    ui.click("Backups").await;
    ui.text("No verified backup yet").await;
    ui.click("Add a folder…").await;
    ui.text("Connected").await;
    ui.click(&format!("Back up to {usb_path}")).await;
    ui.text("Backed up and verified").await;
    assert_eq!(rapport_tests::backup_files(usb.path()).len(), 1, "one backup file on the disk");
    ui.text("checked now").await;
    ui.shot("40-backups").await;

    // A change after the backup: a second client.
    add_client(&ui, "Otto After").await;

    // Restore the backup over the changed vault.
    ui.click("Backups").await;
    ui.click("Restore from a backup…").await;
    ui.click("Choose a backup file…").await;
    ui.text("About this file").await;
    ui.fill("Passphrase in use when this backup was made", OTHER_PASSPHRASE).await;
    ui.submit("Open and check the backup").await;
    ui.text("does not open this backup").await;
    // The refused passphrase is cleared from the field; type the right one after that.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let field = ui.field("Passphrase in use when this backup was made").await;
    while !field.value().await.unwrap().unwrap_or_default().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the refused passphrase stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ui.fill("Passphrase in use when this backup was made", PASSPHRASE).await;
    ui.submit("Open and check the backup").await;
    ui.text("This backup holds").await;
    ui.shot("41-restore-preview").await;
    ui.click("Replace my vault with this backup").await;
    ui.click("Replace my vault").await;

    // The vault locks; the lock screen says what happened; the restored vault opens.
    ui.text("Unlock with the").await;
    ui.shot("42-restored-unlock").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.text("This vault was restored from the backup made on").await;
    ui.click("Clients").await;
    ui.text("Nora Before").await;
    assert!(ui.gone("Otto After").await, "the change made after the backup is not there");
    ui.shot("43-restored-pending").await;
    let aside: Vec<_> = std::fs::read_dir(&desktop.vault)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "the previous vault is kept aside until confirmed");

    // Keeping the restored vault removes the one kept aside.
    ui.click("Keep the restored vault").await;
    ui.text("The previous vault was removed.").await;
    let aside = std::fs::read_dir(&desktop.vault)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("before-restore-"))
        .count();
    assert_eq!(aside, 0);
    driver.quit().await.unwrap();
    drop(desktop);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practice_is_restored_on_a_new_computer_from_the_first_screen() {
    // The old computer: a vault and a scheduled backup onto the USB disk.
    let old = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let old_vault = old.path().join("vault");
    init_vault(&old_vault);
    let out = {
        let mut child = Command::new(built_binary("rapport-cli"))
            .args(["--vault", old_vault.to_str().unwrap(), "backup", "--to"])
            .arg(usb.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        rapport_tests::feed(&mut child, &format!("{PASSPHRASE}\n"));
        child.wait_with_output().unwrap()
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // The new computer: nothing yet, so the first screen offers to restore.
    let usb_path = usb.path().to_str().unwrap().to_string();
    let desktop = Desktop::start(&[("RAPPORT_TEST_PICK", &usb_path)]);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.text("Moving from another computer?").await;
    ui.click("Restore from a backup…").await;
    ui.click("Choose a backup file…").await;
    ui.fill("Passphrase in use when this backup was made", PASSPHRASE).await;
    ui.submit("Open and check the backup").await;
    ui.text("This backup holds").await;
    ui.shot("44-new-computer-preview").await;
    ui.click("Restore this backup here").await;
    ui.text("Unlock Rapport").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.text("Appointments").await;
    driver.quit().await.unwrap();
    // The restored vault is the old one: the same vault id, and every check clean.
    let id = |dir: &std::path::Path| -> String {
        let keys: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("vault.keys")).unwrap()).unwrap();
        keys["vault_id"].as_str().unwrap().to_string()
    };
    assert_eq!(id(&desktop.vault), id(&old_vault));
    // The app lets go of the vault a moment after its window is gone.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let (code, report) = loop {
        let (code, report) = cli_check(&desktop.vault);
        if code != Some(5) || std::time::Instant::now() > deadline {
            break (code, report);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(code, Some(0), "{report}");
    drop(desktop);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recovery_key_is_never_saved_beside_the_vault() {
    // The save dialog answers with the vault's own folder, as a hurried click might.
    let desktop = Desktop::start_with(|vault| {
        vec![("RAPPORT_TEST_PICK".into(), vault.to_str().unwrap().to_string())]
    });
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.text("Create your vault").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.fill("Confirm passphrase", PASSPHRASE).await;
    ui.click("Create vault").await;
    ui.wait_for(By::XPath("//*[@aria-label='Recovery key']"), "the recovery key").await;
    ui.click("Save to file…").await;
    ui.text("cannot be saved on the disk that holds the vault").await;
    ui.text("Print it, or save it to a USB stick").await;
    ui.shot("47-recovery-key-refused").await;
    let written: Vec<String> = std::fs::read_dir(&desktop.vault)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".pdf"))
        .collect();
    assert!(written.is_empty(), "nothing was written beside the vault: {written:?}");
    // Printing stays the way forward: the typeset sheet in a print window, then the system's
    // print dialog; and the key can still be confirmed.
    ui.click("Print…").await;
    ui.text("The print window is open; choose a printer there.").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let titles = window_titles(desktop.display());
        if titles.contains("\"Print\"") && titles.contains("Print: Rapport recovery key") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no print dialog:\n{titles}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    ui.field("I have stored the recovery key somewhere safe").await.click().await.unwrap();
    ui.click("Continue").await;
    ui.button("Lock").await;
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_encryption_key_is_changed_from_settings_then_the_vault_unlocks() {
    let usb = tempfile::tempdir().unwrap();
    let usb_path = usb.path().to_str().unwrap().to_string();
    let desktop = Desktop::start(&[("RAPPORT_TEST_PICK", &usb_path)]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // A client and a backup under the key the vault was made with.
    add_client(&ui, "Wren Keyholder").await;
    back_up_to_usb(&ui, &usb_path).await;
    let before = rapport_tests::backup_files(usb.path());
    assert_eq!(before.len(), 1);
    let old_keys = std::fs::read(desktop.vault.join("vault.keys")).unwrap();

    // Settings: change the encryption key.
    ui.click("Settings").await;
    let section = ui
        .wait_for(
            By::XPath("//section[.//h2[normalize-space()='Encryption key']]"),
            "the encryption key section",
        )
        .await;
    let field = section.find(By::XPath(".//input[@type='password']")).await.unwrap();
    field.send_keys(PASSPHRASE).await.unwrap();
    section
        .find(By::XPath(".//button[normalize-space()='Change the encryption key']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    ui.text("The vault is now encrypted with a new key").await;
    ui.shot("48-new-key-recovery").await;
    ui.field("I have stored the recovery key somewhere safe").await.click().await.unwrap();
    ui.click("Continue").await;
    ui.text("After the change of key").await;
    ui.text("Made and verified").await;
    ui.shot("49-after-key-change").await;
    // The earlier backup, made the same day, was rotated away once the fresh one verified
    // (each day keeps its newest), so none under the old key is left to offer for deletion.
    ui.text("No backup made under the earlier key is within reach now.").await;
    let after = rapport_tests::backup_files(usb.path());
    assert_eq!(after.len(), 1, "the fresh backup stays, the older one is gone: {after:?}");
    assert_ne!(after, before);
    ui.click("Done").await;
    assert!(ui.gone("After the change of key").await);
    assert_ne!(std::fs::read(desktop.vault.join("vault.keys")).unwrap(), old_keys);

    // Lock, then unlock with the same passphrase: everything is there.
    ui.click("Lock").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.click("Clients").await;
    ui.text("Wren Keyholder").await;
    driver.quit().await.unwrap();

    // The key file from before the change holds another key than the one in use now.
    let old = rapport_core::KeyFile::parse(&old_keys).unwrap();
    let now = std::fs::read(desktop.vault.join("vault.keys")).unwrap();
    let now = rapport_core::KeyFile::parse(&now).unwrap();
    assert!(old.key_fingerprint.is_some() && now.key_fingerprint.is_some());
    assert_ne!(old.key_fingerprint, now.key_fingerprint);
    drop(desktop);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_backup_made_without_the_passphrase_is_verified_at_unlock() {
    let usb = tempfile::tempdir().unwrap();
    let desktop = Desktop::start(&[]);
    init_vault(&desktop.vault);
    // The scheduled job, while the app is closed: no passphrase, standard input closed.
    let out = Command::new(built_binary("rapport-cli"))
        .args(["--vault", desktop.vault.to_str().unwrap(), "backup", "--to"])
        .arg(usb.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(rapport_tests::backup_files(usb.path()).len(), 1);

    // The next unlock reads it back with the key, in the background; the Backups screen
    // says how it was made and that it verified.
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    ui.button("Lock").await;
    ui.click("Backups").await;
    ui.text("made without the passphrase").await;
    ui.text("Verified").await;
    ui.shot("50-verified-after-unlock").await;
    driver.quit().await.unwrap();
}

/// A practice prepared through the core before the app opens: Nora, weekly since 11 weeks and a
/// day ago, ten sessions held and two booked weeks not yet recorded, with one booked tomorrow;
/// Ravi, whose session a week ago has no note yet.
fn practice_with_a_course_under_way(vault: &std::path::Path) {
    use chrono::Days;
    use rapport_core::{
        Attendance, ClientInput, ClientStatus, CourseInput, Edit, SessionFormat, SessionInput,
    };
    let today = chrono::Local::now().date_naive();
    let (_lock, mut v) = fresh_vault(vault);
    let session = |day: chrono::NaiveDate, attendance| SessionInput {
        held_on: day.to_string(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance,
    };
    let mut course_for = |name: &str, start: chrono::NaiveDate| {
        let id =
            v.create_client(&ClientInput::named(name), ClientStatus::Assessment).unwrap().client.id;
        let course = CourseInput::starting(&start.to_string());
        let course_id = v.edit_client(id, &Edit::AddCourse { course }).unwrap().courses[0].id;
        (id, course_id)
    };
    let start = today - Days::new(78);
    let (nora, course_id) = course_for("Nora Quist", start);
    let (ravi, ravi_course) = course_for("Ravi Shah", today - Days::new(21));
    for week in 0..12u64 {
        let attendance =
            if week == 4 || week == 8 { Attendance::Scheduled } else { Attendance::Attended };
        let s = session(start + Days::new(7 * week), attendance);
        v.edit_client(nora, &Edit::AddSession { course_id, session: s }).unwrap();
    }
    let tomorrow = session(today + Days::new(1), Attendance::Scheduled);
    v.edit_client(nora, &Edit::AddSession { course_id, session: tomorrow }).unwrap();
    let week_ago = session(today - Days::new(7), Attendance::Attended);
    v.edit_client(ravi, &Edit::AddSession { course_id: ravi_course, session: week_ago }).unwrap();
    v.lock(false).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_missed_sessions_move_the_header_today_and_the_conclusion_prompt() {
    let desktop = Desktop::start(&[]);
    practice_with_a_course_under_way(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // Before: tomorrow is session 11 of 16 with five left, and no conclusion work yet.
    ui.text("Session 11 of 16 · 5 left").await;
    let checklist = "//ul[@aria-label='Conclusion work for Nora Quist']";
    assert!(driver.find_all(By::XPath(checklist)).await.unwrap().is_empty());
    ui.click("Clients").await;
    ui.click("Nora Quist").await;
    ui.text("Next: session 11").await;
    ui.text("of 16 · 5 left").await;
    ui.text("Middle phase").await;
    assert!(ui.gone("Conclusion work is due.").await);

    // Two booked weeks the client did not come to are recorded as such.
    ui.click("Course").await;
    for recorded in 1..=2 {
        let change = ui
            .wait_for(
                By::XPath(
                    "//tr[.//*[normalize-space()='Scheduled']]//button[normalize-space()='Change']",
                ),
                "a past booked session",
            )
            .await;
        change.click().await.unwrap();
        ui.choose("Attendance", "Did not attend").await;
        ui.submit("Save session").await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while driver
            .find_all(By::XPath("//td//*[normalize-space()='Did not attend']"))
            .await
            .unwrap()
            .len()
            < recorded
        {
            assert!(std::time::Instant::now() < deadline, "the no-show {recorded} was not saved");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    ui.text("counts against the plan").await;
    ui.shot("51-two-missed-sessions").await;

    // After: the same next session has three left and two missed, and the ending is due.
    let header = ui.text("of 16 · 3 left, 2 missed").await;
    ui.text("Conclusion work is due.").await;
    header.scroll_into_view().await.unwrap();
    ui.shot("52-header-after-missed").await;
    ui.click("Today").await;
    ui.text("Session 11 of 16 · 3 left, 2 missed").await;
    ui.wait_for(By::XPath(checklist), "Nora's conclusion checklist on Today")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    let signs = |state: &str| {
        format!(
            "{checklist}/li[contains(normalize-space(.), 'Name the warning signs') \
             and contains(normalize-space(.), ': {state}')]"
        )
    };
    ui.wait_for(By::XPath(signs("to do")), "the warning signs still to name").await;
    ui.shot("53-today-after-missed").await;

    // The relapse warning signs, written with her, tick that item off; the crisis plan is apart.
    ui.click("Clients").await;
    ui.click("Nora Quist").await;
    ui.click("Safety plan").await;
    ui.click("Write the warning signs").await;
    ui.fill("Early warning signs", "Waking at four; cancelling on friends.").await;
    ui.fill("Whom they will contact", "Her brother; the GP.").await;
    ui.submit("Save warning signs").await;
    ui.text("Version 1, saved").await;
    ui.shot("58-relapse-warning-signs").await;
    ui.click("Today").await;
    ui.wait_for(By::XPath(signs("done")), "the warning signs named").await;
    driver.quit().await.unwrap();
}

/// A vault with one client on sertraline 50 mg, working on isolation (interpersonal deficits).
fn practice_with_medication_and_isolation(vault: &std::path::Path) {
    use rapport_core::{
        AreaDetails, Attendance, ClientInput, ClientStatus, CourseInput, Edit, GoalInput,
        MedicationInput, ProblemArea, SessionFormat, SessionInput,
    };
    let today = chrono::Local::now().date_naive();
    let ago = |days: u64| (today - chrono::Days::new(days)).to_string();
    let (_lock, mut v) = fresh_vault(vault);
    let id =
        v.create_client(&ClientInput::named("Lena Falk"), ClientStatus::Active).unwrap().client.id;
    let medication = MedicationInput {
        name: "Sertraline".into(),
        dose: Some("50 mg".into()),
        started_on: None,
        stopped_on: None,
        adherence: None,
        side_effects: None,
    };
    v.edit_client(id, &Edit::AddMedication { medication }).unwrap();
    let details = AreaDetails::InterpersonalDeficits {
        relationship_history: Some("Friendships faded after each move.".into()),
        patterns: None,
        target_contacts: Some("Two contacts a week, one face to face.".into()),
        therapy_relationship: None,
    };
    v.edit_client(id, &Edit::SaveAreaWork { details }).unwrap();
    // A course under way for five weeks, with a goal first rated three weeks ago.
    let course = CourseInput::starting(&ago(35));
    let course_id = v.edit_client(id, &Edit::AddCourse { course }).unwrap().courses[0].id;
    for week in 0..5u64 {
        let session = SessionInput {
            held_on: ago(35 - 7 * week),
            start_time: Some("10:00".into()),
            duration_minutes: Some(50),
            format: SessionFormat::InPerson,
            attendance: Attendance::Attended,
        };
        v.edit_client(id, &Edit::AddSession { course_id, session }).unwrap();
    }
    let goal = GoalInput {
        area: ProblemArea::InterpersonalDeficits,
        description: "Meet a friend face to face each week".into(),
        target_date: None,
    };
    let goal_id = v.edit_client(id, &Edit::AddGoal { goal }).unwrap().goals[0].id;
    v.edit_client(id, &Edit::RateGoal { goal_id, rated_on: ago(21), rating: 2 }).unwrap();
    v.lock(false).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dose_change_is_dated_and_social_contacts_are_counted_week_by_week() {
    let desktop = Desktop::start(&[]);
    practice_with_medication_and_isolation(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    let today = chrono::Local::now().date_naive();
    ui.click("Clients").await;
    ui.click("Lena Falk").await;

    // The GP raised the dose: a dated change, and the dose shown follows it.
    ui.click("Medication").await;
    ui.click("Add a change to Sertraline").await;
    ui.fill("What changed", "Raised by the GP; sleep still poor.").await;
    ui.fill("New dose", "100 mg").await;
    ui.submit("Add change").await;
    ui.text("Change added.").await;
    ui.text("Dose 100 mg.").await;
    ui.wait_for(
        By::XPath("//h4[contains(normalize-space(), 'Sertraline') and contains(normalize-space(), '100 mg')]"),
        "the medication with its new dose",
    )
    .await;
    ui.shot("64-dose-change").await;

    // Two weeks of social contacts, counted a fortnight apart: the trend reads upward.
    ui.click("Problem areas & goals").await;
    ui.wait_for(
        By::XPath("//button[.//span[normalize-space()='Interpersonal deficits / sensitivity']]"),
        "the interpersonal deficits area",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.click("Count a week").await;
    ui.set_date("Week of", &(today - chrono::Days::new(14)).to_string()).await;
    ui.fill("Contacts that week", "1").await;
    ui.fill("Who or what", "A call with a cousin.").await;
    ui.submit("Record week").await;
    ui.text("Recorded: 1").await;
    ui.click("Count a week").await;
    ui.fill("Contacts that week", "3").await;
    ui.submit("Record week").await;
    ui.text("Recorded: 3").await;
    ui.text("From 1 contact").await;
    ui.text("up 2.").await;
    ui.shot("65-social-contacts").await;

    // The goal rated again today: the ratings and the weekly contacts are charted over the
    // course on the Measures & progress tab, each value readable from the keyboard.
    ui.click("Rate progress").await;
    ui.fill("Progress (0–10)", "6").await;
    ui.submit("Save rating").await;
    ui.text("6/10 on").await;
    ui.click("Measures & progress").await;
    ui.text("Goal ratings: progress towards each goal, 0–10").await;
    ui.text("Social contacts per week").await;
    let goal_points = chart_points(&driver, "Goal ratings").await;
    assert_eq!(goal_points.len(), 2, "two ratings of the goal");
    let week_points = chart_points(&driver, "Social contacts").await;
    assert_eq!(week_points.len(), 2, "two weeks counted");
    week_points[1].focus().await.unwrap();
    ui.text("3 contacts").await;
    goal_points[1].focus().await.unwrap();
    ui.text("Meet a friend face to face each week: ").await;
    ui.labelled("Goal ratings: progress towards each goal, 0–10, over the course")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    ui.shot("74-goal-ratings-and-contacts-charted").await;
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assessment_before_the_course_is_noted_and_the_course_still_starts_at_session_1() {
    let desktop = Desktop::start(&[]);
    init_vault(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    add_client(&ui, "Iris Novak").await;

    // The first meeting is an assessment: recorded and noted before any contract.
    ui.click("Sessions & notes").await;
    ui.click("Record an assessment session").await;
    ui.submit("Record assessment").await;
    ui.text("Assessment session recorded.").await;
    ui.wait_for(
        By::XPath(
            "//nav[@aria-label='Sessions']//button[contains(normalize-space(), 'Assessment')]",
        ),
        "the assessment in the list of sessions",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.click("Start note").await;
    ui.text("Assessment session").await;
    ui.text("Before a course is agreed").await;
    assert!(ui.gone("Session 1 of").await);
    ui.fill("Narrative", "Low mood since the move; history and the people around her.").await;
    ui.check("Low").await;
    ui.click("Sign note…").await;
    ui.click("Sign note").await;
    ui.text("Add an amendment").await;
    ui.shot("62-assessment-note").await;

    // The course agreed afterwards starts at session 1; the assessment stays apart.
    ui.click("Course").await;
    ui.click("Start a new course").await;
    ui.submit("Start course").await;
    ui.text("Course started.").await;
    ui.text("Next: session 1").await;
    ui.text("of 16 · 15 left").await;
    ui.click("Sessions & notes").await;
    ui.text("Assessment, before a course").await;
    ui.shot("63-sessions-with-assessment").await;
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concluded_course_gets_booster_dates_and_maintenance_starts_with_review_points() {
    let desktop = Desktop::start(&[]);
    practice_with_a_course_under_way(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    let today = chrono::Local::now().date_naive();
    let ahead = |days: u64| (today + chrono::Days::new(days)).to_string();

    // Ravi's acute course is concluded today, with two boosters agreed at three and six months.
    ui.click("Clients").await;
    ui.click("Ravi Shah").await;
    ui.click("Course").await;
    ui.click("Edit contract").await;
    ui.choose("Course status", "Concluded").await;
    ui.set_date("Ended on", &today.to_string()).await;
    ui.submit("Save contract").await;
    ui.text("Contract saved.").await;
    ui.click("Plan booster sessions").await;
    ui.set_date("Booster 1", &ahead(91)).await;
    ui.set_date("Booster 2", &ahead(182)).await;
    ui.fill("What the boosters are for", "Check the warning signs and the plan.").await;
    ui.submit("Save booster plan").await;
    ui.text("2 booster sessions planned.").await;
    ui.text("Booster 1:").await;
    ui.text("Booster 2:").await;
    ui.shot("59-booster-plan").await;

    // Monthly maintenance follows: choosing the kind brings its own terms, not an acute course's.
    ui.click("Start a new course").await;
    ui.choose("Kind of course", "Maintenance (IPT-M)").await;
    assert_eq!(ui.field("Planned sessions").await.value().await.unwrap().as_deref(), Some("12"));
    assert_eq!(ui.field("How often").await.value().await.unwrap().as_deref(), Some("monthly"));
    let review = ui.field("Review every so many sessions").await;
    assert_eq!(review.value().await.unwrap().as_deref(), Some("6"));
    ui.fill("Planned sessions", "24").await;
    ui.shot("60-maintenance-contract").await;
    ui.submit("Start course").await;
    ui.text("Course started.").await;

    // The header counts the maintenance sessions with review points, and no acute phase.
    ui.text("Next: session 1").await;
    ui.text("of 24 · 23 left").await;
    ui.text("Maintenance (IPT-M)").await;
    ui.text("next review at session 6").await;
    assert!(ui.gone("Conclusion work is due.").await);
    ui.shot("61-maintenance-course").await;
    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_at_high_risk_needs_the_action_and_the_flag_stays_until_a_signed_note_lowers_it() {
    let desktop = Desktop::start(&[]);
    practice_with_a_course_under_way(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    ui.text("No raised risk is open").await;

    // Last week's session: high risk, and signing is refused until an action is recorded.
    ui.click("Clients").await;
    ui.click("Ravi Shah").await;
    note_for_session(&ui, 1).await;
    // His wife came too; the session served social support and emotional processing.
    ui.choose("Who attended", "With partner").await;
    ui.fill("Who came", "His wife, Meera").await;
    ui.click("Enhancing social support").await;
    ui.click("Facilitating emotional processing").await;
    ui.fill("Narrative", "Said he has thought about ending his life since the row.").await;
    ui.check("High").await;
    ui.text("Before the session ends, assess the client").await;
    ui.fill("What the check found", "Thoughts of suicide most days; a plan, no date set.").await;
    ui.click("Sign note…").await;
    ui.click("Sign note").await;
    ui.text("At high risk, record the action taken before signing").await;
    ui.shot("54-high-risk-refused").await;
    let narrative = ui.field("Narrative").await;
    assert_eq!(
        narrative.value().await.unwrap().unwrap_or_default(),
        "Said he has thought about ending his life since the row."
    );
    ui.check("Safety plan reviewed together").await;
    ui.check("Crisis contacts given").await;
    ui.click("Sign note…").await;
    ui.click("Sign note").await;
    ui.text("Add an amendment").await;
    ui.text("His wife, Meera").await;
    ui.text("Facilitating emotional processing").await;

    // Today keeps the flag, with the actions taken.
    ui.click("Today").await;
    ui.text("Raised risk at the last signed check").await;
    ui.text("Safety plan reviewed together").await.scroll_into_view().await.unwrap();
    ui.shot("55-risk-on-today").await;

    // Today's note at a lower level: refused until it says what the assessment found.
    ui.click("Clients").await;
    ui.click("Ravi Shah").await;
    ui.click("Sessions & notes").await;
    ui.click("New note for today").await;
    ui.fill("Narrative", "Calmer; went through the plan again.").await;
    ui.check("Low").await;
    ui.click("Sign note…").await;
    ui.click("Sign note").await;
    ui.text("Write what this assessment found before recording a lower level").await;
    ui.click("Today").await;
    ui.text("Raised risk at the last signed check").await;
    ui.click("Continue draft for Ravi Shah").await;
    ui.fill(
        "What the check found",
        "No thoughts of suicide since Friday; has given up the plan and uses the safety plan.",
    )
    .await;
    ui.click("Sign note…").await;
    ui.click("Sign note").await;
    ui.text("Add an amendment").await;
    ui.click("Today").await;
    ui.text("No raised risk is open").await;
    ui.shot("56-risk-closed").await;
    driver.quit().await.unwrap();
}

/// Answers the item that has the focus with `key`, then waits for `after` to show.
async fn answer_by_key(ui: &Ui<'_>, key: &str, after: &str) {
    let focused = ui.0.active_element().await.unwrap();
    focused.send_keys(key).await.unwrap();
    ui.text(after).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phq9_flag_reaches_the_note_and_today_and_a_gad7_is_handed_to_the_client() {
    let desktop = Desktop::start(&[]);
    practice_with_a_course_under_way(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);

    // Last week's session: a PHQ-9 entered from the paper form, one digit key per item.
    ui.click("Clients").await;
    ui.click("Ravi Shah").await;
    note_for_session(&ui, 1).await;
    ui.fill("Narrative", "Low week; sleeping badly since the argument.").await;
    ui.choose("Measure", "PHQ-9: depression").await;
    ui.click("Give this measure").await;
    let first =
        ui.wait_for(By::XPath("//li[@data-row='0']//input[@type='radio']"), "the first item").await;
    first.send_keys("1").await.unwrap();
    ui.text("Answered 1 of 10").await;
    // A low total, but item 9 (thoughts of death or self-harm) at 1.
    for (n, key) in ["1", "0", "1", "0", "0", "0", "0"].iter().enumerate() {
        answer_by_key(&ui, key, &format!("Answered {} of 10", n + 2)).await;
    }
    // The ninth scored item completes it: the running total becomes the total.
    answer_by_key(&ui, "1", "Total 4").await;
    ui.text("answered 1: assess risk in this session").await;
    ui.shot("66-phq9-entered-by-keys").await;
    ui.click("Finish").await;
    ui.text("4 · Minimal").await;
    ui.text("Flag: item 9 = 1").await;
    // The note's risk check shows the flag, and signing without an assessment is refused.
    ui.text("Flagged by a measure, whatever its total").await;
    ui.text("PHQ-9 item 9 (thoughts of death or self-harm) answered 1").await;
    ui.shot("67-phq9-flag-on-the-note").await;
    ui.click("Today").await;
    ui.text("Measure item flagged").await;
    ui.text("PHQ-9 item 9 (thoughts of death or self-harm) answered 1")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    ui.shot("68-phq9-flag-on-today").await;

    // A GAD-7 handed to the client on the laptop: the whole screen, one question at a time.
    ui.click("Open the session's note for Ravi Shah").await;
    ui.choose("Measure", "GAD-7: anxiety").await;
    ui.click("Hand to client…").await;
    ui.text("A questionnaire about the past 2 weeks").await;
    ui.text("Question 1 of 8").await;
    ui.shot("69-gad7-handed-to-the-client").await;
    for n in 1..=7 {
        let next =
            if n < 7 { format!("Question {} of 8", n + 1) } else { "Question 8 of 8".into() };
        answer_by_key(&ui, "2", &next).await;
    }
    answer_by_key(&ui, "1", "Thank you.").await;
    ui.click("Hand back to the practitioner").await;
    ui.fill("Passphrase", "not the passphrase").await;
    ui.submit("Take the laptop back").await;
    ui.text("That is not the vault's passphrase.").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.submit("Take the laptop back").await;
    ui.text("Total 14").await.scroll_into_view().await.unwrap();
    ui.shot("70-gad7-handed-back").await;
    ui.click("Finish").await;
    ui.text("14 · Moderate").await;
    // The draft typed before all this is still there.
    let narrative = ui.field("Narrative").await;
    assert_eq!(
        narrative.value().await.unwrap().unwrap_or_default(),
        "Low week; sleeping badly since the argument."
    );
    driver.quit().await.unwrap();
}

/// Opens the `nth` session of the open record's list (1 = the latest) and starts its note.
async fn note_for_session(ui: &Ui<'_>, nth: usize) {
    ui.click("Sessions & notes").await;
    ui.wait_for(
        By::XPath(format!("(//nav[@aria-label='Sessions']//button)[{nth}]")),
        "a session in the list",
    )
    .await
    .click()
    .await
    .unwrap();
    ui.click("Start note").await;
}

/// The values drawn on the chart whose caption contains `caption`, oldest first.
async fn chart_points(driver: &WebDriver, caption: &str) -> Vec<WebElement> {
    let c = caption.replace('\'', "");
    driver
        .find_all(By::XPath(format!(
            "//figure[.//figcaption[contains(., '{c}')]]//*[@role='button' and contains(@class, 'point')]"
        )))
        .await
        .unwrap()
}

/// Gives a PHQ-9 in the `nth` session of the list (1 = the latest), all nine items at `value`.
async fn phq9_in_session(ui: &Ui<'_>, nth: usize, value: &str, total: &str) {
    note_for_session(ui, nth).await;
    ui.choose("Measure", "PHQ-9: depression").await;
    ui.click("Give this measure").await;
    let first =
        ui.wait_for(By::XPath("//li[@data-row='0']//input[@type='radio']"), "the first item").await;
    first.send_keys(value).await.unwrap();
    ui.text("Answered 1 of 10").await;
    for n in 2..=8 {
        answer_by_key(ui, value, &format!("Answered {n} of 10")).await;
    }
    // Item 9 stays at 0: no flag.
    answer_by_key(ui, "0", &format!("Total {total}")).await;
    ui.click("Finish").await;
    ui.text("Measures given in this session").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_phq9s_across_the_course_make_a_chart_with_bands_and_outcome_labels() {
    let desktop = Desktop::start(&[]);
    practice_with_a_course_under_way(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    ui.click("Clients").await;
    ui.click("Nora Quist").await;
    // The course plans the PHQ-9 every session; Today then lists it for tomorrow's session.
    ui.click("Course").await;
    ui.click("Plan measures").await;
    ui.click("Add a measure").await;
    ui.choose("Measure", "PHQ-9: depression").await;
    ui.choose("How often", "Every session").await;
    ui.click("Save measure plan").await;
    ui.text("PHQ-9 every session").await;
    ui.click("Today").await;
    ui.text("Measures due: PHQ-9").await.scroll_into_view().await.unwrap();
    ui.shot("72-measures-due-on-today").await;
    ui.click("Clients").await;
    ui.click("Nora Quist").await;
    // The list shows the newest first (tomorrow's booked session on top): session 1 is at the
    // bottom, session 6 seventh, and yesterday's session second.
    phq9_in_session(&ui, 13, "2", "16").await;
    phq9_in_session(&ui, 7, "1", "8").await;
    phq9_in_session(&ui, 2, "0", "0").await;

    ui.click("Measures & progress").await;
    ui.text("Baseline 16 (Moderately severe)").await;
    ui.text("Rule: Response: a fall of at least 50% from a PHQ-9 baseline of at least 10").await;
    ui.text("Rule: Remission: PHQ-9 below 5").await;
    ui.text("Rule: Reliable change (NHS Talking Therapies): PHQ-9 by 6 or more").await;
    let points = chart_points(&driver, "PHQ-9").await;
    assert_eq!(points.len(), 3, "three points on the chart");
    let bands = driver
        .find_all(By::XPath("//*[local-name()='rect' and contains(@class, 'band')]"))
        .await
        .unwrap();
    assert_eq!(bands.len(), 5, "the five PHQ-9 bands shaded");
    // Each point is reachable from the keyboard and reads out its value.
    points[0].focus().await.unwrap();
    ui.text("Session 1").await;
    ui.labelled("PHQ-9: depression, scores over the course")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    ui.shot("71-phq9-progress-chart").await;
    ui.check("Date").await;
    ui.text("Across: date.").await;
    // The same scores join the life-events timeline, a row beneath the time axis.
    ui.click("Timeline").await;
    ui.labelled("Time axis with no life events. PHQ-9 given 3 times, from 16 on")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    ui.shot("75-scores-on-the-timeline").await;

    // Once the course is concluded it counts in the outcomes across the practice: counts and
    // shares, with a warning that one course is too few, and no client named.
    ui.click("Course").await;
    ui.click("Edit contract").await;
    ui.choose("Course status", "Concluded").await;
    ui.set_date("Ended on", &chrono::Local::now().date_naive().to_string()).await;
    ui.submit("Save contract").await;
    ui.text("Contract saved.").await;
    ui.click("Outcomes").await;
    ui.text("1 course ended: 1 concluded as planned, 0 ended early.").await;
    ui.text("1 of 1 courses with a PHQ-9 baseline of 10 or more").await;
    ui.text("Shares of fewer than 10 courses are marked").await;
    let page = driver.find(By::Css(".content")).await.unwrap().text().await.unwrap();
    assert!(page.contains("Response") && page.contains("100%"), "{page}");
    assert!(page.contains("few"), "a share of one course is marked as few: {page}");
    assert!(!page.contains("Nora") && !page.contains("Quist"), "no client named: {page}");
    ui.shot("73-practice-outcomes").await;
    ui.check("By problem area").await;
    ui.text("No formulation recorded").await;
    driver.quit().await.unwrap();
}

/// A client in a course with a partner in the inventory and one session a week ago.
fn practice_with_a_partner(vault: &std::path::Path) {
    use rapport_core::{
        Attendance, ClientInput, ClientStatus, CourseInput, Edit, NewPerson, RelationshipType,
        SessionFormat, SessionInput,
    };
    let today = chrono::Local::now().date_naive();
    let ago = |days: u64| (today - chrono::Days::new(days)).to_string();
    let (_lock, mut v) = fresh_vault(vault);
    let id =
        v.create_client(&ClientInput::named("Mara Quinn"), ClientStatus::Active).unwrap().client.id;
    let person = NewPerson {
        name: "Joel".into(),
        relationship_type: RelationshipType::Partner,
        deceased: false,
        ring: 1,
    };
    v.edit_client(id, &Edit::AddPerson { person }).unwrap();
    let course = CourseInput::starting(&ago(14));
    let course_id = v.edit_client(id, &Edit::AddCourse { course }).unwrap().courses[0].id;
    let session = SessionInput {
        held_on: ago(7),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance: Attendance::Attended,
    };
    v.edit_client(id, &Edit::AddSession { course_id, session }).unwrap();
    v.lock(false).unwrap();
}

/// Waits until the field labelled `label` holds `expected` (after the list it is in changed).
async fn value_becomes(ui: &Ui<'_>, label: &str, expected: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let value = ui.field(label).await.value().await.unwrap().unwrap_or_default();
        if value == expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{label:?} holds {value:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `words` into the focused field, then presses Enter (which starts the next turn).
async fn say(driver: &WebDriver, words: &str) {
    let field = driver.active_element().await.unwrap();
    field.send_keys(words).await.unwrap();
    field.send_keys(Key::Enter).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_communication_analysis_from_a_note_is_followed_up_at_the_next_session() {
    let desktop = Desktop::start(&[]);
    practice_with_a_partner(&desktop.vault);
    let driver = launch_unlocked(&desktop).await;
    let ui = Ui(&driver);
    ui.click("Clients").await;
    ui.click("Mara Quinn").await;

    // From last week's note, a communication analysis about Joel, linked to that session.
    note_for_session(&ui, 1).await;
    ui.choose("Worksheet about", "Joel").await;
    ui.click("Start a Communication analysis").await;
    ui.text("Communication analysis with Joel").await;
    let saves = ui.saves("Communication analysis").await;

    // Four turns from the keyboard: Enter starts the next, and the speakers alternate.
    ui.click("Add a turn").await;
    say(&driver, "You never think to call when you're late.").await;
    say(&driver, "Here we go again.").await;
    say(&driver, "Forget it, it doesn't matter.").await;
    let last = driver.active_element().await.unwrap();
    last.send_keys("I'd have called if I'd known you were worried.").await.unwrap();
    // The fourth moves up one with Alt+↑: Joel's reply now comes before "Forget it".
    last.send_keys(Key::Alt + Key::Up).await.unwrap();
    let words = |n: usize| format!("Turn {n}: what was said");
    value_becomes(&ui, &words(3), "I'd have called if I'd known you were worried.").await;
    assert_eq!(
        ui.field(&words(4)).await.value().await.unwrap().unwrap_or_default(),
        "Forget it, it doesn't matter."
    );
    assert_eq!(
        ui.field("Turn 2: who spoke").await.value().await.unwrap().unwrap_or_default(),
        "other"
    );

    // Two problems, one pinned to the turn where it showed.
    ui.check("Needlessly indirect words").await;
    ui.check("Silence or closing off").await;
    ui.choose(
        "Where it showed: Silence or closing off",
        "Turn 4 — Mara Quinn: “Forget it, it doesn't matter.”",
    )
    .await;
    // Two alternatives; the second is the one to try.
    ui.click("Add an alternative").await;
    ui.fill("Alternative 1", "Please text me if you'll be late.").await;
    ui.click("Add an alternative").await;
    ui.fill("Alternative 2", "I was worried when I didn't hear from you.").await;
    ui.check("The one to try: alternative 2").await;
    ui.saved_since("Communication analysis", saves).await;
    ui.shot("80-communication-analysis").await;

    // A work-at-home task in one step, carrying the chosen words.
    ui.click("Make a work-at-home task…").await;
    let task = ui.field("Work-at-home task").await.value().await.unwrap().unwrap_or_default();
    assert!(task.contains("I was worried when I didn't hear from you."), "{task}");
    ui.submit("Make the task").await;
    ui.text("Work at home:").await;

    // Signed on its own.
    ui.click("Sign worksheet…").await;
    ui.text("Sign this worksheet?").await;
    ui.click("Sign worksheet").await;
    ui.text("Chosen to try:").await;
    ui.text("Add an amendment…").await;
    ui.shot("81-communication-analysis-signed").await;

    // Today's session: its note asks what came of it.
    ui.click("Sessions & notes").await;
    ui.click("New note for today").await;
    ui.text("To follow up from earlier worksheets").await;
    ui.text("Did the client try saying it differently to Joel? How did it go?").await;
    ui.shot("82-follow-up-prompt").await;
    ui.fill("What happened", "Said it on Friday; Joel apologised and they ate together.").await;
    ui.submit("Record").await;
    ui.text("Said it on Friday; Joel apologised and they ate together.").await;

    // Joel's page lists the worksheet with its problems, and the pattern across the course.
    ui.click("Inventory & circle").await;
    ui.click("Details: Joel").await;
    let heading = ui.text("Worksheets about Joel").await;
    driver
        .execute("arguments[0].scrollIntoView({block: 'start'});", vec![heading.to_json().unwrap()])
        .await
        .unwrap();
    ui.wait_for(
        By::XPath("//*[contains(normalize-space(.), 'Needlessly indirect words') and not(self::label) and not(ancestor::*[@hidden])]"),
        "the problem on Joel's page",
    )
    .await;
    ui.shot("83-person-worksheets").await;
    assert!(nothing_executed(&driver).await);
    driver.quit().await.unwrap();
}

/// Every file under `dir` (recursively), with its first bytes.
fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            let head: Vec<u8> =
                std::fs::read(&path).unwrap_or_default().into_iter().take(8).collect();
            out.insert(path, head);
        }
    }
    out
}

/// The titles of the X windows on the test's display.
fn window_titles(display: &str) -> String {
    let out = std::process::Command::new("xwininfo")
        .args(["-root", "-tree"])
        .env("DISPLAY", display)
        .output()
        .expect("xwininfo runs (make deps-test installs x11-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conclusion_summary_is_completed_signed_previewed_saved_and_printed_and_a_whole_record_saved()
 {
    let saved_to = tempfile::tempdir().unwrap();
    let pick = saved_to.path().to_str().unwrap().to_string();
    let desktop = Desktop::start_with(|vault| {
        let tmp = vault.parent().unwrap().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        vec![
            ("RAPPORT_TEST_PICK".into(), pick.clone()),
            ("TMPDIR".into(), tmp.to_str().unwrap().to_string()),
        ]
    });
    let home = desktop.vault.parent().unwrap().to_path_buf();
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.click("Explore with a sample practice").await;
    sample_opened(&ui).await;

    // Today offers the draft summary of the client at the end of her course.
    ui.text("Entering the conclusion phase").await;
    ui.click("Open the summary draft for Priya Greystone").await;
    ui.text("Conclusion summary").await;
    ui.text("Priya Greystone").await;
    // The checklist names what stops signing: no circle at conclusion, no maintenance plan.
    ui.text("The maintenance plan is not chosen").await;
    ui.text("No closeness circle at conclusion").await;
    ui.shot("60-summary-checklist").await;
    // Signing now is refused, naming what is missing; nothing typed is lost.
    ui.fill("The client’s feedback", "Said the circles made the change visible.").await;
    ui.click("Sign the summary…").await;
    ui.click("Sign the summary").await;
    ui.text("Before signing: No closeness circle at conclusion").await;
    value_becomes(&ui, "The client’s feedback", "Said the circles made the change visible.").await;
    // Complete it: the circle set aside with the reason, and nothing further after the course.
    ui.click("Set aside… No closeness circle at conclusion to set beside the one at intake.").await;
    ui.fill("Why it cannot be had", "She chose not to redo the circle at the last session.").await;
    ui.submit("Set aside").await;
    ui.text("She chose not to redo the circle at the last session.").await;
    ui.check("Nothing further").await;
    ui.fill("About the plan", "She knows she can come back if the warning signs return.").await;
    ui.text("Every item below is set aside with a reason: the summary can be signed.").await;
    ui.shot("61-summary-ready").await;
    ui.click("Sign the summary…").await;
    ui.click("Sign the summary").await;
    ui.text("Signed by Dr Alex Rowan (sample)").await;
    ui.button("Add an amendment…").await;
    ui.shot("62-summary-signed").await;

    // The preview shows the typeset pages, exactly as they print.
    ui.click("Preview").await;
    ui.wait_within(
        By::XPath("//dialog[@open]//img[@alt='Page 1 of 5' or starts-with(@alt, 'Page 1 of')]"),
        "the first page in the preview",
        Duration::from_secs(60),
    )
    .await;
    ui.shot("63-summary-preview").await;
    ui.click("Close").await;

    // Save as PDF: the dialog (answered by the test hook) gives a folder; the file is there,
    // with the summary in it, and the app says it is not encrypted.
    ui.click("Save as PDF…").await;
    ui.text("This PDF is not encrypted").await;
    let pdfs: Vec<_> = std::fs::read_dir(saved_to.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    let name = pdfs[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("Conclusion summary - Priya Greystone - "), "{name}");
    let text = std::process::Command::new("pdftotext").arg(&pdfs[0]).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for wanted in [
        "Conclusion summary",
        "Priya Greystone",
        "Signed by Dr Alex Rowan (sample)",
        "Said the circles made the change visible.",
        "None planned",
        "Scores: first and last",
        "Not available, and why",
        "She chose not to redo the circle at the last session.",
    ] {
        let flat = |s: &str| s.split_whitespace().collect::<String>();
        assert!(flat(&text).contains(&flat(wanted)), "{wanted} in:\n{text}");
    }
    ui.shot("64-summary-saved").await;

    // Print…: a print window of the app, then the system's print dialog; nothing written to
    // the temporary or cache folders.
    let tmp = home.join("tmp");
    let cache = home.join("cache");
    let before_tmp = files_under(&tmp);
    let before_cache = files_under(&cache);
    ui.click("Print…").await;
    ui.text("The print window is open; choose a printer there.").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let titles = window_titles(desktop.display());
        if titles.contains("\"Print\"") {
            assert!(titles.contains("Print: Conclusion summary: Priya Greystone"), "{titles}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no print dialog:\n{titles}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let root = std::process::Command::new("import")
        .args([
            "-window",
            "root",
            Desktop::screenshot_dir().join("65-print-dialog.png").to_str().unwrap(),
        ])
        .env("DISPLAY", desktop.display())
        .status();
    assert!(root.is_ok());
    let new_files =
        |before: &std::collections::BTreeMap<_, _>,
         now: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
            now.into_iter().filter(|(p, _)| !before.contains_key(p)).collect::<Vec<_>>()
        };
    let in_tmp = new_files(&before_tmp, files_under(&tmp));
    assert!(in_tmp.is_empty(), "new files in the temporary folder: {in_tmp:?}");
    let printable = new_files(&before_cache, files_under(&cache))
        .into_iter()
        .filter(|(_, head)| head.starts_with(b"%PDF") || head.starts_with(b"%!PS"))
        .collect::<Vec<_>>();
    assert!(printable.is_empty(), "a document in the cache: {printable:?}");
    // The print window's web context keeps nothing of the record.
    let kept: Vec<_> = files_under(&home.join("data"))
        .into_keys()
        .filter(|p| !p.starts_with(&desktop.vault))
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            rapport_tests::contains(&bytes, b"Priya") || rapport_tests::contains(&bytes, b"<svg")
        })
        .collect();
    assert!(kept.is_empty(), "the record kept by a webview: {kept:?}");
    // What reaches the printer is the typeset document, page for page: print to a file
    // through the dialog itself (GTK writes it as output.pdf in the app's working folder,
    // this crate's, where the test reads and removes it).
    let xdo = |args: &[&str]| {
        let out = std::process::Command::new("xdotool")
            .args(args)
            .env("DISPLAY", desktop.display())
            .output()
            .expect("xdotool runs (make deps-test installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dialog = xdo(&["search", "--name", "^Print$"]);
    let dialog = dialog.lines().next().expect("the print dialog's window").to_string();
    let geometry = xdo(&["getwindowgeometry", "--shell", &dialog]);
    let at = |key: &str| -> i64 {
        geometry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{key} in {geometry}"))
    };
    let (x, y, w, h) = (at("X"), at("Y"), at("WIDTH"), at("HEIGHT"));
    // The first printer in the list (the only one here: "Print to File"), then "Print" at
    // the dialog's bottom right.
    xdo(&["mousemove", &(x + 80).to_string(), &(y + 86).to_string(), "click", "1"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    xdo(&["mousemove", &(x + w - 56).to_string(), &(y + h - 30).to_string(), "click", "1"]);
    let printed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("output.pdf");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut last = 0;
    loop {
        let size = std::fs::metadata(&printed).map(|m| m.len()).unwrap_or(0);
        if size > 0 && size == last {
            break;
        }
        last = size;
        assert!(
            std::time::Instant::now() < deadline,
            "nothing was printed to {}",
            printed.display()
        );
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    let info = std::process::Command::new("pdfinfo").arg(&printed).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&printed)
        .arg(Desktop::screenshot_dir().join("66-printed-page-1"))
        .status();
    std::fs::remove_file(&printed).unwrap();
    let saved_info = std::process::Command::new("pdfinfo").arg(&pdfs[0]).output().unwrap();
    let saved_info = String::from_utf8_lossy(&saved_info.stdout).into_owned();
    let pages = |info: &str| {
        info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|v| v.trim().to_string())
    };
    assert_eq!(pages(&info), pages(&saved_info), "printed:\n{info}\nsaved:\n{saved_info}");
    assert!(info.contains("595 x 842"), "A4, as set: {info}");

    // The whole record of a client who finished her course, for a records request: saved
    // from the Details tab, with her signed notes and summary, and none of her process notes
    // (the sample writes one every third session).
    ui.click("Clients").await;
    ui.click("Amara Jessop").await;
    ui.click("Details").await;
    let about = ui.text("For a records request or a hand-over").await;
    driver
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![about.to_json().unwrap()])
        .await
        .unwrap();
    ui.shot("67-whole-record").await;
    ui.click("Save as PDF…").await;
    ui.text("This PDF is not encrypted").await;
    let record = std::fs::read_dir(saved_to.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("Client record - Amara Jessop")
        })
        .expect("the record's PDF");
    let text = std::process::Command::new("pdftotext").arg(&record).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    for wanted in ["Client record", "Session notes", "Conclusion summaries", "Not included"] {
        assert!(flat(&text).contains(&flat(wanted)), "{wanted} in:\n{text}");
    }
    for private in [
        "I noticed I wanted to rescue her from the silence",
        "Felt impatient in the middle of the session",
        "Check that I am not steering her towards",
    ] {
        assert!(!flat(&text).contains(&flat(private)), "a process note was printed: {private}");
    }
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&record)
        .arg(Desktop::screenshot_dir().join("68-whole-record-page-1"))
        .status();
    assert!(nothing_executed(&driver).await);
    drop(driver);
}

/// The text of the record's header: name, status, course and where it stands.
async fn record_header(driver: &WebDriver) -> String {
    let header = driver.find(By::Css("header.record-header")).await.unwrap();
    header.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sample_client_exported_encrypted_is_imported_into_another_vault_whole() {
    // The export goes to the folder the save dialog answers with; the open dialog then picks
    // the newest export in it.
    let carried = tempfile::tempdir().unwrap();
    let pick = carried.path().to_str().unwrap().to_string();
    let desktop = Desktop::start(&[("RAPPORT_TEST_PICK", &pick)]);
    init_vault(&desktop.vault);
    let driver = desktop.launch().await;
    let ui = Ui(&driver);
    ui.text("Unlock Rapport").await;
    ui.click("Explore the sample practice").await;
    sample_opened(&ui).await;
    ui.click("Clients").await;
    ui.click("Bram Mowbray").await;
    ui.text("of 18 ·").await;
    let before = record_header(&driver).await;

    // Export him from his record, encrypted with a passphrase of the file's own.
    ui.click("Details").await;
    ui.text("Export this client").await;
    ui.fill("Passphrase for this file (not your vault's)", "short").await;
    ui.click("Export…").await;
    ui.text("Use at least 12 characters").await;
    ui.fill("Passphrase for this file (not your vault's)", EXPORT_PASSPHRASE).await;
    ui.fill("The same passphrase again", EXPORT_PASSPHRASE).await;
    ui.click("Export…").await;
    ui.wait_within(
        By::XPath("//*[contains(normalize-space(), 'Exported 1 client')]"),
        "the export saved",
        Duration::from_secs(60),
    )
    .await;
    ui.wait_for(
        By::XPath(
            "//p[contains(normalize-space(), 'It is encrypted with the passphrase you gave.')]",
        ),
        "the export said to be encrypted",
    )
    .await;
    ui.shot("70-export-client").await;
    let files: Vec<_> =
        std::fs::read_dir(carried.path()).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("rapport-client-export-") && name.ends_with(".json.age"), "{name}");
    assert!(!name.contains("Mowbray"), "no client's name in a file name");
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(rapport_core::is_sealed(&bytes), "an age file");
    assert!(!String::from_utf8_lossy(&bytes).contains("Mowbray"), "nothing readable in it");

    // Into the practitioner's own vault, which holds no client yet.
    ui.click("Leave the sample practice").await;
    ui.fill("Passphrase", PASSPHRASE).await;
    ui.click("Unlock").await;
    ui.click("Settings").await;
    ui.click("Import…").await;
    ui.text("encrypted").await;
    ui.fill("Passphrase of the export (not your vault's)", "not the right passphrase").await;
    ui.click("Open the file").await;
    ui.text("That passphrase does not open this export.").await;
    ui.fill("Passphrase of the export (not your vault's)", EXPORT_PASSPHRASE).await;
    ui.click("Open the file").await;
    ui.wait_within(
        By::XPath("//*[contains(normalize-space(text()), 'What the file holds')]"),
        "the import preview",
        Duration::from_secs(60),
    )
    .await;
    ui.text("Bram Mowbray").await;
    ui.shot("71-import-preview").await;
    ui.click("Import 1 client").await;
    ui.text("Imported 1 client").await;
    ui.click("Open Bram Mowbray").await;
    ui.text("of 18 ·").await;
    assert_eq!(record_header(&driver).await, before, "the same record, as it stood");
    ui.click("Sessions & notes").await;
    ui.text("Signed").await;
    ui.shot("72-imported-record").await;
    // Importing the same file again is refused: he is already here.
    ui.click("Settings").await;
    ui.click("Import…").await;
    ui.fill("Passphrase of the export (not your vault's)", EXPORT_PASSPHRASE).await;
    ui.click("Open the file").await;
    ui.text("This file cannot be imported").await;
    ui.text("already in this vault").await;
    driver.quit().await.unwrap();
}

const EXPORT_PASSPHRASE: &str = "juniper kettle harbour";
