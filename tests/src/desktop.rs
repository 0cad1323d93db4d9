//! Drives the real desktop app: a private X server (Xvfb), tauri-driver (which starts
//! WebKitWebDriver, which starts the app), and a WebDriver session. Each harness has its own
//! HOME, data folders and vault, and tears every process down by process group.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

pub struct Desktop {
    /// The app binary to launch; the one built beside the running test unless changed.
    pub app: PathBuf,
    pub home: tempfile::TempDir,
    pub vault: PathBuf,
    display: String,
    port: u16,
    xvfb: Child,
    driver: Option<Child>,
    extra_env: Vec<(String, String)>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Signals the process group led by `pid`, and only when `pid` really leads its own group:
/// a stray group signal could reach processes that are not ours.
fn signal_group(pid: u32, signal: &str) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the parenthesised name: state, ppid, pgrp, ...
    let pgrp = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(2));
    if pid > 1 && pgrp == Some(pid.to_string().as_str()) {
        let _ = Command::new("kill").args(["-s", signal, "--", &format!("-{pid}")]).status();
    }
}

fn signal_one(pid: u32, signal: &str) {
    if pid > 1 {
        let _ = Command::new("kill").args(["-s", signal, "--", &pid.to_string()]).status();
    }
}

fn kill_group(child: &mut Child) {
    signal_group(child.id(), "TERM");
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    signal_group(child.id(), "KILL");
    let _ = child.kill();
    let _ = child.wait();
}

impl Desktop {
    /// Starts Xvfb and tauri-driver. `env` is passed to the app (through the driver).
    pub fn start(env: &[(&str, &str)]) -> Desktop {
        let mut d = Self::display_only();
        d.extra_env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        d.start_driver();
        d
    }

    /// As [`Desktop::start`], with an environment that may name the vault folder (known only
    /// once the private folders exist).
    pub fn start_with(env: impl FnOnce(&Path) -> Vec<(String, String)>) -> Desktop {
        let mut d = Self::display_only();
        d.extra_env = env(&d.vault);
        d.start_driver();
        d
    }

    /// The X display and private folders only, for launching the app directly.
    pub fn display_only() -> Desktop {
        use std::os::unix::process::CommandExt;
        let home = tempfile::tempdir().unwrap();
        let vault = home.path().join("vault");
        let display_no = (100..400)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .expect("a free X display");
        let display = format!(":{display_no}");
        let xvfb = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("Xvfb runs (make deps-test installs it)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&format!("/tmp/.X11-unix/X{display_no}")).exists() {
            assert!(Instant::now() < deadline, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Desktop {
            app: crate::built_binary("rapport"),
            home,
            vault,
            display,
            port: 0,
            xvfb,
            driver: None,
            extra_env: vec![],
        }
    }

    /// Kills the running app with SIGKILL, as a crash or a power cut would end it, and waits
    /// until it is gone. Returns how many processes were killed.
    pub fn kill_app(&self) -> usize {
        let pids = pids_of(&self.app);
        for pid in &pids {
            signal_one(*pid, "KILL");
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pids_of(&self.app).is_empty() {
            assert!(Instant::now() < deadline, "the app did not die");
            std::thread::sleep(Duration::from_millis(50));
        }
        pids.len()
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    fn start_driver(&mut self) {
        use std::os::unix::process::CommandExt;
        let driver_bin =
            std::env::var("RAPPORT_TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        self.port = free_port();
        let native = free_port();
        let home = self.home.path();
        let log = std::fs::File::create(home.join("driver.log")).unwrap();
        let mut cmd = Command::new(&driver_bin);
        cmd.args(["--port", &self.port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &self.display)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home.join("run"))
            .env("RAPPORT_VAULT_DIR", &self.vault)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0);
        std::fs::create_dir_all(home.join("run")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.join("run"), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        self.driver = Some(cmd.spawn().unwrap_or_else(|e| panic!("{driver_bin} runs: {e}")));
        let deadline = Instant::now() + Duration::from_secs(15);
        // Both must listen: a session requested before WebKitWebDriver is up never returns.
        for port in [self.port, native] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "tauri-driver did not start WebKitWebDriver");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// Launches the app in a new WebDriver session.
    pub async fn launch(&self) -> WebDriver {
        let app = &self.app;
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_str().unwrap() }),
        );
        WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps)
            .await
            .expect("a WebDriver session with the app")
    }

    pub fn screenshot_dir() -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.e2e/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if let Some(mut d) = self.driver.take() {
            kill_group(&mut d);
        }
        for pid in pids_of(&self.app) {
            signal_one(pid, "KILL");
        }
        kill_group(&mut self.xvfb);
    }
}

