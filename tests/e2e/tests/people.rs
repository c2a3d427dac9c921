//! Two people on one OPD device, in the real window: set up with the first
//! person (an administrator), add a second in Settings, each signs in with
//! their own PIN and edits the same asset, and the history names both by
//! name and NIP. A wrong PIN is refused with the tries left.

use simpul_e2e::Harness;

const BUDI: &str = "199001152015031002";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_sign_in_and_the_history_names_both() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let app = h.launch().await?;

    // First run, with the first person.
    app.type_into("setup-regency", "Kabupaten Enrekang").await?;
    app.type_into("setup-opd-code", "DINKES").await?;
    app.type_into("setup-opd-name", "Dinas Kesehatan").await?;
    app.type_into("setup-device", "PC Tata Usaha").await?;
    app.type_into("setup-person-name", "Siti Rahma").await?;
    app.type_into("setup-person-nip", "19850312 201001 2 004")
        .await?;
    app.type_into("setup-person-pin", "284615").await?;
    app.type_into("setup-person-pin-again", "284615").await?;
    app.screenshot("people-01-setup").await?;
    app.click("setup-start").await?;
    app.wait_text("#signed-in", |t| t.contains("Siti Rahma"))
        .await?;

    // Siti adds Budi, a technician.
    app.click("nav-settings").await?;
    app.type_into("person-name", "Budi Santoso").await?;
    app.type_into("person-nip", BUDI).await?;
    app.select("person-role", "teknisi").await?;
    app.type_into("person-pin", "582913").await?;
    app.type_into("person-pin-again", "582913").await?;
    app.click("person-add").await?;
    app.wait_text("#people-list", |t| t.contains("Budi Santoso"))
        .await?;
    app.screenshot("people-02-settings").await?;

    // Siti records a PC.
    app.click("new-asset").await?;
    app.type_into("f-kode_barang", "1.3.2.10.01.02.001").await?;
    app.type_into("f-nama", "PC Unit").await?;
    app.type_into("f-nomor_pabrik", "SN-TU-01").await?;
    app.click("asset-save").await?;
    app.wait_text("#detail-title", |t| t.contains("PC Unit"))
        .await?;

    // She locks the app; Budi signs in, first with a wrong PIN.
    app.click("lock").await?;
    app.select("signin-person", BUDI).await?;
    app.type_into("signin-pin", "111222").await?;
    app.click("signin-submit").await?;
    let refused = app.wait_text("#signin-error", |t| !t.is_empty()).await?;
    assert!(
        refused.contains("PIN salah") && refused.contains('4'),
        "the tries left are told: {refused}"
    );
    app.screenshot("people-03-sign-in").await?;
    app.sign_in(BUDI, "582913").await?;
    app.wait_text("#signed-in", |t| t.contains("Budi Santoso"))
        .await?;

    // Budi renames the PC (the window is back on its page).
    app.click("asset-edit").await?;
    app.type_into("f-nama", "PC Unit Tata Usaha").await?;
    app.click("asset-save").await?;
    app.wait_text("#detail-title", |t| t.contains("Tata Usaha"))
        .await?;
    let history = app
        .wait_text("#history", |t| {
            t.contains("Budi Santoso") && t.contains("Siti Rahma")
        })
        .await?;
    assert!(
        history.contains("19850312 201001 2 004") && history.contains("19900115 201503 1 002"),
        "both NIPs in the history: {history}"
    );
    assert!(
        history.contains("Teknisi") && history.contains("Admin OPD"),
        "and their roles: {history}"
    );
    app.screenshot("people-04-history").await?;

    // Rooms have a history too: Budi adds one, then opens it.
    app.click("nav-locations").await?;
    app.type_into("room-building", "G1").await?;
    app.type_into("room-floor", "L1").await?;
    app.type_into("room-code", "R01").await?;
    app.type_into("room-name", "Tata Usaha").await?;
    app.click("room-save").await?;
    app.wait_css(
        "button[id^='edit-room-']",
        std::time::Duration::from_secs(15),
    )
    .await?
    .click()
    .await?;
    app.wait_css("#history-room summary", std::time::Duration::from_secs(15))
        .await?
        .click()
        .await?;
    let room = app
        .wait_text("#history-room", |t| t.contains("Budi Santoso"))
        .await?;
    assert!(room.contains("Ruangan dicatat"), "{room}");
    app.screenshot("people-05-room-history").await?;
    app.close().await?;
    Ok(())
}
