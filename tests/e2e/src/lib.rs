//! The end-to-end harness: a private Xvfb display, a `tauri-driver` on a
//! free port, and WebDriver sessions that launch the real `simpul-app`
//! binary on a replica file of the test's own. Ending a session closes the
//! app; starting another reopens it on the same file (a restart).
//!
//! The app binary must be built first (`cargo build -p simpul-app`, which
//! `.ci/test` does); `SIMPUL_APP_BIN` overrides its path.
//!
//! One file on purpose: the harness (Xvfb, tauri-driver, the window) and
//! the few helpers every test uses.

use anyhow::{bail, Context, Result};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::Capabilities;

mod browser;
pub use browser::Browser;

/// Where screenshots taken by tests go (`target/e2e-shots`).
pub fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-shots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn app_binary() -> Result<PathBuf> {
    let path = std::env::var_os("SIMPUL_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/simpul-app")
        });
    if !path.exists() {
        bail!(
            "{} not found: build the app first (cargo build -p simpul-app)",
            path.display()
        );
    }
    Ok(path.canonicalize()?)
}

fn tauri_driver() -> Result<PathBuf> {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let candidates = [
        home.join(".cargo/bin/tauri-driver"),
        PathBuf::from("/usr/local/bin/tauri-driver"),
    ];
    if let Some(p) = candidates.iter().find(|p| p.exists()) {
        return Ok(p.clone());
    }
    let found = Command::new("sh")
        .args(["-c", "command -v tauri-driver"])
        .output()?;
    let p = String::from_utf8_lossy(&found.stdout).trim().to_owned();
    if p.is_empty() {
        bail!("tauri-driver not found: `cargo install tauri-driver --locked` (done by .ci/setup)");
    }
    Ok(PathBuf::from(p))
}

