//! Sync as a user sees it in the real window: enroll with the data center,
//! edit while the server is down (the status shows the pending change),
//! bring the server back, and the status turns synced.

use simpul_e2e::{Harness, ServerProcess, SYNCED};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enroll_edit_offline_then_synced() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("server.db");
    let code = ServerProcess::prepare(&data, "DINKES")?;
    let port = ServerProcess::free_port()?;
    let mut server = ServerProcess::start(&data, port)?;

    let app = h.launch().await?;
    app.set_up(
        [
            "Kabupaten Bengkulu Selatan",
            "DINKES",
            "Dinas Kesehatan",
            "Laptop Teknisi",
        ],
        ["Rahmat Hidayat", "19820705 200604 1 003", "739152"],
    )
    .await?;
    app.wait_text("#sync-pill", |t| t.contains("Belum terdaftar"))
        .await?;

    // Enroll from the settings page.
    app.enroll(&format!("127.0.0.1:{port}"), &code).await?;

    // The link drops; an edit stays on the device and shows as pending.
    server.stop();
    app.click("new-asset").await?;
    app.type_into("f-kode_barang", "1.3.2.10.02.04.024").await?;
    app.type_into("f-nama", "Switch").await?;
    app.type_into("f-merk_type", "TP-Link TL-SG1024D").await?;
    app.click("asset-save").await?;
    app.wait_text("#detail-title", |t| t.contains("Switch"))
        .await?;
    app.wait_text("#sync-pill", |t| t.contains("Luring"))
        .await?;
    let pending = app
        .id("sync-pill")
        .await?
        .attr("data-pending")
        .await?
        .unwrap_or_default();
    assert_eq!(pending, "1", "one local change not yet at the server");
    app.screenshot("sync-1-offline").await?;

    // The server comes back; "Sinkronkan sekarang" sends the change.
    let _server = ServerProcess::start(&data, port)?;
    app.click("nav-settings").await?;
    app.click("sync-now").await?;
    app.wait_text_within("#sync-pill", |t| t.contains("Tersinkron"), SYNCED)
        .await?;
    assert_eq!(
        app.id("sync-pill")
            .await?
            .attr("data-pending")
            .await?
            .unwrap_or_default(),
        "0"
    );
    app.wait_text_within("#sync-pending", |t| t == "0", SYNCED)
        .await?;
    app.screenshot("sync-2-synced").await?;
    app.close().await?;
    Ok(())
}