/// Processes running `binary` whose environment names this harness's vault would be more
/// precise; the binary path is enough because e2e tests run one at a time.
pub fn pids_of(binary: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).map(|exe| exe == binary).unwrap_or(false)
        })
        .collect()
}

/// A process and all its descendants.
fn process_tree(root: u32) -> Vec<u32> {
    let mut all = vec![];
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        all.push(pid);
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        stack.extend(children.split_whitespace().filter_map(|c| c.parse::<u32>().ok()));
    }
    all
}

/// A `Key:   value` line of a /proc file, as a string with any `kB` unit removed.
fn proc_field(pid: u32, file: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok()?;
    let value = text.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))?;
    Some(value.trim().trim_end_matches("kB").trim().to_string())
}

fn kib(pid: u32, file: &str, key: &str) -> u64 {
    proc_field(pid, file, key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Proportional set size (KiB): resident memory with shared pages split among their sharers,
/// so summing it over processes does not count the WebKit libraries several times.
pub fn tree_pss_kib(root: u32) -> u64 {
    process_tree(root).into_iter().map(|pid| kib(pid, "smaps_rollup", "Pss")).sum()
}

/// Resident memory (KiB) of a process and all its descendants, with each one's name and share.
pub fn tree_rss_kib(root: u32) -> (u64, Vec<(u32, String, u64)>) {
    let all: Vec<_> = process_tree(root)
        .into_iter()
        .map(|pid| {
            let name = proc_field(pid, "status", "Name").unwrap_or_default();
            (pid, name, kib(pid, "status", "VmRSS"))
        })
        .collect();
    (all.iter().map(|p| p.2).sum(), all)
}

/// Finding things as a person would: by label, by button text, by visible text.
pub struct Ui<'a>(pub &'a WebDriver);

fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("concat('{}')", s.replace('\'', "', \"'\", '"))
    }
}

