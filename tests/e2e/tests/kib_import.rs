//! An asset officer brings the OPD's KIB B in, in the real window: chooses
//! a SIMDA-style CSV (a title line, old codes, furniture beside the
//! computers, a decimal price), reads the preview (what is added, what is
//! skipped as not ICT), confirms, sees the assets in the list; then
//! chooses the same file again and is told there is nothing to store;
//! exports with the OPD's kode lokasi and reads it back.

use simpul_e2e::Harness;
use simpul_store::{AssetQuery, Replica};

const KIB: &str = "KARTU INVENTARIS BARANG (KIB) B\n\
                   SKPD;Dinas Kesehatan\n\
                   \n\
                   No;Kode Barang;Nama/Jenis Barang;Nomor Register;Merk/Type;Tahun Pembelian;Harga (Rp);Kondisi\n\
                   1;2;3;4;5;6;7;8\n\
                   1;1.3.2.10.001.002.002;Laptop;000001;Lenovo ThinkPad E14;2022;12.500.000,00;B\n\
                   2;02.06.02.01.02;Lemari Arsip;000001;Brother;2015;2.000.000;B\n\
                   3;02.06.03.02.05;Printer;000002;Epson L3110;2014;1.945.235,47;KB\n\
                   4;1.3.2.02.001.004.001;Sepeda Motor;000001;Honda Supra;2019;18.500.000;B\n\
                   ;;Jumlah;;;;34.945.235,47;\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_confirm_and_see_the_assets() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let r = h.dinkes_replica("PC Pengurus Barang")?;
    drop(r);
    let file = h.db.with_file_name("KIB-B-DINKES.csv");
    std::fs::write(&file, KIB)?;
    let app = h.launch().await?;

    app.click("nav-data").await?;
    app.pick(&file).await?;
    app.click("kib-choose").await?;
    app.wait_text("#kib-count-added", |t| t.starts_with('2'))
        .await?;
    app.wait_text("#kib-count-skipped", |t| t.starts_with('2'))
        .await?;
    app.wait_text("#kib-count-errors", |t| t.starts_with('0'))
        .await?;
    app.click("kib-tab-skipped").await?;
    let skipped = app
        .wait_text("#kib-preview .preview-table", |t| {
            t.contains("Lemari Arsip")
        })
        .await?;
    assert!(skipped.contains("Sepeda Motor"), "{skipped}");
    app.screenshot("kib-01-preview").await?;
    let stored = |db: &std::path::Path| -> anyhow::Result<u32> {
        Ok(Replica::open(db)?.assets(&AssetQuery::default())?.total)
    };
    assert_eq!(stored(&h.db)?, 0, "a preview stores nothing");

    app.click("kib-confirm").await?;
    let done = app.wait_text("#kib-done", |t| !t.is_empty()).await?;
    assert!(done.contains("2 aset ditambah"), "{done}");
    app.screenshot("kib-02-done").await?;
    assert_eq!(stored(&h.db)?, 2);

    app.click("nav-assets").await?;
    app.wait_text(".table", |t| {
        t.contains("Epson L3110") && t.contains("1.945.235")
    })
    .await?;
    app.screenshot("kib-03-list").await?;

    // The same file again: nothing to store.
    app.click("nav-data").await?;
    app.pick(&file).await?;
    app.click("kib-choose").await?;
    app.wait_text("#kib-count-unchanged", |t| t.starts_with('2'))
        .await?;
    app.wait_text("#kib-preview", |t| t.contains("sudah sama"))
        .await?;
    assert_eq!(stored(&h.db)?, 2);

    // Export with the kode lokasi typed in; the file goes back in unchanged.
    app.type_into("unit-lokasi-DINKES", "12.20.05.01.01.16.01")
        .await?;
    let out = h.db.with_file_name("KIB-B-ekspor.xlsx");
    app.pick(&out).await?;
    app.click("kib-export").await?;
    app.wait_text(".alert.ok", |t| t.contains("2 aset ditulis"))
        .await?;
    app.screenshot("kib-04-exported").await?;
    let sheet = simpul_kib::read_sheet(&out)?;
    assert!(sheet
        .iter()
        .any(|r| r.cells.iter().any(|c| c.text() == "12.20.05.01.01.16.01")));
    let table = simpul_kib::read_table(&out)?;
    assert_eq!(table.rows.len(), 2);
    app.close().await?;
    Ok(())
}
