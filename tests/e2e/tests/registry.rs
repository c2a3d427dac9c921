//! Network registration in the real window of a Diskominfo device, against
//! the real server: Diskominfo lists the OPD, sets the security levels and
//! gives DINKES a pool; two DINKES devices (driven by the `simpul` command
//! and the store) register laptops, the second one offline with the same
//! "next free" address; the queue in the window shows them; an approval
//! without a level is refused, then one is approved with a level and one
//! rejected with a reason; the duplicate IP shows in the conflict inbox
//! and one click gives one laptop a new address; a note both OPD devices
//! changed offline is settled in the inbox by picking one value; after
//! sync the OPD sees the decisions, the new address and the picked note.

use simpul_core::{AssetInput, RegistrationInput};
use simpul_e2e::{Harness, ServerProcess, SYNCED};
use simpul_store::{ProfileInput, RegistrationView, Replica};
use std::path::Path;

fn opd_device(
    dir: &Path,
    name: &str,
    server: &str,
    code: &str,
) -> anyhow::Result<std::path::PathBuf> {
    let db = dir.join(format!("{name}.db"));
    let mut r = Replica::open(&db)?;
    r.setup(&ProfileInput {
        regency: "Kabupaten Mukomuko".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: name.into(),
        language: String::new(),
    })?;
    drop(r);
    ServerProcess::cli(&db, &["enroll", "--server", server, "--code", code])?;
    sync_until(&db, |r| Ok(!r.pools_of("DINKES")?.is_empty()))?;
    Ok(db)
}