impl Ui<'_> {
    pub async fn wait_for(&self, by: By, what: &str) -> WebElement {
        self.wait_within(by, what, Duration::from_secs(20)).await
    }

    /// As `wait_for`, for a long operation that shows its progress meanwhile (preparing the
    /// sample practice).
    pub async fn wait_within(&self, by: By, what: &str, limit: Duration) -> WebElement {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(els) = self.0.find_all(by.clone()).await {
                for el in els {
                    if el.is_displayed().await.unwrap_or(false) {
                        return el;
                    }
                }
            }
            if Instant::now() > deadline {
                let shot = Desktop::screenshot_dir().join("failure.png");
                let _ = self.0.screenshot(&shot).await;
                panic!("not found on screen: {what} (screenshot: {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many autosaves the text `what` ("Note", "Private note") has made so far: the
    /// `data-saves` of its save status.
    pub async fn saves(&self, what: &str) -> u64 {
        let status = self.save_status(what).await;
        let saves = status.attr("data-saves").await.unwrap().unwrap_or_default();
        saves.parse().unwrap_or(0)
    }

    /// The save status of `what`, shown or not (before the first save it is empty).
    async fn save_status(&self, what: &str) -> WebElement {
        let css = format!(".save-status[data-for='{what}']");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = self.0.find(By::Css(css.clone())).await {
                return status;
            }
            assert!(Instant::now() < deadline, "no save status for {what:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until everything typed into the draft has been saved by a save that came after
    /// `saves_before` (from [`Self::saves`], read before typing): never satisfied by a "Saved
    /// at" an earlier save left on screen.
    pub async fn saved_since(&self, what: &str, saves_before: u64) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.save_status(what).await;
            let pending = status.attr("data-pending").await.unwrap().unwrap_or_default();
            let saves: u64 =
                status.attr("data-saves").await.unwrap().unwrap_or_default().parse().unwrap_or(0);
            if pending == "false" && saves > saves_before {
                return;
            }
            if Instant::now() > deadline {
                let shot = Desktop::screenshot_dir().join("failure.png");
                let _ = self.0.screenshot(&shot).await;
                panic!(
                    "the draft was not saved after typing (pending {pending}, {saves} saves, \
                     {saves_before} before; screenshot: {})",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The input, text area or select labelled `label` (the label's own text, without the
    /// marks a required field adds).
    pub async fn field(&self, label: &str) -> WebElement {
        let l = xpath_literal(label);
        let labelled = format!("//label[normalize-space()={l} or normalize-space(text())={l}]");
        let xp = format!(
            "//*[self::input or self::textarea or self::select][@id={labelled}/@for] | {labelled}//input"
        );
        self.wait_for(By::XPath(xp), &format!("field labelled {label:?}")).await
    }

    /// Sets a date (or month, or time) input, whose typed form depends on the locale's
    /// segmented editor, the way a completed pick would: value, then an input event.
    pub async fn set_date(&self, label: &str, iso: &str) {
        let field = self.field(label).await;
        self.0
            .execute(
                "arguments[0].value = arguments[1];\
                 arguments[0].dispatchEvent(new Event('input', { bubbles: true }));\
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![field.to_json().unwrap(), serde_json::Value::String(iso.into())],
            )
            .await
            .unwrap();
    }

    /// Chooses the option shown as `option` in the select labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) {
        let select = self.field(label).await;
        let o = xpath_literal(option);
        let opt = select
            .find(By::XPath(format!(".//option[normalize-space()={o}]")))
            .await
            .unwrap_or_else(|_| panic!("no option {option:?} in {label:?}"));
        opt.click().await.unwrap();
    }

    /// The radio button or checkbox whose label reads `label`.
    pub async fn check(&self, label: &str) {
        let l = xpath_literal(label);
        let xp = format!(
            "//label[normalize-space()={l}]//input | //input[@id=//label[normalize-space()={l}]/@for]"
        );
        // Away from the note's sticky bar, which would take the click.
        self.reach_and_click(&format!("choice {label:?}"), async || {
            self.wait_for(By::XPath(xp.clone()), &format!("choice {label:?}")).await
        })
        .await;
    }

    /// The element whose accessible name (aria-label) starts with `prefix`.
    pub async fn labelled(&self, prefix: &str) -> WebElement {
        let l = xpath_literal(prefix);
        self.wait_for(
            By::XPath(format!("//*[starts-with(@aria-label, {l})]")),
            &format!("element labelled {prefix:?}"),
        )
        .await
    }

    pub async fn fill(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        f.clear().await.unwrap();
        f.send_keys(text).await.unwrap();
    }

    pub async fn button(&self, text: &str) -> WebElement {
        let l = xpath_literal(text);
        self.wait_for(
            By::XPath(format!("//button[normalize-space()={l}]")),
            &format!("button {text:?}"),
        )
        .await
    }

    pub async fn click(&self, text: &str) {
        self.reach_and_click(&format!("button {text:?}"), async || self.button(text).await).await;
    }

    /// Finds an element with `find`, waits until it is enabled, brings it into view and clicks
    /// it. The content pane scrolls, not the window, and WebKit's driver does not bring an
    /// element inside it into view by itself (a record's tabs above a long form). The screen
    /// may redraw between finding the element and reaching it (a tab's content arriving): the
    /// driver then answers with an error, and the element is found again.
    async fn reach_and_click(&self, what: &str, find: impl AsyncFn() -> WebElement) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let el = find().await;
            while !el.is_enabled().await.unwrap_or(false) {
                assert!(Instant::now() < deadline, "{what} stayed disabled");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            match self.scroll_to(&el).await {
                Ok(()) => {
                    el.click().await.unwrap();
                    return;
                }
                Err(e) if Instant::now() < deadline => {
                    eprintln!("{what} not reached yet ({e}); finding it again");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("{what} could not be reached: {e}"),
            }
        }
    }

    /// Brings `el` to the middle of its scrolling pane.
    async fn scroll_to(&self, el: &WebElement) -> WebDriverResult<()> {
        self.0
            .execute(
                "arguments[0].scrollIntoView({block: 'center'}); return true;",
                vec![el.to_json()?],
            )
            .await
            .map(|_| ())
    }

    /// The submit button reading `text` (a form's own button, not a look-alike elsewhere).
    pub async fn submit(&self, text: &str) {
        let l = xpath_literal(text);
        let b = self
            .wait_for(
                By::XPath(format!("//button[@type='submit' and normalize-space()={l}]")),
                &format!("submit button {text:?}"),
            )
            .await;
        b.click().await.unwrap();
    }

    pub async fn text(&self, text: &str) -> WebElement {
        let l = xpath_literal(text);
        self.wait_for(
            By::XPath(format!("//*[contains(normalize-space(text()), {l})]")),
            &format!("text {text:?}"),
        )
        .await
    }

    pub async fn gone(&self, text: &str) -> bool {
        let l = xpath_literal(text);
        let els = self
            .0
            .find_all(By::XPath(format!("//*[contains(normalize-space(text()), {l})]")))
            .await
            .unwrap();
        for el in els {
            if el.is_displayed().await.unwrap_or(false) {
                return false;
            }
        }
        true
    }

    pub async fn shot(&self, name: &str) {
        // Software rendering under Xvfb can lag a frame behind the DOM; let it paint.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let path = Desktop::screenshot_dir().join(format!("{name}.png"));
        // The first capture after a while can return the frame WebKit last kept rather than
        // what is on screen; the second one is current.
        let _ = self.0.screenshot_as_png().await;
        self.0.screenshot(&path).await.unwrap();
    }
}
