//! An asset officer's first day, in the real window: set up the device,
//! enter an asset with a wrong NIP (refused, nothing stored), correct it,
//! find it by search, edit it, restart the app: it is still there with its
//! history.

use simpul_e2e::Harness;
use simpul_store::{AssetQuery, Replica};

fn stored_assets(db: &std::path::Path) -> u32 {
    Replica::open(db)
        .expect("open replica")
        .assets(&AssetQuery::default())
        .expect("list")
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_validate_search_edit_restart() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let app = h.launch().await?;

    // First run.
    app.set_up(
        [
            "Kabupaten Muna",
            "dinkes",
            "Dinas Kesehatan",
            "Laptop Pengurus Barang",
        ],
        ["Wa Ode Nurhayati", "19780412 200501 2 007", "481526"],
    )
    .await?;
    app.id("nav-dashboard").await?;

    // A wrong NIP is refused with a clear message and nothing is saved.
    app.click("new-asset").await?;
    app.type_into("f-kode_barang", "1.3.2.10.01.02.002").await?;
    app.type_into("f-nama", "Laptop").await?;
    app.type_into("f-merk_type", "Lenovo ThinkPad E14").await?;
    app.type_into("f-nomor_pabrik", "PF3XK9Q2").await?;
    app.type_into("f-holder_name", "Wa Ode Sitti").await?;
    app.type_into("f-holder_nip", "19850312 2010 2 003").await?;
    app.click("asset-save").await?;
    let msg = app
        .wait_text("#error-holder_nip", |t| !t.is_empty())
        .await?;
    assert!(
        msg.contains("18 angka"),
        "NIP error says what is wrong: {msg}"
    );
    app.screenshot("02-nip-error").await?;
    assert_eq!(stored_assets(&h.db), 0, "nothing saved");

    // Corrected, it saves and shows the asset.
    app.type_into("f-holder_nip", "19850312 201001 2 003")
        .await?;
    app.click("asset-save").await?;
    app.wait_text("#detail-title", |t| t.contains("Laptop"))
        .await?;
    assert_eq!(stored_assets(&h.db), 1);

    // Found by search as you type (holder name prefix).
    app.type_into("global-search", "wa ode").await?;
    app.wait_text("#asset-list .tr[data-id]", |t| t.contains("Wa Ode Sitti"))
        .await?;
    app.wait_text("#asset-count", |t| t.starts_with('1'))
        .await?;
    app.screenshot("03-search").await?;
    app.type_into("global-search", "wa odx").await?;
    app.wait_text("#asset-count", |t| t.starts_with('0'))
        .await?;
    app.type_into("global-search", "wa ode").await?;
    app.wait_text("#asset-count", |t| t.starts_with('1'))
        .await?;
    app.wait_css(
        "#asset-list .tr[data-id]",
        std::time::Duration::from_secs(15),
    )
    .await?
    .click()
    .await?;

    // Edited.
    app.click("asset-edit").await?;
    app.type_into("f-holder_name", "La Ode Rahman").await?;
    app.type_into("f-holder_nip", "").await?;
    app.click("asset-save").await?;
    app.wait_text("#detail-holder", |t| t == "La Ode Rahman")
        .await?;
    app.screenshot("04-detail").await?;
    app.close().await?;

    // Restarted: the officer signs in again; the asset is still there,
    // with its history.
    let app = h.launch().await?;
    app.sign_in("197804122005012007", "481526").await?;
    app.type_into("global-search", "PF3XK9Q2").await?;
    app.wait_css(
        "#asset-list .tr[data-id]",
        std::time::Duration::from_secs(15),
    )
    .await?
    .click()
    .await?;
    app.wait_text("#detail-holder", |t| t == "La Ode Rahman")
        .await?;
    let history = app
        .wait_text("#history", |t| t.contains("Wa Ode Sitti"))
        .await?;
    assert!(
        history.contains("La Ode Rahman"),
        "the edit shows old and new values: {history}"
    );
    assert!(
        history.contains("Laptop Pengurus Barang"),
        "and the device: {history}"
    );
    let entries = app
        .driver
        .find_all(thirtyfour::By::Css("#history .history-entry"))
        .await?;
    assert_eq!(entries.len(), 2, "created, then edited");
    app.screenshot("05-after-restart").await?;

    // In English, a validation error arrives in English too: the UI
    // translates it by its stable code.
    app.click("nav-settings").await?;
    app.select("settings-language", "en").await?;
    app.wait_text("#nav-assets", |t| t.contains("Assets"))
        .await?;
    app.click("new-asset").await?;
    app.type_into("f-kode_barang", "1.3.2.10.01.02.002").await?;
    app.type_into("f-nama", "Printer").await?;
    app.type_into("f-holder_name", "Wa Ode Sitti").await?;
    app.type_into("f-holder_nip", "1985").await?;
    app.click("asset-save").await?;
    let msg = app
        .wait_text("#error-holder_nip", |t| !t.is_empty())
        .await?;
    assert_eq!(msg, "A NIP has 18 digits.");
    app.wait_css(".alert.error", std::time::Duration::from_secs(10))
        .await?;
    app.screenshot("06-english-error").await?;
    assert_eq!(stored_assets(&h.db), 1, "nothing saved");
    app.close().await?;
    Ok(())
}