pub(crate) fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub(crate) fn wait_for(
    what: &str,
    timeout: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<()> {
    let start = Instant::now();
    while !ready() {
        if start.elapsed() > timeout {
            bail!("timed out waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// Whether the WebDriver on `port` answers its status request.
fn driver_ready(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

/// Whether X display `n` can be used: no server holds it. A lock left by
/// an X server that is gone (killed before it could clean up) is removed.
fn display_free(n: u32) -> bool {
    let lock = format!("/tmp/.X{n}-lock");
    let socket = format!("/tmp/.X11-unix/X{n}");
    match std::fs::read_to_string(&lock) {
        Ok(pid) => {
            let alive = pid
                .trim()
                .parse::<u32>()
                .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists());
            if alive {
                return false;
            }
            let _ = std::fs::remove_file(&lock);
            let _ = std::fs::remove_file(&socket);
            true
        }
        Err(_) => !Path::new(&socket).exists(),
    }
}

/// Sends `signal` (TERM, KILL) to process group `pgid`, with the shell's
/// `kill` (no unsafe code for one system call in a test harness).
fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -s {signal} -- -{pgid} 2>/dev/null")])
        .status();
}

/// Stops a child started in its own process group, and everything it
/// started (tauri-driver runs WebKitWebDriver, which runs the app): a
/// polite signal first, so Xvfb removes its lock, then a kill.
pub(crate) fn stop_group(child: &mut Child) {
    let pgid = child.id();
    signal_group(pgid, "TERM");
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            // The group may still hold grandchildren: end them too.
            signal_group(pgid, "KILL");
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    signal_group(pgid, "KILL");
    let _ = child.wait();
}

/// A display and a driver for one test; both are stopped on drop.
#[derive(Debug)]
pub struct Harness {
    display: u32,
    xvfb: Child,
    driver: Child,
    port: u16,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Harness {
    pub fn start() -> Result<Harness> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("replika.db");
        let display: u32 = (90..200)
            .find(|n| display_free(*n))
            .context("no free X display")?;
        let mut xvfb = Command::new("Xvfb")
            .args([
                format!(":{display}"),
                "-screen".into(),
                "0".into(),
                "1280x800x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting Xvfb (apt-get install xvfb; done by .ci/setup)")?;
        let socket = format!("/tmp/.X11-unix/X{display}");
        if let Err(e) = wait_for("Xvfb", Duration::from_secs(10), || {
            Path::new(&socket).exists()
        }) {
            stop_group(&mut xvfb);
            return Err(e);
        }
        let port = free_port()?;
        let native = free_port()?;
        let log = std::fs::File::create(dir.path().join("driver.log"))?;
        let driver = Command::new(tauri_driver()?)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("SIMPUL_DB", &db)
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("SIMPUL_LOG", "info")
            .stdout(log.try_clone()?)
            .stderr(log)
            .process_group(0)
            .spawn();
        let driver = match driver {
            Ok(d) => d,
            Err(e) => {
                stop_group(&mut xvfb);
                return Err(e).context("starting tauri-driver");
            }
        };
        let mut h = Harness {
            display,
            xvfb,
            driver,
            port,
            db,
            _dir: dir,
        };
        // tauri-driver listens before the native WebKitWebDriver behind
        // it does, and drops a request it cannot forward: wait until the
        // status request goes through both.
        wait_for("tauri-driver", Duration::from_secs(20), || {
            driver_ready(port)
        })
        .inspect_err(|_| h.stop())?;
        Ok(h)
    }

    /// The window's replica, set up as the Dinas Kesehatan of Kabupaten
    /// Muna on a device named `device`, for a test to fill before launch.
    pub fn dinkes_replica(&self, device: &str) -> Result<simpul_store::Replica> {
        let mut r = simpul_store::Replica::open(&self.db)?;
        r.setup(&simpul_store::ProfileInput {
            regency: "Kabupaten Muna".into(),
            opd_code: "DINKES".into(),
            opd_name: "Dinas Kesehatan".into(),
            device_name: device.into(),
            language: "id".into(),
        })?;
        Ok(r)
    }

    /// Launches the app (a new WebDriver session) and waits for its page.
    pub async fn launch(&self) -> Result<App> {
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": app_binary()? }),
        )?;
        let driver = WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps)
            .await
            .context("WebDriver session")?;
        let app = App {
            driver,
            display: Some(self.display),
        };
        app.wait_css("#root > *", Duration::from_secs(30))
            .await
            .context("the app's page did not render")?;
        Ok(app)
    }

    fn stop(&mut self) {
        stop_group(&mut self.driver);
        stop_group(&mut self.xvfb);
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A running app window, or the console in a browser.
#[derive(Debug)]
pub struct App {
    pub driver: WebDriver,
    /// The window's X display; `None` in a headless browser.
    display: Option<u32>,
}

const WAIT: Duration = Duration::from_secs(15);
/// How long a sync session may take on a loaded machine.
pub const SYNCED: Duration = Duration::from_secs(60);

impl App {
    /// A page in a headless browser.
    pub fn in_browser(driver: WebDriver) -> App {
        App {
            driver,
            display: None,
        }
    }

    /// The first element matching `css`, once it exists. A page that is
    /// still loading can answer "stale element" while the query runs; that
    /// answer is retried until the timeout like any other miss.
    pub async fn wait_css(&self, css: &str, timeout: Duration) -> Result<WebElement> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let found = self
                .driver
                .query(By::Css(css))
                .wait(left, Duration::from_millis(100))
                .first()
                .await;
            match found {
                Ok(el) => return Ok(el),
                Err(e) if left.is_zero() || !is_transient(&e) => return Err(e.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The element with this id, once it exists.
    pub async fn id(&self, id: &str) -> Result<WebElement> {
        self.wait_css(&format!("#{id}"), WAIT)
            .await
            .with_context(|| format!("element #{id}"))
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        self.id(id).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of an input, as a person would (select all, type).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.id(id).await?;
        // Deleted key by key from the end, as a person would: clear() sets
        // the value without React's onChange, so an emptied field would
        // keep its old state.
        let old = el.prop("value").await?.unwrap_or_default();
        if !old.is_empty() {
            el.send_keys(Key::End).await?;
            for _ in 0..old.chars().count() {
                el.send_keys(Key::Backspace).await?;
            }
        }
        if !text.is_empty() {
            el.send_keys(text).await?;
        }
        Ok(())
    }

    /// Sets an input's value as the browser's own picker would (a date
    /// field takes no typed keys in every engine), telling React.
    pub async fn set_value(&self, id: &str, value: &str) -> Result<()> {
        self.id(id).await?;
        self.driver
            .execute(
                "const el = document.getElementById(arguments[0]); Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]); el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::json!(id), serde_json::json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Chooses an option of a `<select>` (sending keys to it would open the
    /// toolkit's popup menu, which a headless display never closes).
    /// Chooses the option `value` of a `<select>`, once the page offers it
    /// (options may arrive with a refetch after the select is shown).
    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        self.id(id).await?;
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let chosen = self
                .driver
                .execute(
                    "const el = document.getElementById(arguments[0]); if (!el || ![...el.options].some((o) => o.value === arguments[1])) return false; el.value = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                    vec![serde_json::json!(id), serde_json::json!(value)],
                )
                .await?;
            if chosen.json() == &serde_json::json!(true) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                bail!("#{id} never offered the option {value:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Chooses the option of a `<select>` whose text starts with `text`.
    pub async fn select_text(&self, id: &str, text: &str) -> Result<()> {
        self.id(id).await?;
        let found = self
            .driver
            .execute(
                "const el = document.getElementById(arguments[0]); const o = [...el.options].find((o) => o.text.startsWith(arguments[1])); if (!o) return false; el.value = o.value; el.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![serde_json::json!(id), serde_json::json!(text)],
            )
            .await?;
        if found.json() != &serde_json::json!(true) {
            bail!("#{id} has no option starting with {text:?}");
        }
        Ok(())
    }

    /// The first-run form: regency, OPD code, OPD name and device name,
    /// then the first person (name, NIP, PIN), who is then signed in.
    pub async fn set_up(&self, profile: [&str; 4], person: [&str; 3]) -> Result<()> {
        let [regency, code, name, device] = profile;
        self.type_into("setup-regency", regency).await?;
        self.type_into("setup-opd-code", code).await?;
        self.type_into("setup-opd-name", name).await?;
        self.type_into("setup-device", device).await?;
        let [who, nip, pin] = person;
        self.type_into("setup-person-name", who).await?;
        self.type_into("setup-person-nip", nip).await?;
        self.type_into("setup-person-pin", pin).await?;
        self.type_into("setup-person-pin-again", pin).await?;
        self.click("setup-start").await
    }

    /// Signs a person in on the sign-in screen (NIP as 18 digits).
    pub async fn sign_in(&self, nip: &str, pin: &str) -> Result<()> {
        self.select("signin-person", nip).await?;
        self.type_into("signin-pin", pin).await?;
        self.click("signin-submit").await?;
        self.id("nav-dashboard").await?;
        Ok(())
    }

    /// The path the next open or save dialog returns (WebDriver cannot
    /// drive a native dialog; see `ui/src/files.ts`).
    pub async fn pick(&self, path: &Path) -> Result<()> {
        self.driver
            .execute(
                "window.__SIMPUL_PICK__ = arguments[0];",
                vec![serde_json::json!(path.display().to_string())],
            )
            .await?;
        Ok(())
    }

    /// In the browser: clicks `button`, which opens the file chooser, and
    /// chooses `path` in it (WebDriver types the path into the page's
    /// `<input type=file>`; the page then uploads the file).
    pub async fn choose_file(&self, button: &str, path: &Path) -> Result<()> {
        self.click(button).await?;
        self.id("file-pick")
            .await?
            .send_keys(path.display().to_string())
            .await?;
        Ok(())
    }

    /// Enrolls the window's device on the Settings page with a one-time
    /// code and waits for its first sync (up to a minute: on a loaded
    /// machine the session may wait out the client's retry pauses).
    pub async fn enroll(&self, server: &str, code: &str) -> Result<()> {
        self.click("nav-settings").await?;
        self.type_into("server-address", server).await?;
        self.type_into("enroll-code", code).await?;
        self.click("enroll").await?;
        self.wait_text_within("#sync-pill", |t| t.contains("Tersinkron"), SYNCED)
            .await?;
        Ok(())
    }

    /// Ticks the asset list's first row, then shift-clicks the second (a
    /// range of two, as a person picks them).
    pub async fn tick_first_two_rows(&self) -> Result<()> {
        self.wait_css("#asset-list .row-check", Duration::from_secs(10))
            .await?;
        self.driver
            .execute(
                "const boxes = document.querySelectorAll('#asset-list .row-check');
                 boxes[0].click();
                 boxes[1].dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// Presses Enter in an input (submits its form, as a person does).
    pub async fn enter(&self, id: &str) -> Result<()> {
        self.id(id).await?.send_keys(Key::Enter).await?;
        Ok(())
    }

    /// Waits until the element's text satisfies `ok`; returns the text.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> Result<String> {
        self.wait_text_within(css, ok, WAIT).await
    }

    /// [`App::wait_text`] with its own limit: a first sync session, which
    /// on a loaded machine may wait out the client's retry pauses while the
    /// server is busy with the round.
    pub async fn wait_text_within(
        &self,
        css: &str,
        ok: impl Fn(&str) -> bool,
        limit: Duration,
    ) -> Result<String> {
        let start = Instant::now();
        loop {
            if let Ok(Some(el)) = self.driver.query(By::Css(css)).nowait().first_opt().await {
                // innerText: what the page renders (WebKitWebDriver's visible-text
                // heuristic drops text inside clipped grid cells).
                if let Ok(Some(text)) = el.prop("innerText").await {
                    let text = text.trim().to_owned();
                    if ok(&text) {
                        return Ok(text);
                    }
                    if start.elapsed() > limit {
                        bail!("{css} has text {text:?}, not the expected one");
                    }
                }
            }
            if start.elapsed() > limit {
                bail!("{css} never appeared");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A screenshot of the whole display, as a person would see it
    /// (ImageMagick's `import`; WebKitWebDriver's own screenshot can stall).
    pub async fn screenshot(&self, name: &str) -> Result<()> {
        let out = shots_dir().join(format!("{name}.png"));
        let Some(display) = self.display else {
            self.driver.screenshot(&out).await?;
            return Ok(());
        };
        let status = tokio::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&out)
            .env("DISPLAY", format!(":{display}"))
            .status()
            .await
            .context(
                "running ImageMagick import (apt-get install imagemagick; done by .ci/setup)",
            )?;
        if !status.success() {
            bail!("screenshot {name} failed");
        }
        Ok(())
    }

    /// Closes the window (ends the session).
    pub async fn close(self) -> Result<()> {
        self.driver.quit().await?;
        Ok(())
    }
}

/// The `simpul` command (server and admin), built next to the app.
pub fn simpul_binary() -> Result<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/simpul");
    if !path.exists() {
        bail!(
            "{} not found: build it first (cargo build -p simpul)",
            path.display()
        );
    }
    Ok(path.canonicalize()?)
}

/// A `simpul serve` process on a loopback port; killed on drop.
#[derive(Debug)]
pub struct ServerProcess {
    child: Option<Child>,
    pub port: u16,
    pub data: PathBuf,
}

impl ServerProcess {
    /// Prepares a server database with one OPD and returns a code for it.
    pub fn prepare(data: &Path, opd: &str) -> Result<String> {
        let bin = simpul_binary()?;
        let data_s = data.to_str().context("path")?;
        let add = Command::new(&bin)
            .args(["admin", "--data", data_s, "opd", "add", opd, opd])
            .output()?;
        if !add.status.success() {
            bail!("admin opd add: {}", String::from_utf8_lossy(&add.stderr));
        }
        Self::code(data, Some(opd))
    }

    /// Another one-time code: for an OPD, or (None) for a Diskominfo device.
    pub fn code(data: &Path, opd: Option<&str>) -> Result<String> {
        let data_s = data.to_str().context("path")?;
        let scope = match opd {
            Some(o) => vec!["--opd", o],
            None => vec!["--diskominfo"],
        };
        let out = Command::new(simpul_binary()?)
            .args(["admin", "--data", data_s, "enroll-code"])
            .args(scope)
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        text.lines()
            .find_map(|l| l.strip_prefix("Kode pendaftaran: "))
            .map(|c| c.trim().to_owned())
            .with_context(|| format!("no code printed: {}", String::from_utf8_lossy(&out.stderr)))
    }

    /// Sets up a new replica file for `opd` on a device named `device`.
    pub fn setup(db: &Path, opd: &str, device: &str) -> Result<String> {
        Self::cli(
            db,
            &[
                "setup",
                "--regency",
                "Kab. Lamandau",
                "--opd-code",
                opd,
                "--opd-name",
                opd,
                "--device",
                device,
            ],
        )
    }

    /// Runs the `simpul` command on a replica file (enroll, sync, ...).
    pub fn cli(db: &Path, args: &[&str]) -> Result<String> {
        let out = Command::new(simpul_binary()?)
            .arg("--db")
            .arg(db)
            .args(args)
            .output()?;
        if !out.status.success() {
            bail!(
                "simpul {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).to_string())
    }

    pub fn start(data: &Path, port: u16) -> Result<ServerProcess> {
        Self::start_with(data, port, &[])
    }

    /// `simpul serve` with the browser console on the replica `console`.
    pub fn start_console(data: &Path, port: u16, console: &Path) -> Result<ServerProcess> {
        Self::start_with(
            data,
            port,
            &["--console", console.to_str().context("path")?],
        )
    }

    fn start_with(data: &Path, port: u16, extra: &[&str]) -> Result<ServerProcess> {
        let child = Command::new(simpul_binary()?)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--data"])
            .arg(data)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let mut s = ServerProcess {
            child: Some(child),
            port,
            data: data.to_owned(),
        };
        wait_for("the server", Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .inspect_err(|_| s.stop())?;
        Ok(s)
    }

    pub fn free_port() -> Result<u16> {
        free_port()
    }

    /// A console account (`simpul admin user add`), the password typed
    /// twice on stdin; the first one makes the console's replica and
    /// enrolls it in the data center `data`.
    pub fn add_staff(
        data: &Path,
        console: &Path,
        name: &str,
        nip: &str,
        role: &str,
        password: &str,
    ) -> Result<()> {
        use std::io::Write;
        let mut child = Command::new(simpul_binary()?)
            .args(["admin", "--data"])
            .arg(data)
            .args(["user", "add", "--regency", "Kab. Lamandau", "--console"])
            .arg(console)
            .args(["--name", name, "--nip", nip, "--role", role])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        child
            .stdin
            .take()
            .context("stdin")?
            .write_all(format!("{password}\n{password}\n").as_bytes())?;
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!("admin user add: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An error a loading page gives for a moment (its document replaced while
/// the driver looked at it).
fn is_transient(e: &thirtyfour::error::WebDriverError) -> bool {
    matches!(
        e.as_inner(),
        thirtyfour::error::WebDriverErrorInner::StaleElementReference(_)
    )
}
