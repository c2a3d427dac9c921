//! A stock-take in the real window: the officer starts a session with the
//! team (a bad NIP refused at its field), opens the Tata Usaha room and
//! types three tags as a keyboard-wedge scanner does, each ended by Enter:
//! one laptop of the room (found), one recorded in the finance room
//! (moved; one click moves it here), one unknown code (unregistered, then
//! registered on the spot with the quick form and marked found). The
//! room is closed (asked twice) and its tally shows the laptop never
//! scanned as missing; the session's page counts the room done, and its
//! Berita Acara (PDF) reads back with the team's NIP and the annex.

use simpul_core::asset_tag::tag_code;
use simpul_core::{AssetInput, RoomInput};
use simpul_e2e::Harness;
use simpul_labels::verify::pdf_text;
use simpul_store::Replica;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_tags_scanned_then_the_room_closed() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let mut r = h.dinkes_replica("Laptop Inventarisasi")?;
    let room = |r: &mut Replica, code: &str, name: &str| {
        r.save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: code.into(),
            name: name.into(),
            ..Default::default()
        })
    };
    let tu = room(&mut r, "R02", "Ruang Tata Usaha")?;
    let keu = room(&mut r, "R03", "Ruang Keuangan")?;
    let laptop = |serial: &str, room: &str| AssetInput {
        kode_barang: "1.3.2.10.02.03.001".into(),
        nama: "Laptop".into(),
        nomor_pabrik: serial.into(),
        room_id: room.into(),
        ..Default::default()
    };
    let found = r.save_asset(&laptop("TU-0001", &tu.id))?;
    let never = r.save_asset(&laptop("TU-0002", &tu.id))?;
    let moved = r.save_asset(&laptop("KEU-0001", &keu.id))?;
    drop(r);
    let tag = |id: &str| tag_code(id).ok_or_else(|| anyhow::anyhow!("tag of {id}"));

    let app = h.launch().await?;
    app.click("nav-stocktake").await?;
    app.click("stock-new").await?;
    app.type_into("stock-member-0-name", "Siti Aminah").await?;
    app.type_into("stock-member-0-nip", "1985031220100120")
        .await?;
    app.click("stock-begin").await?;
    app.wait_text("#error-team\\.0\\.nip", |t| t.contains("18"))
        .await?;
    app.type_into("stock-member-0-nip", "19850312 201001 2 004")
        .await?;
    app.click("stock-begin").await?;
    app.wait_text("#stock-heading", |t| t.starts_with("Inventarisasi BMD"))
        .await?;
    app.wait_text("#stock-team", |t| t.contains("19850312 201001 2 004"))
        .await?;
    app.click(&format!("stock-open-{}", tu.id)).await?;
    app.wait_text("#room-heading", |t| t.contains("Ruang Tata Usaha"))
        .await?;

    // 1: a laptop of this room, by its tag's barcode.
    app.type_into("scan-code", &tag(&found.id)?).await?;
    app.enter("scan-code").await?;
    app.wait_text("#scan-result", |t| t.starts_with("Ditemukan:"))
        .await?;
    app.wait_text("#tally-found", |t| t == "1").await?;
    // The field is empty and ready for the next tag.
    let left = app.id("scan-code").await?.prop("value").await?;
    assert_eq!(left.as_deref(), Some(""));

    // 2: the finance room's laptop, found here: moved with one click.
    app.type_into("scan-code", &tag(&moved.id)?).await?;
    app.enter("scan-code").await?;
    app.wait_text("#scan-result", |t| {
        t.contains("Tercatat di ruangan lain") && t.contains("G1L1.R03 Ruang Keuangan")
    })
    .await?;
    app.screenshot("stocktake-01-moved").await?;
    app.click("scan-move").await?;
    app.wait_text("#tally-moved-in", |t| t == "1").await?;
    app.wait_text("#tally-expected", |t| t == "3").await?;

    // 3: a code nothing carries: unregistered, with the quick form.
    app.type_into("scan-code", "SN-TANPA-LABEL-77").await?;
    app.enter("scan-code").await?;
    app.wait_text("#scan-result", |t| t.starts_with("Kode tidak dikenal"))
        .await?;
    app.id("stock-register").await?;
    app.wait_text("#tally-unregistered", |t| t == "1").await?;
    app.screenshot("stocktake-02-scanned").await?;
    // Registered on the spot (its serial is the code read), then marked.
    app.type_into("stock-reg-kode", "1.3.2.10.02.03.003")
        .await?;
    app.type_into("stock-reg-nama", "Printer").await?;
    app.click("stock-reg-save").await?;
    app.wait_text("#tally-unregistered", |t| t == "0").await?;
    app.wait_text("#tally-found", |t| t == "2").await?;
    app.wait_text("#scan-result", |t| t.starts_with("Ditemukan:"))
        .await?;

    // Closing asks once more, then the laptop never scanned is missing.
    app.click("stock-close-room").await?;
    app.wait_text("#stock-close-room", |t| t.contains("1 barang"))
        .await?;
    app.click("stock-close-room").await?;
    app.wait_text("#room-closed", |t| t.contains("ditutup"))
        .await?;
    app.wait_text("#tally-missing", |t| t == "1").await?;
    let missing = app
        .wait_text(&format!("#room-lines tr[data-asset='{}']", never.id), |t| {
            t.contains("Hilang")
        })
        .await?;
    assert!(missing.contains("Laptop"), "{missing}");
    app.screenshot("stocktake-03-closed").await?;

    app.driver.back().await?;
    app.wait_text("#stock-rooms-done", |t| t == "1 / 2").await?;
    app.wait_text("#stock-percent", |t| t == "75%").await?;

    // The Berita Acara: the team with their NIPs, the missing laptop in
    // the annex.
    let pdf = h.db.with_file_name("BA-Inventarisasi.pdf");
    app.type_into("stock-place", "Raha").await?;
    app.pick(&pdf).await?;
    app.click("stock-pdf").await?;
    app.wait_text("#stock-report-message", |t| t.contains("ditulis ke"))
        .await?;
    app.screenshot("stocktake-04-session").await?;
    let text = pdf_text(&pdf)?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for must in [
        "BERITA ACARA INVENTARISASI BARANG MILIK DAERAH",
        "Siti Aminah",
        "NIP. 19850312 201001 2 004",
        "Raha, ",
        "LAMPIRAN BERITA ACARA INVENTARISASI",
        "Hilang Laptop 1.3.2.10.02.03.001.0002",
        "Didaftarkan Printer 1.3.2.10.02.03.003.0001",
    ] {
        assert!(flat.contains(must), "{must:?} missing from:\n{text}");
    }
    app.close().await?;

    let r = Replica::open(&h.db)?;
    assert_eq!(r.asset(&moved.id)?.room_id, tu.id, "moved by the scan");
    Ok(())
}
