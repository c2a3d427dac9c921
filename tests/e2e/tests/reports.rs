//! The regency report in the real window: a Diskominfo window enrolled
//! with the real server receives an OPD's inventory (made and synced by the
//! `simpul` command), is refused a period it cannot read, then makes the
//! report; its totals read back from the PDF equal `simpul stats` on the
//! OPD's device. The status page shows the OPD on time and one without a
//! device late, and prints the late list. (One test per file: the
//! harness owns the display.)

use simpul_e2e::{Harness, ServerProcess, SYNCED};
use std::path::Path;
use std::process::Command;

fn pdftotext(pdf: &Path) -> anyhow::Result<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `Aset aktif: 300` from `simpul stats`.
fn active_assets(db: &Path) -> anyhow::Result<u32> {
    let stats = ServerProcess::cli(db, &["stats"])?;
    stats
        .lines()
        .find_map(|l| l.strip_prefix("Aset aktif: "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no count in {stats}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diskominfo_makes_the_regency_report() -> anyhow::Result<()> {
    let h = Harness::start()?;
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("server.db");
    let code_opd = ServerProcess::prepare(&data, "DINKES")?;
    let code_k = ServerProcess::code(&data, None)?;
    // An OPD with no device yet: late on the status page.
    let added = Command::new(simpul_e2e::simpul_binary()?)
        .args(["admin", "--data"])
        .arg(&data)
        .args(["opd", "add", "DISDIK", "Dinas Pendidikan"])
        .status()?;
    anyhow::ensure!(added.success(), "admin opd add");
    let port = ServerProcess::free_port()?;
    let _server = ServerProcess::start(&data, port)?;
    let server = format!("127.0.0.1:{port}");

    // The OPD's device: a demo inventory, enrolled and synced.
    let opd_db = dir.path().join("dinkes.db");
    ServerProcess::cli(
        &opd_db,
        &[
            "setup",
            "--regency",
            "Kabupaten Enrekang",
            "--opd-code",
            "DINKES",
            "--opd-name",
            "Dinas Kesehatan",
            "--device",
            "PC Aset",
        ],
    )?;
    ServerProcess::cli(&opd_db, &["demo", "--assets", "300"])?;
    ServerProcess::cli(
        &opd_db,
        &["enroll", "--server", &server, "--code", &code_opd],
    )?;
    ServerProcess::cli(&opd_db, &["sync"])?;
    let total = active_assets(&opd_db)?;

    let app = h.launch().await?;
    app.set_up(
        [
            "Kabupaten Enrekang",
            "KOMINFO",
            "Dinas Kominfo",
            "PC Pusat Data",
        ],
        ["Dedi Kurniawan", "19800214 200312 1 002", "604819"],
    )
    .await?;
    app.enroll(&server, &code_k).await?;

    // The regency's OPD list names the OPD in the report.
    app.click("nav-registry").await?;
    app.type_into("opd-code", "DINKES").await?;
    app.type_into("opd-name", "Dinas Kesehatan").await?;
    app.click("opd-save").await?;
    app.wait_text("#regency-opds", |t| t.contains("DINKES"))
        .await?;

    app.click("nav-reports").await?;
    // A year that is not one: refused on the field, nothing written.
    let pdf = dir.path().join("laporan.pdf");
    app.type_into("report-year", "20x6").await?;
    app.pick(&pdf).await?;
    app.click("report-make").await?;
    app.wait_text("#error-period", |t| t.contains("tidak dikenali"))
        .await?;
    assert!(!pdf.exists(), "a refused report writes nothing");

    let year = chrono::Local::now().format("%Y").to_string();
    app.type_into("report-year", &year).await?;
    app.type_into("report-signer-name", "Ir. Andi Baso").await?;
    app.type_into("report-signer-nip", "197001012000031005")
        .await?;
    app.type_into("report-place", "Enrekang").await?;
    app.screenshot("report-01-form").await?;
    app.pick(&pdf).await?;
    app.click("report-make").await?;
    let done = app
        .wait_text_within("#report-message", |t| t.contains("halaman"), SYNCED)
        .await?;
    assert!(done.contains(&format!("{total} aset")), "{done}");
    app.screenshot("report-02-written").await?;

    let text = pdftotext(&pdf)?;
    let sum = text
        .lines()
        .find(|l| l.trim_start().starts_with("JUMLAH"))
        .ok_or_else(|| anyhow::anyhow!("no total row in the report"))?;
    let shown = simpul_core::rupiah::format_rupiah(i64::from(total));
    assert!(
        sum.contains(&shown),
        "the report's total {sum:?} is not {shown}"
    );
    for must in [
        "PEMERINTAH KABUPATEN ENREKANG",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "Ir. Andi Baso",
        "NIP. 19700101 200003 1 005",
        "Dinas Kesehatan (DINKES)",
        "LAMPIRAN",
    ] {
        assert!(text.contains(must), "{must:?} missing from the report");
    }
    // The status page: DINKES on time, DISDIK late; the late list prints.
    app.click("nav-status").await?;
    app.wait_text("#status-count", |t| t.contains("2 OPD, 1 terlambat"))
        .await?;
    app.wait_text("#status-DINKES", |t| t.contains("Tepat waktu"))
        .await?;
    app.wait_text("#status-DISDIK", |t| t.contains("belum ada perangkat"))
        .await?;
    app.screenshot("status-01-opds").await?;
    let list = dir.path().join("terlambat.pdf");
    app.pick(&list).await?;
    app.click("status-print").await?;
    app.wait_text("#status-message", |t| t.contains("1 OPD"))
        .await?;
    let text = pdftotext(&list)?;
    assert!(
        text.contains("DAFTAR OPD YANG TERLAMBAT") && text.contains("Dinas Pendidikan (DISDIK)")
    );
    assert!(!text.contains("(DINKES)"), "an OPD on time is not listed");
    assert!(
        text.contains("Ir. Andi Baso"),
        "signed by the report's signer"
    );

    // An oversight visit to DINKES, recorded on the Pemeliharaan page.
    app.click("nav-maintenance").await?;
    app.select("visit-opd", "DINKES").await?;
    app.type_into("visit-officer", "Dedi Kurniawan").await?;
    app.type_into("visit-officer-nip", "123").await?;
    app.type_into("visit-findings", "Antivirus empat PC kedaluwarsa.")
        .await?;
    app.click("visit-save").await?;
    app.wait_text("#error-officer_nip", |t| t.contains("NIP"))
        .await?;
    app.type_into("visit-officer-nip", "19800214 200312 1 002")
        .await?;
    app.type_into("visit-follow-up", "Perbarui dalam dua minggu.")
        .await?;
    app.click("visit-save").await?;
    app.wait_text("#visits", |t| {
        t.contains("Antivirus empat PC") && t.contains("belum selesai")
    })
    .await?;
    app.screenshot("visit-01-recorded").await?;

    // Page pictures to look at.
    let shots = simpul_e2e::shots_dir();
    let _ = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(shots.join("report-pdf"))
        .status();
    app.close().await
}
