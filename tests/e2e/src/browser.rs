//! Headless Chromium (Debian's `chromium` and `chromium-driver`, installed
//! by `.ci/setup --test`) over WebDriver, for the data center's console:
//! a `chromedriver` on a free port in its own process group, stopped on
//! drop, and pages driven with the same [`App`] helpers as the window.

use crate::{free_port, stop_group, wait_for, App};
use anyhow::{Context, Result};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;

/// A chromedriver for one test.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    port: u16,
    profile: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Result<Browser> {
        let port = free_port()?;
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context(
                "starting chromedriver (apt-get install chromium-driver; done by .ci/setup)",
            )?;
        let mut b = Browser {
            driver,
            port,
            profile: tempfile::tempdir()?,
            downloads: tempfile::tempdir()?,
        };
        wait_for("chromedriver", Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .inspect_err(|_| stop_group(&mut b.driver))?;
        Ok(b)
    }

    /// A new headless browser (fresh profile: no cookies) at `url`, once
    /// its page rendered.
    pub async fn open(&self, url: &str) -> Result<App> {
        let mut caps = DesiredCapabilities::chrome();
        let profile = tempfile::tempdir_in(self.profile.path())?.keep();
        caps.add_experimental_option(
            "prefs",
            serde_json::json!({
                "download.default_directory": self.downloads.path().display().to_string(),
                "download.prompt_for_download": false,
            }),
        )?;
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,800",
            &format!("--user-data-dir={}", profile.display()),
        ] {
            caps.add_arg(arg)?;
        }
        let driver = WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps)
            .await
            .context("WebDriver session with Chromium")?;
        driver.goto(url).await?;
        let app = App::in_browser(driver);
        app.wait_css("#root > *", Duration::from_secs(30))
            .await
            .context("the console's page did not render")?;
        Ok(app)
    }
}

impl Browser {
    /// The file named `name` the browser downloaded, once it is complete.
    pub fn downloaded(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.downloads.path().join(name);
        wait_for(name, Duration::from_secs(30), || path.exists())?;
        Ok(std::fs::read(path)?)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        stop_group(&mut self.driver);
    }
}
