//! The data center's console in a real headless Chromium against the real
//! `simpul serve --console`: an OPD's assets synced to the server reach
//! the console's replica (made and enrolled in process by the first
//! `simpul admin user add`); an admin signs in (a wrong password first),
//! reads them and adds an asset in their own name, adds an OPD (both
//! lists), makes an enrollment code that a desktop device enrolls with
//! (command line) and sees its assets after it syncs, approves a
//! registration, imports a KIB B chosen in the browser (preview, then
//! confirm) and downloads the regency's report, locks; a viewer signs
//! in, finds no button that writes, and a write sent anyway is refused.

use simpul_e2e::{Browser, ServerProcess, SYNCED};

const ADMIN: &str = "198001012005011001";
const VIEWER: &str = "199202022019022002";
const PASSWORD: &str = "gerbang data 2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_work_in_the_browser_console() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("server.db");
    let code_a = ServerProcess::prepare(&data, "DINKES")?;
    let port = ServerProcess::free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let mut server = ServerProcess::start(&data, port)?;
    let a = dir.path().join("a.db");
    ServerProcess::setup(&a, "DINKES", "PC Aset")?;
    ServerProcess::cli(&a, &["demo", "--assets", "30"])?;
    ServerProcess::cli(&a, &["enroll", "--server", &addr, "--code", &code_a])?;
    ServerProcess::cli(&a, &["sync"])?;
    server.stop();
    let k = dir.path().join("konsol.db");
    ServerProcess::add_staff(&data, &k, "Budi Santoso", ADMIN, "admin", PASSWORD)?;
    let _server = ServerProcess::start_console(&data, port, &k)?;

    let browser = Browser::start()?;
    let page = browser.open(&format!("http://{addr}/")).await?;
    page.type_into("console-nip", ADMIN).await?;
    page.type_into("console-password", "bukan sandinya").await?;
    page.click("console-submit").await?;
    page.wait_text("#console-error", |t| {
        t.contains("NIP atau kata sandi salah")
    })
    .await?;
    page.screenshot("console-01-sign-in").await?;
    page.type_into("console-password", PASSWORD).await?;
    page.click("console-submit").await?;
    page.wait_text("#signed-in", |t| t.contains("Budi Santoso"))
        .await?;
    page.click("nav-assets").await?;
    page.wait_text("#asset-count", |t| t.starts_with("30"))
        .await?;
    page.screenshot("console-02-assets").await?;

    page.click("new-asset").await?;
    page.type_into("f-kode_barang", "1.3.2.10.02.04.024")
        .await?;
    page.type_into("f-nama", "Switch").await?;
    page.type_into("f-merk_type", "TP-Link TL-SG1024D").await?;
    page.click("asset-save").await?;
    page.wait_text("#detail-title", |t| t.contains("Switch"))
        .await?;
    page.wait_text("#history", |t| t.contains("Budi Santoso"))
        .await?;
    page.screenshot("console-03-saved").await?;

    // The server's administration: an OPD in both lists, a code for it,
    // a desktop device enrolled with that code on the command line.
    page.click("nav-server").await?;
    // A viewer's account, made in the browser (a weak password first).
    page.type_into("staff-name", "Rina Wulandari").await?;
    page.type_into("staff-nip", VIEWER).await?;
    page.select("staff-role", "viewer").await?;
    page.type_into("staff-password", "pendek").await?;
    page.type_into("staff-password-again", "pendek").await?;
    page.click("staff-add").await?;
    page.wait_text("#error-staff-password", |t| t.contains("10"))
        .await?;
    page.type_into("staff-password", PASSWORD).await?;
    page.type_into("staff-password-again", PASSWORD).await?;
    page.click("staff-add").await?;
    page.wait_text("#server-staff", |t| t.contains("Rina Wulandari"))
        .await?;
    page.type_into("server-opd-code", "bappeda").await?;
    page.type_into("server-opd-name", "Badan Perencanaan Pembangunan Daerah")
        .await?;
    page.click("server-opd-save").await?;
    page.wait_text("#server-opd-BAPPEDA", |t| t.matches('✓').count() == 2)
        .await?;
    page.select("code-opd", "BAPPEDA").await?;
    page.click("code-make").await?;
    let code = page.wait_text("#code-text", |t| t.len() >= 8).await?;
    page.id("code-qr").await?;
    page.screenshot("console-04-server").await?;
    let b = dir.path().join("b.db");
    ServerProcess::setup(&b, "BAPPEDA", "Laptop Perencanaan")?;
    ServerProcess::cli(&b, &["demo", "--assets", "5"])?;
    ServerProcess::cli(&b, &["enroll", "--server", &addr, "--code", code.trim()])?;
    ServerProcess::cli(&b, &["sync"])?;
    // The console's replica follows the device's sync by itself.
    page.click("nav-assets").await?;
    page.wait_text_within("#asset-count", |t| t.starts_with("36"), SYNCED)
        .await?;
    page.click("nav-server").await?;
    page.wait_text("#server-devices", |t| t.contains("Laptop Perencanaan"))
        .await?;
    // The same device, later without a link: its change travels on a USB
    // stick and is uploaded from the browser.
    ServerProcess::cli(
        &b,
        &[
            "maintenance",
            "plan",
            "--category",
            "laptop",
            "--kind",
            "perangkat_keras",
            "--every",
            "6",
            "--start",
            "2027-01-15",
        ],
    )?;
    let stick = dir.path().join("bappeda.simpul");
    ServerProcess::cli(
        &b,
        &["bundle", "export", "-o", stick.to_str().unwrap_or_default()],
    )?;
    page.id("bundle-file")
        .await?
        .send_keys(stick.to_str().unwrap_or_default())
        .await?;
    page.wait_text("#bundle-message", |t| {
        t.contains("dibaca") && !t.contains(": 0 dokumen")
    })
    .await?;

    // A registration approved from the browser.
    page.click("nav-registry").await?;
    page.click("levels-seed").await?;
    let approve = page
        .wait_css("[id^=approve-]", std::time::Duration::from_secs(15))
        .await?
        .id()
        .await?
        .unwrap_or_default();
    let key = approve.trim_start_matches("approve-").to_owned();
    page.select(&format!("level-{key}"), "L2").await?;
    page.click(&approve).await?;
    // The queue shows each registration's host name (the key).
    page.wait_text("#queue", |t| !t.contains(&key)).await?;
    let still_queued = page
        .driver
        .find_all(thirtyfour::By::Id(approve.clone()))
        .await?;
    assert!(
        still_queued.is_empty(),
        "the approved registration left the queue"
    );

    // A KIB B chosen in the browser: uploaded, previewed, imported.
    let kib = dir.path().join("KIB-B-Diskominfo.csv");
    std::fs::write(
        &kib,
        "KARTU INVENTARIS BARANG (KIB) B\n\
         No;Kode Barang;Nama Barang;Nomor Register;Tahun Pembelian;Harga;Kondisi\n\
         1;1.3.2.10.01.02.002;Laptop;000001;2024;12.500.000;B\n\
         2;1.3.2.10.02.03.004;Printer;000001;2023;3.000.000;KB\n\
         3;1.3.2.05.01.04.001;Lemari Arsip;000001;2019;1.500.000;B\n",
    )?;
    page.click("nav-data").await?;
    page.choose_file("kib-choose", &kib).await?;
    page.wait_text("#kib-count-added", |t| t.starts_with('2'))
        .await?;
    page.wait_text("#kib-count-skipped", |t| t.starts_with('1'))
        .await?;
    page.screenshot("console-05-kib-preview").await?;
    page.click("kib-confirm").await?;
    let done = page.wait_text("#kib-done", |t| !t.is_empty()).await?;
    assert!(done.contains("2 aset ditambah"), "{done}");
    page.click("nav-assets").await?;
    page.wait_text("#asset-count", |t| t.starts_with("38"))
        .await?;

    // The regency's report, written on the server and downloaded.
    page.click("nav-reports").await?;
    page.type_into("report-signer-name", "Budi Santoso").await?;
    page.type_into("report-signer-nip", ADMIN).await?;
    page.type_into("report-place", "Nanga Bulik").await?;
    page.click("report-make").await?;
    let made = page
        .wait_text_within("#report-message", |t| t.contains("halaman"), SYNCED)
        .await?;
    let year = chrono::Local::now().format("%Y").to_string();
    let name = format!("Laporan-TIK-Kabupaten-{year}.pdf");
    assert!(
        made.contains(&name),
        "the file's name, not the server's path: {made}"
    );
    page.screenshot("console-06-report").await?;
    let pdf = browser.downloaded(&name)?;
    assert!(pdf.starts_with(b"%PDF"), "the report downloaded");

    // Which OPDs keep their data up to date, read from the server itself.
    page.click("nav-status").await?;
    page.wait_text("#status-table", |t| {
        t.contains("DINKES") && t.contains("BAPPEDA")
    })
    .await?;
    let stale = page
        .driver
        .find_all(thirtyfour::By::Id("status-stale"))
        .await?;
    assert!(stale.is_empty(), "the console's status is live");

    page.click("lock").await?;
    page.id("console-nip").await?;
    page.close().await?;

    let viewer = browser.open(&format!("http://{addr}/")).await?;
    viewer.type_into("console-nip", VIEWER).await?;
    viewer.type_into("console-password", PASSWORD).await?;
    viewer.click("console-submit").await?;
    viewer
        .wait_text("#signed-in", |t| t.contains("Rina Wulandari"))
        .await?;
    viewer.click("nav-registry").await?;
    viewer
        .wait_css("[id^=approve-]", std::time::Duration::from_secs(15))
        .await?;
    for control in ["new-asset", "approve-", "reject-", "level-"] {
        let found = viewer
            .driver
            .find_all(thirtyfour::By::Css(format!("[id^={control}]")))
            .await?;
        for el in found {
            assert!(!el.is_displayed().await?, "a viewer sees no {control}");
        }
    }
    let status = viewer
        .driver
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            (async () => {
              const s = await (await fetch("/api/v1/console/session")).json();
              const r = await fetch("/api/v1/app/room_save", {
                method: "POST",
                headers: { "content-type": "application/json", "x-csrf-token": s.csrf },
                body: JSON.stringify({ input: { id: "", building: "G1", floor: "L1", code: "R09", name: "Gudang", notes: "" } }),
              });
              done(r.status);
            })();"#,
            Vec::new(),
        )
        .await?
        .json()
        .as_u64();
    assert_eq!(status, Some(403), "the API refuses a viewer's write");
    viewer.screenshot("console-07-viewer").await?;
    viewer.close().await?;
    Ok(())
}
