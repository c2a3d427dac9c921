//! The room card in the real window: an OPD window plans the laptops'
//! virus checks (a bad interval refused, then three laptops overdue), then
//! prints the card (KIR) of a room, listing exactly the room's active
//! assets, with both signatories, and the tags of that room, whose
//! barcodes scan back to its two laptops; then the one asset never tagged.

use simpul_core::{AssetInput, RoomInput};
use simpul_e2e::Harness;
use simpul_labels::verify::{pdf_barcodes, pdf_text};
use simpul_store::Replica;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opd_prints_the_card_of_a_room() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let mut r = h.dinkes_replica("PC Pengurus Barang")?;
    let room = |r: &mut Replica, code: &str, name: &str| {
        r.save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: code.into(),
            name: name.into(),
            responsible_name: "Wa Ode Sitti".into(),
            responsible_nip: "198001012005012003".into(),
            ..Default::default()
        })
    };
    let tu = room(&mut r, "R02", "Ruang Tata Usaha")?;
    let other = room(&mut r, "R03", "Ruang Rapat")?;
    let laptop = |serial: &str, room: &str| AssetInput {
        kode_barang: "1.3.2.10.02.03.001".into(),
        nama: "Laptop".into(),
        merk_type: "Asus VivoBook 14".into(),
        nomor_pabrik: serial.into(),
        tahun: "2021".into(),
        harga: "8.500.000".into(),
        room_id: room.into(),
        ..Default::default()
    };
    let tu1 = r.save_asset(&laptop("TU-0001", &tu.id))?;
    let tu2 = r.save_asset(&laptop("TU-0002", &tu.id))?;
    let gone = r.save_asset(&laptop("TU-0003", &tu.id))?;
    r.save_asset(&laptop("RAPAT-01", &other.id))?;
    let mut d = AssetInput::from_asset(&gone);
    d.lifecycle = "dihapus".into();
    d.disposal_reason = "Hilang".into();
    r.save_asset(&d)?;
    drop(r);

    let app = h.launch().await?;
    // A plan for the computers (the laptops are coded as CPUs here), begun
    // in January: the card room's two and the meeting room's are overdue.
    app.click("nav-maintenance").await?;
    app.select("plan-category", "komputer").await?;
    app.select("plan-kind", "virus_spam").await?;
    app.type_into("plan-every", "0").await?;
    app.set_value("plan-start", "2026-01-01").await?;
    app.click("plan-save").await?;
    app.wait_text("#error-every_months", |t| t.contains("1 sampai 60"))
        .await?;
    app.type_into("plan-every", "6").await?;
    app.click("plan-save").await?;
    app.wait_text("#plans", |t| t.contains("Komputer")).await?;
    app.wait_text("#due-count", |t| t.starts_with("3 aset, 3 terlambat"))
        .await?;
    app.screenshot("maintenance-01-due").await?;
    // The asset's own page shows its schedule; a plan for it alone is added there.
    app.driver
        .execute(
            "document.querySelector('#due button.link').click();",
            vec![],
        )
        .await?;
    app.wait_text("#asset-plans", |t| t.contains("terlambat"))
        .await?;
    app.click("asset-plan-add").await?;
    app.select("asset-plan-kind", "perangkat_keras").await?;
    app.type_into("asset-plan-every", "12").await?;
    app.click("asset-plan-save").await?;
    app.wait_text("#asset-plans", |t| {
        t.contains("Perangkat keras") && t.contains("setiap 12 bulan")
    })
    .await?;
    app.screenshot("maintenance-02-asset").await?;

    app.click("nav-reports").await?;
    app.select_text("kir-room", "G1L1.R02").await?;
    app.type_into("kir-place", "Raha").await?;
    app.type_into("kir-pengurus-name", "La Ode Hamid").await?;
    app.type_into("kir-pengurus-nip", "198502102010011004")
        .await?;
    let pdf = h.db.with_file_name("KIR-G1L1.R02.pdf");
    app.pick(&pdf).await?;
    app.click("kir-make").await?;
    let done = app.wait_text("#kir-message", |t| t.contains("KIR")).await?;
    assert!(done.contains("KIR 2 aset"), "{done}");
    app.screenshot("kir-01-written").await?;

    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("TU-0001") && text.contains("TU-0002"));
    assert!(
        !text.contains("TU-0003"),
        "a disposed asset is not on the card"
    );
    assert!(
        !text.contains("RAPAT-01"),
        "another room's asset is not on the card"
    );
    for must in [
        "KARTU INVENTARIS RUANGAN (KIR)",
        "G1L1.R02 Ruang Tata Usaha",
        "Wa Ode Sitti",
        "La Ode Hamid",
        "NIP. 19850210 201001 1 004",
        "Raha, ",
    ] {
        assert!(text.contains(must), "{must:?} missing from the card");
    }
    let _ = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(simpul_e2e::shots_dir().join("kir-pdf"))
        .status();

    // The room's asset tags on an A4 sheet of 40: the two live laptops, and
    // each barcode scans back to one of them.
    app.click("nav-locations").await?;
    app.click("tags-room-G1L1-R02").await?;
    app.select("labels-format", "a4x40").await?;
    app.wait_text("#labels-summary", |t| t.starts_with("2 label aset"))
        .await?;
    app.wait_css("#labels-preview img", Duration::from_secs(10))
        .await?;
    app.screenshot("tags-01-room").await?;
    app.click("labels-save").await?;
    let written = app
        .wait_text("#labels-result", |t| t.contains("disimpan ke"))
        .await?;
    let tags = PathBuf::from(written.split("disimpan ke ").nth(1).unwrap_or("").trim());
    let mut scanned: Vec<String> = pdf_barcodes(&tags, 1, 600)?
        .into_iter()
        .filter(|(kind, _)| kind == "CODE-128")
        .filter_map(|(_, code)| simpul_core::asset_tag::asset_id_of(&code))
        .collect();
    scanned.sort();
    let mut want = vec![tu1.id.clone(), tu2.id.clone()];
    want.sort();
    assert_eq!(scanned, want, "the room's two laptops, one tag each");
    let text = pdf_text(&tags)?;
    assert!(
        text.contains(&format!("{}.{}", tu1.kode_barang, tu1.nomor_register)),
        "{text}"
    );

    // "New asset tags" from the list: only the meeting room's laptop is left.
    app.click("nav-assets").await?;
    app.click("tags-new").await?;
    app.wait_text("#labels-summary", |t| t.starts_with("1 label aset"))
        .await?;
    app.screenshot("tags-02-new").await?;

    // Bulk work: the card room's list, tick the first row, shift-click the
    // second, move both to the meeting room in one action.
    app.click("nav-assets").await?;
    app.select_text("filter-room_id", "G1L1.R02").await?;
    app.wait_text("#asset-count", |t| t.starts_with("2 aset"))
        .await?;
    app.tick_first_two_rows().await?;
    app.wait_text("#bulk-count", |t| t.starts_with("2 aset dipilih"))
        .await?;
    app.select("bulk-action", "move").await?;
    app.select_text("bulk-room", "G1L1.R03").await?;
    app.screenshot("bulk-01-move").await?;
    app.click("bulk-apply").await?;
    let done = app
        .wait_text("#bulk-result", |t| t.contains("diubah"))
        .await?;
    assert!(done.starts_with("2 dari 2 aset diubah"), "{done}");
    let r = Replica::open(&h.db)?;
    let in_meeting_room = r
        .assets(&simpul_store::AssetQuery {
            room_id: other.id.clone(),
            ..Default::default()
        })?
        .total;
    assert_eq!(
        in_meeting_room, 3,
        "the meeting room's laptop and the two moved"
    );
    drop(r);

    // The same two get one service visit logged: a missing technician is
    // refused at the field, then the entry lands in each asset's log.
    app.select("bulk-action", "maintenance").await?;
    app.type_into("bulk-maint-result", "Ganti pasta prosesor")
        .await?;
    app.click("bulk-apply").await?;
    app.wait_css(".field-error", Duration::from_secs(10))
        .await?;
    app.type_into("bulk-maint-technician", "Budi").await?;
    app.screenshot("bulk-02-maintenance").await?;
    app.click("bulk-apply").await?;
    let logged = app
        .wait_text("#bulk-result", |t| t.contains("dicatat"))
        .await?;
    assert!(
        logged.starts_with("Pemeliharaan dicatat pada 2 aset"),
        "{logged}"
    );
    let r = Replica::open(&h.db)?;
    let rows = r
        .assets(&simpul_store::AssetQuery {
            room_id: other.id.clone(),
            ..Default::default()
        })?
        .rows;
    let entries: Vec<_> = rows
        .iter()
        .flat_map(|a| r.maintenance_of(&a.id).expect("log"))
        .collect();
    assert_eq!(entries.len(), 2, "one entry on each of the two moved");
    assert!(entries.iter().all(|e| e.technician == "Budi"));
    drop(r);
    app.close().await
}
