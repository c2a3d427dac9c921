//! Backups in the real window: the dashboard reminds that this device was
//! never backed up; "Cadangkan" writes a backup to a folder (a USB stick)
//! and Settings shows its date. The computer is then lost: a new install
//! restores the backup from the first-run screen and shows every asset,
//! as a new device (a new key) to enroll again.

use simpul_core::AssetInput;
use simpul_e2e::Harness;
use simpul_store::{ProfileInput, Replica};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_written_to_a_stick_and_restored_on_a_new_computer() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let mut r = Replica::open(&h.db)?;
    r.setup(&ProfileInput {
        regency: "Kabupaten Enrekang".into(),
        opd_code: "BAPPEDA".into(),
        opd_name: "Bappeda".into(),
        device_name: "Laptop Pengurus Barang".into(),
        language: "id".into(),
    })?;
    for serial in ["BP-01", "BP-02", "BP-03"] {
        r.save_asset(&AssetInput {
            kode_barang: "1.3.2.10.02.03.001".into(),
            nama: "Laptop".into(),
            nomor_pabrik: serial.into(),
            ..Default::default()
        })?;
    }
    drop(r);
    let stick = tempfile::tempdir()?;

    let app = h.launch().await?;
    app.wait_text("#backup-reminder", |t| {
        t.contains("belum pernah dicadangkan")
    })
    .await?;
    app.click("backup-reminder-go").await?;
    app.wait_text("#backup-last", |t| t == "belum pernah")
        .await?;
    let old_key = app.id("key-fingerprint").await?.text().await?;
    app.pick(stick.path()).await?;
    app.click("backup-now").await?;
    let written = app
        .wait_text("#backup-message", |t| t.contains("ditulis"))
        .await?;
    assert!(written.contains("3 aset"), "{written}");
    app.wait_text("#backup-last", |t| t != "belum pernah")
        .await?;
    app.screenshot("backup-settings").await?;
    let file = std::fs::read_dir(stick.path())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "simpulbk"))
        .ok_or_else(|| anyhow::anyhow!("no backup on the stick"))?;
    assert!(file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("simpul-bappeda-")));
    app.close().await?;

    // The computer is lost; Simpul is installed anew.
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", h.db.display()));
    }
    let app = h.launch().await?;
    app.pick(&file).await?;
    app.click("setup-restore").await?;
    let done = app
        .wait_text("#restore-done", |t| t.contains("Dipulihkan"))
        .await?;
    assert!(done.contains("3 aset BAPPEDA"), "{done}");
    app.screenshot("backup-restored").await?;
    app.click("restore-continue").await?;
    app.wait_text("#tile-total", |t| t.contains('3')).await?;
    app.click("nav-settings").await?;
    let new_key = app.wait_text("#key-fingerprint", |t| !t.is_empty()).await?;
    assert_ne!(new_key, old_key, "a restored replica is a new device");
    app.wait_text("#backup-last", |t| t == "belum pernah")
        .await?;
    app.close().await?;
    Ok(())
}
