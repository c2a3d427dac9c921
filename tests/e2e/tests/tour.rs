//! Opens the demo data and visits every page, checking what each shows
//! (and leaving screenshots in target/e2e-shots for people to look at).

use simpul_e2e::Harness;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_tour_of_every_page() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let app = h.launch().await?;
    app.click("setup-demo").await?;
    app.wait_text("#tile-total", |t| t.contains("1.4") || t.contains("1.5"))
        .await?;
    tokio::time::sleep(Duration::from_millis(600)).await; // let the charts finish their animation
    app.screenshot("tour-1-dashboard").await?;

    app.click("nav-assets").await?;
    app.wait_text("#asset-count", |t| {
        t.contains("aset") && !t.starts_with('0')
    })
    .await?;
    let first = app
        .wait_text("#asset-list .tr[data-id]", |t| t.contains("Rp"))
        .await?;
    assert!(
        first.contains("1.3.2.10"),
        "the row shows the kode barang: {first}"
    );
    app.screenshot("tour-2-assets").await?;

    let count = |t: &str| {
        t.split_whitespace()
            .next()
            .unwrap_or_default()
            .replace('.', "")
            .parse::<u32>()
            .unwrap_or(0)
    };
    let all = count(
        &app.wait_text("#asset-count", |t| t.contains("aset"))
            .await?,
    );
    app.type_into("global-search", "lenovo").await?;
    let lenovo = count(
        &app.wait_text("#asset-count", |t| count(t) > 0 && count(t) < all)
            .await?,
    );
    app.select("filter-condition", "KB").await?;
    app.wait_text("#asset-count", |t| count(t) > 0 && count(t) < lenovo)
        .await?;
    let rows = app.wait_text("#asset-list", |t| t.contains("KB")).await?;
    for line in rows.lines().filter(|l| l.contains("1.3.2.10")) {
        assert!(
            !line.contains("Dell") && !line.contains("Epson"),
            "only Lenovo rows: {line}"
        );
    }
    app.screenshot("tour-3-search").await?;

    app.wait_css("#asset-list .tr[data-id]", Duration::from_secs(10))
        .await?
        .click()
        .await?;
    app.wait_text("#history", |t| !t.is_empty()).await?;
    app.screenshot("tour-4-detail").await?;

    // Back to the list: the search and the filter are as they were left.
    app.click("detail-back").await?;
    app.wait_text("#asset-count", |t| count(t) > 0 && count(t) < lenovo)
        .await?;
    let condition = app.id("filter-condition").await?.prop("value").await?;
    assert_eq!(condition.as_deref(), Some("KB"), "the filter is kept");
    // Scrolled far down the whole list, an asset and back: the same place.
    app.type_into("global-search", "").await?;
    app.select("filter-condition", "").await?;
    app.wait_text("#asset-count", |t| count(t) == all).await?;
    let scroll_to = |top: u32| {
        format!("const l = document.getElementById('asset-list'); l.scrollTop = {top}; l.dispatchEvent(new Event('scroll')); return l.scrollTop;")
    };
    app.driver.execute(&scroll_to(3000), vec![]).await?;
    let row = app
        .wait_css("#asset-list .tr[data-index='70']", Duration::from_secs(10))
        .await?;
    app.wait_text("#asset-list .tr[data-index='70']", |t| t.contains("Rp"))
        .await?;
    row.click().await?;
    app.wait_text("#history", |t| !t.is_empty()).await?;
    app.click("detail-back").await?;
    app.wait_css("#asset-list .tr[data-index='70']", Duration::from_secs(10))
        .await?;
    let top = app
        .driver
        .execute(
            "return document.getElementById('asset-list').scrollTop;",
            vec![],
        )
        .await?;
    let top = top.json().as_f64().unwrap_or(0.0);
    assert!((top - 3000.0).abs() < 2.0, "scroll kept: {top}");

    app.click("nav-locations").await?;
    app.wait_text(".card table", |t| t.contains("G1L2.R07"))
        .await?;
    app.screenshot("tour-5-locations").await?;

    app.click("nav-registry").await?;
    app.wait_text("#queue", |t| t.contains("Diajukan") && t.contains("SIMPUS"))
        .await?;
    app.screenshot("tour-8-registry").await?;
    app.click("nav-inbox").await?;
    app.wait_text("#inbox-empty", |t| t.contains("Tidak ada konflik"))
        .await?;

    app.click("nav-data").await?;
    app.screenshot("tour-6-data").await?;
    app.click("nav-settings").await?;
    app.wait_text(".settings", |t| {
        t.contains("DINKES") || t.contains("Bahasa")
    })
    .await?;
    // The signing key's fingerprint, as the data center lists it.
    let fingerprint = app.wait_text("#key-fingerprint", |t| !t.is_empty()).await?;
    let groups: Vec<&str> = fingerprint.split(' ').collect();
    assert!(
        groups.len() == 4
            && groups
                .iter()
                .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())),
        "a key fingerprint: {fingerprint}"
    );
    app.screenshot("tour-7-settings").await?;
    app.close().await?;
    Ok(())
}
