//! A technician in a new server room: adds a 24-port panel in one step and
//! a switch, cables ports from the keyboard (Enter saves and moves the
//! ports on), is refused a second patch cord on a port, adds an outlet and
//! a PC, traces the PC to its switch port, prints the room's labels to PDF
//! (read back: texts and QR codes), and opens a cable by scanning its code.

use simpul_e2e::Harness;
use simpul_labels::verify::{pdf_pages, pdf_qr_codes, pdf_text};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_cabling_labels_trace_and_scan() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let app = h.launch().await?;
    app.click("setup-demo").await?;
    app.wait_text("#tile-total", |t| !t.starts_with('0'))
        .await?;

    // A new room for the new server rack.
    app.click("nav-locations").await?;
    app.type_into("room-building", "G3").await?;
    app.type_into("room-floor", "L1").await?;
    app.type_into("room-code", "R01").await?;
    app.type_into("room-name", "Ruang Server Baru").await?;
    app.click("room-save").await?;
    app.wait_text(".card table", |t| t.contains("G3L1.R01"))
        .await?;

    app.click("nav-network").await?;
    app.click("open-room-G3L1-R01").await?;
    app.wait_text("#room-title", |t| t.contains("Ruang Server Baru"))
        .await?;

    // One step: a 24-port panel; then a switch from the device form.
    app.click("panel-24").await?;
    app.wait_css("#port-PP1-24", Duration::from_secs(10))
        .await?;
    app.select("node-kind", "switch").await?;
    app.type_into("node-code", "sw1").await?;
    app.type_into("node-name", "Switch akses").await?;
    app.click("node-save").await?;
    app.wait_css("#port-SW1-24", Duration::from_secs(10))
        .await?;

    // Patch cords PP1:1-3 -> SW1:1-3, by keyboard: Enter saves and advances.
    app.select_text("cable-a-node", "PP1").await?;
    app.select_text("cable-b-node", "SW1").await?;
    app.select("cable-kind", "patch_cord").await?;
    app.type_into("cable-a-port", "1").await?;
    app.type_into("cable-b-port", "1").await?;
    for port in 1..=3 {
        app.enter("cable-a-port").await?;
        app.wait_text("#cabling-message", |t| {
            t.contains(&format!("PP1:{port} <> DINKES.G3L1.R01.SW1:{port}"))
        })
        .await?;
        let next = app.id("cable-a-port").await?.prop("value").await?;
        assert_eq!(
            next.as_deref(),
            Some((port + 1).to_string().as_str()),
            "A port advanced"
        );
    }
    for port in 1..=3 {
        let cell = app.id(&format!("port-PP1-{port}")).await?;
        assert_eq!(cell.attr("data-state").await?.as_deref(), Some("terpasang"));
    }
    assert_eq!(
        app.id("port-PP1-4")
            .await?
            .attr("data-state")
            .await?
            .as_deref(),
        Some("free")
    );
    let kind = app.id("cable-kind").await?.prop("value").await?;
    assert_eq!(
        kind.as_deref(),
        Some("patch_cord"),
        "the cable kind is remembered"
    );
    app.screenshot("cabling-1-room").await?;

    // A second patch cord on PP1:1 is refused and names the cable there.
    app.type_into("cable-a-port", "1").await?;
    app.type_into("cable-b-port", "10").await?;
    app.enter("cable-a-port").await?;
    let refused = app
        .wait_text("#cabling-message", |t| t.contains("sudah dipakai kabel"))
        .await?;
    assert!(refused.contains("PP1:1"), "{refused}");
    assert_eq!(
        app.id("port-SW1-10")
            .await?
            .attr("data-state")
            .await?
            .as_deref(),
        Some("free"),
        "nothing was saved"
    );
    app.screenshot("cabling-2-refused").await?;

    // An outlet and a PC: permanent cable PP1:1 (back) -> O1, patch cord O1 -> PC1.
    for (kind, code) in [("wall_outlet", "O1"), ("end_device", "PC1")] {
        app.select("node-kind", kind).await?;
        app.type_into("node-code", code).await?;
        app.type_into("node-name", "").await?;
        app.click("node-save").await?;
        app.wait_text("#other-nodes", |t| t.contains(code)).await?;
    }
    app.select("cable-kind", "utp_cat6").await?;
    app.select_text("cable-b-node", "O1").await?;
    app.type_into("cable-a-port", "1").await?;
    app.type_into("cable-b-port", "1").await?;
    app.enter("cable-a-port").await?;
    app.wait_text("#cabling-message", |t| {
        t.contains("PP1:1 <> DINKES.G3L1.R01.O1:1")
    })
    .await?;
    app.select_text("cable-a-node", "O1").await?;
    app.select_text("cable-b-node", "PC1").await?;
    app.select("cable-kind", "patch_cord").await?;
    app.type_into("cable-a-port", "1").await?;
    app.type_into("cable-b-port", "1").await?;
    app.enter("cable-a-port").await?;
    app.wait_text("#cabling-message", |t| {
        t.contains("O1:1 <> DINKES.G3L1.R01.PC1:1")
    })
    .await?;
    app.wait_text("#room-cables", |t| t.lines().count() >= 6)
        .await?;

    // Trace: PC1 -> outlet -> panel -> switch port.
    app.click("trace-PC1").await?;
    let path = app
        .wait_text("#trace-steps", |t| t.contains("SW1:1"))
        .await?;
    let order: Vec<usize> = ["PC1:1", "O1:1", "PP1:1", "SW1:1"]
        .iter()
        .map(|a| path.find(&format!("DINKES.G3L1.R01.{a}")).expect(a))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in order: {path}");
    app.screenshot("cabling-3-trace").await?;

    // Labels of the room: A4 sheet, saved to PDF and read back.
    app.click("nav-network").await?;
    app.click("open-room-G3L1-R01").await?;
    app.click("room-labels").await?;
    app.select("labels-format", "a4").await?;
    app.wait_text("#labels-summary", |t| t.starts_with("10 label"))
        .await?;
    app.wait_css("#labels-preview img", Duration::from_secs(10))
        .await?;
    app.screenshot("cabling-4-labels").await?;
    app.click("labels-save").await?;
    let written = app
        .wait_text("#labels-result", |t| t.contains("disimpan ke"))
        .await?;
    let pdf = std::path::PathBuf::from(written.split("disimpan ke ").nth(1).unwrap_or("").trim());
    assert_eq!(pdf_pages(&pdf)?, 1, "10 labels fit one A4 sheet");
    let text = pdf_text(&pdf)?;
    let codes: Vec<String> = (73..=77).map(|n| format!("K{n:04}")).collect();
    for (code, (a, b)) in codes.iter().zip([
        ("PP1:1", "SW1:1"),
        ("PP1:2", "SW1:2"),
        ("PP1:3", "SW1:3"),
        ("PP1:1", "O1:1"),
        ("O1:1", "PC1:1"),
    ]) {
        for end in ["A", "B"] {
            assert!(
                text.contains(&format!("{code} ujung {end}")),
                "{code} {end}: {text}"
            );
        }
        let label = format!("DINKES.G3L1.R01.{a} <>\nDINKES.G3L1.R01.{b}");
        assert_eq!(text.matches(&label).count(), 2, "{label}: {text}");
    }
    let scanned = pdf_qr_codes(&pdf, simpul_labels::LabelFormat::A4, 1, 1)?.concat();
    let expected: Vec<String> = codes.iter().flat_map(|c| [c.clone(), c.clone()]).collect();
    assert_eq!(
        scanned, expected,
        "each label's QR code reads as its cable code"
    );

    // Scanning a label's code opens the cable.
    app.type_into("global-search", "k0075").await?;
    app.enter("global-search").await?;
    app.wait_text("#cable-title", |t| t.contains("K0075"))
        .await?;
    let label = app.wait_text("#cable-label", |t| t.contains("<>")).await?;
    assert_eq!(label, "DINKES.G3L1.R01.PP1:3 <> DINKES.G3L1.R01.SW1:3");
    app.screenshot("cabling-5-cable").await?;

    // The room is recoded R01 -> R02: the ten labels printed above no
    // longer match, and the network page says so until they are reprinted.
    app.click("nav-locations").await?;
    app.click("edit-room-G3L1-R01").await?;
    app.type_into("room-code", "R02").await?;
    app.click("room-save").await?;
    app.wait_text(".card table", |t| t.contains("G3L1.R02"))
        .await?;
    app.click("nav-network").await?;
    let stale = app
        .wait_text("#labels-stale", |t| t.contains("5 kabel"))
        .await?;
    assert!(stale.contains("K0073"), "{stale}");
    app.screenshot("cabling-6-stale").await?;
    app.click("labels-stale-print").await?;
    app.wait_text("#labels-summary", |t| t.starts_with("10 label"))
        .await?;
    app.click("labels-save").await?;
    app.wait_text("#labels-result", |t| t.contains("disimpan ke"))
        .await?;
    app.click("nav-network").await?;
    // Reprinted: the page has counted the stale labels, and there are none.
    app.wait_css(
        "#network-page[data-stale='0']",
        std::time::Duration::from_secs(10),
    )
    .await?;
    app.close().await?;
    Ok(())
}
