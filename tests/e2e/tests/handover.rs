//! Serah terima in the real window: two laptops picked in the asset list
//! are handed from the pengurus barang to an officer before a witness (a
//! missing witness refused at its field); the officer's page lists them
//! and prints the BAST, which reads back with both NIPs and the laptops;
//! then "return everything" (a mutasi) empties the officer's page. Last,
//! a laptop is lent (a missing due date refused) and comes back.

use simpul_core::report::{DocumentDefaults, KirSigner};
use simpul_core::AssetInput;
use simpul_e2e::Harness;
use simpul_labels::verify::pdf_text;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_laptops_handed_over_then_returned() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let mut r = h.dinkes_replica("PC Pengurus Barang")?;
    let mut ids = Vec::new();
    for serial in ["HO-0001", "HO-0002", "HO-0003"] {
        ids.push(
            r.save_asset(&AssetInput {
                kode_barang: "1.3.2.10.02.03.001".into(),
                nama: "Laptop".into(),
                merk_type: "Lenovo ThinkPad E14".into(),
                nomor_pabrik: serial.into(),
                ..Default::default()
            })?
            .id,
        );
    }
    // The pengurus barang the room cards were last signed by.
    r.remember_document_defaults(&DocumentDefaults {
        pengurus_barang: KirSigner {
            name: "Andi Pratama".into(),
            nip: "198001012005011001".into(),
        },
        ..DocumentDefaults::default()
    })?;
    drop(r);

    let app = h.launch().await?;
    app.click("nav-assets").await?;
    app.tick_first_two_rows().await?;
    app.wait_text("#bulk-count", |t| t.starts_with("2 aset dipilih"))
        .await?;
    app.click("bulk-handover").await?;
    app.wait_text("#handover-count", |t| t == "2 aset").await?;
    // The pengurus barang hands out of the store room.
    let from = app.id("from-nip").await?.prop("value").await?;
    assert_eq!(from.as_deref(), Some("198001012005011001"));
    app.type_into("to-name", "Siti Aminah").await?;
    app.type_into("to-nip", "19850312 201001 2 004").await?;
    app.type_into("to-role", "Analis Kesehatan").await?;
    app.click("handover-save").await?;
    app.wait_text("#error-witness\\.name", |t| t.contains("wajib"))
        .await?;
    app.type_into("witness-name", "La Ode Budi").await?;
    app.type_into("witness-nip", "199001012015031002").await?;
    app.screenshot("handover-01-form").await?;
    app.click("handover-save").await?;

    app.wait_text("#holder-heading", |t| t == "Siti Aminah")
        .await?;
    app.wait_text("#holder-assets", |t| t.matches("Laptop").count() == 2)
        .await?;
    let pdf = h.db.with_file_name("BAST.pdf");
    app.type_into("holder-place", "Raha").await?;
    app.pick(&pdf).await?;
    app.driver
        .execute(
            "document.querySelector('#holder-handovers button.link').click();",
            vec![],
        )
        .await?;
    app.wait_text(".bast-message", |t| t.contains("BAST 2 aset"))
        .await?;
    app.screenshot("handover-02-holder").await?;
    let text = pdf_text(&pdf)?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for must in [
        "BERITA ACARA SERAH TERIMA BARANG MILIK DAERAH",
        "NIP. 19800101 200501 1 001",
        "NIP. 19850312 201001 2 004",
        "NIP. 19900101 201503 1 002",
        "Lenovo ThinkPad E14",
        "Raha, ",
    ] {
        assert!(flat.contains(must), "{must:?} missing from:\n{text}");
    }

    // Siti moves to another agency: everything goes back.
    app.click("holder-return-all").await?;
    app.wait_text("#handover-count", |t| t == "2 aset").await?;
    let to = app.id("to-nip").await?.prop("value").await?;
    assert_eq!(
        to.as_deref(),
        Some("198001012005011001"),
        "back to the pengurus barang"
    );
    app.type_into("witness-name", "La Ode Budi").await?;
    app.type_into("witness-nip", "199001012015031002").await?;
    app.click("handover-save").await?;
    app.wait_text("#holder-heading", |t| t == "Siti Aminah")
        .await?;
    app.wait_text("#holder-handovers", |t| t.contains("Pengembalian"))
        .await?;
    app.wait_text("#holder-give", |_| true).await?;
    let left = app
        .driver
        .execute(
            "return document.querySelectorAll('#holder-assets tr').length;",
            vec![],
        )
        .await?;
    assert_eq!(left.json().as_u64(), Some(0), "Siti holds nothing now");

    // A laptop lent for a field visit, then back.
    let mut lent = false;
    for id in &ids {
        app.driver
            .execute(&format!("location.hash = '#/assets/{id}';"), vec![])
            .await?;
        app.wait_text("#detail-tag", |t| t.starts_with("1.3.2.10.02.03.001"))
            .await?;
        if app
            .driver
            .find_all(thirtyfour::By::Id("loan-form"))
            .await?
            .is_empty()
        {
            continue;
        }
        app.type_into("loan-name", "Wa Ode Sitti").await?;
        app.type_into("loan-nip", "198001012005012003").await?;
        app.click("loan-lend").await?;
        app.wait_text("#error-due_on", |t| !t.is_empty()).await?;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        app.set_value("loan-due", &today).await?;
        app.click("loan-lend").await?;
        app.wait_text("#loan-open", |t| t.contains("Dipinjam Wa Ode Sitti"))
            .await?;
        app.wait_text("#detail-title", |t| t.contains("Dipinjam"))
            .await?;
        app.screenshot("handover-03-loan").await?;
        app.click("loan-return").await?;
        app.wait_text("#loan-history", |t| t.contains("Wa Ode Sitti"))
            .await?;
        lent = true;
        break;
    }
    assert!(lent, "every laptop's page offers lending");
    app.close().await?;
    Ok(())
}
