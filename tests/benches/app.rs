//! Start-up time and idle memory of the real app under Xvfb.
//!
//! Release build, launched directly (as a person would, incognito webview):
//! - launch → UI ready: from spawning the process until the mounted UI first asks the core for
//!   its status (the app reports this moment on stderr when RAPPORT_STARTUP_PROBE is set); the
//!   unlock screen is drawn from that answer.
//! - resident memory of the app and its WebKit processes, idle at the unlock screen for 10 s.
//!
//! Debug build, driven through tauri-driver (WebKitGTK refuses automation in an incognito
//! context, so only the debug build can be driven):
//! - launch → passphrase field visible, as WebDriver sees it (session start included);
//! - resident memory idle at the unlocked main frame for 10 s.

use rapport_tests::desktop::{Desktop, Ui, pids_of, tree_pss_kib, tree_rss_kib};
use rapport_tests::{PASSPHRASE, built_binary};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn init_vault(dir: &Path) {
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--vault", dir.to_str().unwrap(), "init"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    rapport_tests::feed(&mut child, &format!("{PASSPHRASE}\n"));
    assert!(child.wait().unwrap().success());
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn release_direct() -> (f64, f64, f64) {
    let app = built_binary("rapport");
    let (mut ready, mut rss, mut pss) = (vec![], vec![], vec![]);
    for run in 0..RUNS {
        let desktop = Desktop::display_only();
        init_vault(&desktop.vault);
        let home = desktop.home.path();
        let t0 = Instant::now();
        let mut child = Command::new(&app)
            .env("DISPLAY", desktop.display())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("RAPPORT_VAULT_DIR", &desktop.vault)
            .env("RAPPORT_STARTUP_PROBE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let ms = loop {
            let line = lines.next().expect("the app reports when its UI is ready").unwrap();
            if line.contains("ui ready after") {
                break t0.elapsed().as_secs_f64() * 1000.0;
            }
        };
        std::thread::spawn(move || for _ in lines.by_ref() {});
        std::thread::sleep(Duration::from_secs(10));
        let (total, procs) = tree_rss_kib(child.id());
        if run == 0 {
            for (pid, name, kib) in &procs {
                println!("  process {pid:>7} {name:<22} {:>7.1} MiB", mib(*kib));
            }
        }
        let shared = mib(tree_pss_kib(child.id()));
        println!(
            "release run {run}: UI ready {ms:.0} ms, idle at unlock screen RSS {:.1} MiB, PSS {shared:.1} MiB",
            mib(total)
        );
        ready.push(ms);
        rss.push(mib(total));
        pss.push(shared);
        let _ = child.kill();
        let _ = child.wait();
    }
    (median(ready), median(rss), median(pss))
}

async fn debug_driven() -> (f64, f64) {
    let debug_app =
        built_binary("rapport").parent().unwrap().parent().unwrap().join("debug/rapport");
    let (mut screen, mut rss) = (vec![], vec![]);
    for run in 0..RUNS {
        let mut desktop = Desktop::start(&[]);
        desktop.app = debug_app.clone();
        init_vault(&desktop.vault);
        let t0 = Instant::now();
        let driver = desktop.launch().await;
        let ui = Ui(&driver);
        ui.field("Passphrase").await;
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        ui.fill("Passphrase", PASSPHRASE).await;
        ui.click("Unlock").await;
        ui.button("Lock").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        let pid = *pids_of(&debug_app).first().expect("the app is running");
        let (total, _) = tree_rss_kib(pid);
        println!(
            "debug run {run}: passphrase field visible {ms:.0} ms, idle RSS unlocked {:.1} MiB",
            mib(total)
        );
        screen.push(ms);
        rss.push(mib(total));
        driver.quit().await.unwrap();
    }
    (median(screen), median(rss))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (ready, rss_locked, pss_locked) = release_direct();
    let (screen, rss_unlocked) = debug_driven().await;
    println!();
    println!("median of {RUNS} runs");
    println!("  release, launch → UI ready (unlock screen drawn next): {ready:.0} ms");
    println!(
        "  release, idle resident memory at the unlock screen:    {rss_locked:.1} MiB RSS, {pss_locked:.1} MiB PSS"
    );
    println!("  debug via WebDriver, launch → passphrase field visible: {screen:.0} ms");
    println!("  debug, idle resident memory unlocked:                  {rss_unlocked:.1} MiB");
}