/// Syncs an OPD device with the `simpul` command until `done` holds (the
/// window's own sync runs in the background), for at most 30 s.
fn sync_until(db: &Path, done: impl Fn(&Replica) -> anyhow::Result<bool>) -> anyhow::Result<()> {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        ServerProcess::cli(db, &["sync"])?;
        if done(&Replica::open(db)?)? {
            return Ok(());
        }
        anyhow::ensure!(
            std::time::Instant::now() < until,
            "sync did not bring the expected data"
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// Adds a laptop and registers it with the next free address this device knows.
fn register_laptop(
    db: &Path,
    serial: &str,
    mac: &str,
    host: &str,
) -> anyhow::Result<RegistrationView> {
    let mut r = Replica::open(db)?;
    let id = r
        .save_asset(&AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            merk_type: "Lenovo ThinkPad E14".into(),
            nomor_pabrik: serial.into(),
            ..Default::default()
        })?
        .id;
    let ip = r
        .next_free_ip("DINKES")?
        .ok_or_else(|| anyhow::anyhow!("no pool"))?;
    Ok(r.register(&RegistrationInput {
        asset_id: id,
        macs: mac.into(),
        hostname: host.into(),
        ip,
        purpose: "SIMPUS dan internet".into(),
    })?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diskominfo_decides_the_registration_queue() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("server.db");
    let code_a = ServerProcess::prepare(&data, "DINKES")?;
    let code_b = ServerProcess::code(&data, Some("DINKES"))?;
    let code_k = ServerProcess::code(&data, None)?;
    let port = ServerProcess::free_port()?;
    let _server = ServerProcess::start(&data, port)?;
    let server = format!("127.0.0.1:{port}");

    // The Diskominfo window: set up and enroll.
    let app = h.launch().await?;
    app.set_up(
        [
            "Kabupaten Mukomuko",
            "KOMINFO",
            "Dinas Kominfo",
            "PC Pusat Data",
        ],
        ["Dedi Kurniawan", "19800214 200312 1 002", "604819"],
    )
    .await?;
    app.enroll(&server, &code_k).await?;

    // The regency document: the OPD, the levels and DINKES's pool.
    app.click("nav-registry").await?;
    app.type_into("opd-code", "dinkes").await?;
    app.type_into("opd-name", "Dinas Kesehatan").await?;
    app.click("opd-save").await?;
    app.wait_text("#regency-opds", |t| t.contains("DINKES"))
        .await?;
    app.click("levels-seed").await?;
    app.wait_text("#levels", |t| t.contains("L3")).await?;
    app.select("pool-opd", "DINKES").await?;
    app.type_into("pool-cidr", "10.20.1.5/24").await?;
    app.click("pool-save").await?;
    app.wait_text("#error-cidr", |t| t.contains("10.20.1.0/24"))
        .await?;
    app.type_into("pool-cidr", "10.20.1.0/24").await?;
    app.type_into("pool-gateway", "10.20.1.1").await?;
    app.type_into("pool-vlan", "20").await?;
    app.click("pool-save").await?;
    app.wait_text("#pool-10-20-1-0-24", |t| t.contains("0 / 253"))
        .await?;
    // The days before an OPD is overdue (read by `simpul admin status`).
    app.type_into("overdue-overdue_days", "400").await?;
    app.click("overdue-save").await?;
    app.wait_text("#error-overdue-overdue_days", |t| t.contains("365"))
        .await?;
    app.type_into("overdue-overdue_days", "14").await?;
    app.click("overdue-save").await?;
    app.wait_text("#overdue-days", |t| t.contains("14 hari"))
        .await?;
    app.click("nav-settings").await?;
    app.click("sync-now").await?;
    app.wait_text_within("#sync-pending", |t| t == "0", SYNCED)
        .await?;

    // Two DINKES devices get the pool; the second goes offline and picks
    // the same next free address as the first.
    let dev_a = opd_device(dir.path(), "laptop-teknisi", &server, &code_a)?;
    let dev_b = opd_device(dir.path(), "pc-tata-usaha", &server, &code_b)?;
    let ra = register_laptop(&dev_a, "PF-001", "3C:52:82:00:00:01", "dinkes-pc-01")?;
    let rb = register_laptop(&dev_b, "PF-002", "3C:52:82:00:00:02", "dinkes-pc-02")?;
    assert_eq!(ra.registration.ip, "10.20.1.2");
    assert_eq!(rb.registration.ip, "10.20.1.2", "offline, the same guess");
    ServerProcess::cli(&dev_a, &["sync"])?;
    ServerProcess::cli(&dev_b, &["sync"])?;

    // The queue in the window.
    app.click("nav-settings").await?;
    app.click("sync-now").await?;
    app.click("nav-registry").await?;
    app.wait_text("#queue", |t| {
        t.contains("dinkes-pc-01") && t.contains("dinkes-pc-02")
    })
    .await?;
    app.wait_text("#pool-10-20-1-0-24", |t| t.contains("1 / 253"))
        .await?;
    // Both devices also numbered their laptop 0001: two conflicts.
    app.wait_text("#nav-inbox-count", |t| t == "2").await?;
    app.screenshot("registry-1-queue").await?;

    // Approving needs a level; then approve one, reject the other.
    app.click("approve-dinkes-pc-01").await?;
    app.wait_text("#decide-error-dinkes-pc-01", |t| {
        t.contains("tingkat keamanan")
    })
    .await?;
    app.select("level-dinkes-pc-01", "L2").await?;
    app.click("approve-dinkes-pc-01").await?;
    app.wait_text("#queue", |t| !t.contains("dinkes-pc-01"))
        .await?;
    app.type_into(
        "reason-dinkes-pc-02",
        "MAC tidak cocok dengan label perangkat",
    )
    .await?;
    app.click("reject-dinkes-pc-02").await?;
    app.wait_text("#queue-empty", |t| t.contains("Tidak ada"))
        .await?;
    app.select("queue-filter", "").await?;
    app.wait_text("#queue-dinkes-pc-01", |t| {
        t.contains("Disetujui") && t.contains("Sedang")
    })
    .await?;
    app.wait_text("#queue-dinkes-pc-02", |t| {
        t.contains("Ditolak") && t.contains("MAC tidak cocok")
    })
    .await?;
    app.screenshot("registry-2-decided").await?;

    // The asset page shows the registration with its level.
    app.wait_css(
        "#queue-dinkes-pc-01 button.link",
        std::time::Duration::from_secs(15),
    )
    .await?
    .click()
    .await?;
    app.wait_text("#registration", |t| {
        t.contains("Disetujui") && t.contains("L2 · Sedang") && t.contains("dinkes-pc-01")
    })
    .await?;
    app.wait_text("#record-conflicts", |t| {
        t.contains("IP dipakai dua kali") && t.contains("Nomor register ganda")
    })
    .await?;
    app.screenshot("registry-4-asset").await?;

    // The inbox: the duplicate address, settled with one click.
    app.click("nav-inbox").await?;
    app.wait_text("#inbox", |t| {
        t.contains("IP dipakai dua kali") && t.contains("10.20.1.2")
    })
    .await?;
    app.screenshot("registry-3-inbox").await?;
    let id_b = rb.registration.id.clone();
    app.click(&format!("reassign-duplicate_ip-{id_b}")).await?;
    app.wait_text("#inbox-done", |t| t.contains("10.20.1.3"))
        .await?;
    app.wait_text("#inbox", |t| !t.contains("IP dipakai dua kali"))
        .await?;
    app.click(&format!("renumber-duplicate_register-{id_b}"))
        .await?;
    app.wait_text("#inbox-done", |t| t.contains("0002")).await?;
    app.wait_text("#inbox-empty", |t| t.contains("Tidak ada konflik"))
        .await?;

    // Offline, both DINKES devices change the note of the first laptop;
    // after sync the inbox shows both values and one click settles it.
    let id_a = ra.registration.id.clone();
    sync_until(&dev_b, |r| Ok(r.asset(&id_a).is_ok()))?;
    for (db, note) in [(&dev_a, "Di ruang TU"), (&dev_b, "Dipinjam Kabid")] {
        let mut r = Replica::open(db)?;
        let mut input = AssetInput::from_asset(&r.asset(&id_a)?);
        input.keterangan = note.into();
        r.save_asset(&input)?;
    }
    ServerProcess::cli(&dev_a, &["sync"])?;
    ServerProcess::cli(&dev_b, &["sync"])?;
    app.click("nav-settings").await?;
    app.click("sync-now").await?;
    app.click("nav-inbox").await?;
    app.wait_text(&format!("#conflicts-{id_a}"), |t| {
        t.contains("Di ruang TU") && t.contains("Dipinjam Kabid")
    })
    .await?;
    app.screenshot("registry-5-concurrent").await?;
    app.wait_css(
        &format!("#conflicts-{id_a} button[data-value='Dipinjam Kabid']"),
        std::time::Duration::from_secs(15),
    )
    .await?
    .click()
    .await?;
    app.wait_text("#inbox-empty", |t| t.contains("Tidak ada konflik"))
        .await?;
    app.click("nav-settings").await?;
    app.click("sync-now").await?;

    // The OPD devices hear the decisions and the new address on their sync.
    let settled = |r: &Replica| -> anyhow::Result<bool> {
        Ok(r.conflict_count()? == 0
            && r.registration_of(&id_b)?
                .is_some_and(|v| v.registration.ip == "10.20.1.3"))
    };
    sync_until(&dev_a, settled)?;
    sync_until(&dev_b, settled)?;
    let a = Replica::open(&dev_a)?;
    let va = a.registration_of(&ra.registration.id)?.expect("registered");
    assert_eq!((va.status.key(), va.level.as_str()), ("disetujui", "L2"));
    let vb = a.registration_of(&id_b)?.expect("visible to the whole OPD");
    assert_eq!(vb.status.key(), "ditolak");
    assert_eq!(vb.registration.ip, "10.20.1.3");
    assert_eq!(a.conflict_count()?, 0, "gone on the OPD device too");
    let b = Replica::open(&dev_b)?;
    assert_eq!(b.asset(&id_b)?.ip, "10.20.1.3", "the asset follows");
    for r in [&a, &b] {
        assert_eq!(
            r.asset(&id_a)?.keterangan,
            "Dipinjam Kabid",
            "the value picked in the inbox"
        );
    }
    app.close().await?;
    Ok(())
}
