//! Start-up time and idle memory of the real app, under Xvfb through tauri-driver.
//!
//! - launch → unlock screen: from asking the driver for a session until the passphrase field
//!   is on screen; baseline in the same run: the same for the WebDriver session alone (the time
//!   until the driver reports the window), so the app's own share is visible.
//! - resident memory of the app and its web processes, idle at the unlocked main frame.

use rapport_tests::desktop::{Desktop, Ui, pids_of, tree_rss_kib};
use rapport_tests::{PASSPHRASE, built_binary};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mut to_screen = vec![];
    let mut session_only = vec![];
    let mut rss = vec![];
    for run in 0..RUNS {
        let desktop = Desktop::start(&[]);
        let mut child = Command::new(built_binary("rapport-cli"))
            .args(["--vault", desktop.vault.to_str().unwrap(), "init"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
        assert!(child.wait().unwrap().success());

        let t0 = Instant::now();
        let driver = desktop.launch().await;
        let t_session = t0.elapsed();
        let ui = Ui(&driver);
        ui.field("Passphrase").await;
        let t_screen = t0.elapsed();
        session_only.push(t_session.as_secs_f64() * 1000.0);
        to_screen.push(t_screen.as_secs_f64() * 1000.0);

        ui.fill("Passphrase", PASSPHRASE).await;
        ui.click("Unlock").await;
        ui.button("Lock").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        let app = built_binary("rapport");
        let pid = *pids_of(&app).first().expect("the app is running");
        let (total, procs) = tree_rss_kib(pid);
        rss.push(total as f64 / 1024.0);
        if run == 0 {
            for (pid, name, kib) in &procs {
                println!("  process {pid:>7} {name:<22} {:>7.1} MiB", *kib as f64 / 1024.0);
            }
        }
        println!(
            "run {run}: session {:.0} ms, unlock screen {:.0} ms, idle RSS {:.1} MiB",
            t_session.as_secs_f64() * 1000.0,
            t_screen.as_secs_f64() * 1000.0,
            total as f64 / 1024.0
        );
        driver.quit().await.unwrap();
    }
    println!();
    println!("median over {RUNS} runs:");
    println!("  launch → unlock screen on screen:   {:.0} ms", median(to_screen));
    println!("  launch → WebDriver session ready:  {:.0} ms (baseline)", median(session_only));
    println!("  idle resident memory, all processes: {:.1} MiB", median(rss));
}
