//! The report and the room card read back as a person and a spreadsheet
//! would: pdftotext finds every figure, every page is A4, and the workbook
//! holds numbers as numbers.

use chrono::NaiveDate;
use simpul_core::regency::update_status::{OpdStatus, Overdue, UpdateStatus};
use simpul_core::report::{
    ChangeCounts, CountRow, DecisionRow, DisposalRow, KirData, KirRow, KirSigner, MaintenanceRow,
    OpdSummary, Period, PoolRow, ReportData, Signer,
};
use std::path::Path;
use std::process::Command;

fn opd(code: &str, name: &str, total: u32, seed: u32) -> OpdSummary {
    let rb = seed % 7;
    let kb = seed % 11;
    OpdSummary {
        opd: code.into(),
        name: name.into(),
        total,
        baik: total - rb - kb,
        kurang_baik: kb,
        rusak_berat: rb,
        value: i64::from(total) * 7_500_000 + i64::from(seed),
        by_category: vec![
            total / 2,
            total / 4,
            total - total / 2 - total / 4 - 1,
            1,
            0,
            0,
            0,
        ],
        acquired: seed % 13,
        older_than_5y: total / 3,
        changes: ChangeCounts {
            added: seed % 5,
            disposed: seed % 3,
            worsened: seed % 4,
        },
        net_approved: seed % 9,
        net_waiting: seed % 2,
        net_refused: 0,
        net_by_level: vec![CountRow {
            label: "2 Terbatas".into(),
            count: seed % 9,
        }],
        open_inbox: seed % 3,
        maintenance_overdue: seed % 6,
        last_update: format!("2026-11-{:02}T08:00:00Z", 1 + seed % 28),
        overdue_days: seed.is_multiple_of(5).then_some(45),
    }
}

fn data(opds: usize, disposal: usize) -> ReportData {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    ReportData {
        regency: "Kab. Lamandau".into(),
        issuer: "Dinas Komunikasi dan Informatika".into(),
        opd: None,
        period: Period::parse("2026", today).expect("period"),
        made_on: today,
        signer: Signer {
            title: "Kepala Dinas Komunikasi dan Informatika".into(),
            name: "Drs. Hendra Wijaya, M.Si".into(),
            nip: "196608011988031001".into(),
            place: "Nanga Bulik".into(),
        },
        overdue_allowance: 30,
        categories: simpul_core::kode_barang::Category::ALL
            .iter()
            .map(|c| c.label().to_owned())
            .collect(),
        opds: (0..opds)
            .map(|i| {
                opd(
                    &format!("OPD{i:02}"),
                    &format!("Dinas Nomor {i} Urusan Pemerintahan yang Panjang Namanya"),
                    40 + u32::try_from(i).unwrap_or(0) * 13,
                    u32::try_from(i).unwrap_or(0) + 3,
                )
            })
            .collect(),
        acquisitions_by_year: (2005..=2026)
            .map(|y| (y, u32::try_from(y - 2000).unwrap_or(0) * 3))
            .collect(),
        pools: vec![PoolRow {
            opd: "OPD00".into(),
            cidr: "10.20.1.0/24".into(),
            used: 17,
            capacity: 254,
        }],
        decisions: vec![DecisionRow {
            opd: "OPD01".into(),
            asset_name: "PC Server Kepegawaian".into(),
            hostname: "srv-bkpsdm".into(),
            ip: "10.20.2.10".into(),
            verdict: "Disetujui".into(),
            detail: "2 Terbatas".into(),
            decided_at: "2026-10-12T02:00:00Z".into(),
        }],
        maintenance: vec![MaintenanceRow {
            kind: "Virus & spam".into(),
            count: 12,
            cost: 1_500_000,
        }],
        disposal: (0..disposal)
            .map(|i| DisposalRow {
                opd: "OPD03".into(),
                kode_barang: "1.3.2.10.02.03.001".into(),
                nomor_register: format!("{:06}", i + 1),
                nama: "Laptop".into(),
                merk_type: "Lenovo ThinkPad E14 Gen 2".into(),
                tahun: Some(2015),
                harga: Some(9_750_000),
                room: "G1L1.R02 Ruang Umum".into(),
            })
            .collect(),
        server_status: None,
    }
}

/// The data center's answer: OPD00 on time, OPD01 not synced for 45 days.
fn server_status() -> UpdateStatus {
    let opd = |code: &str, late: Option<Overdue>| OpdStatus {
        code: code.into(),
        name: format!("Dinas {code}"),
        devices: vec![],
        last_sync_at: Some("2026-10-15T02:00:00Z".into()),
        last_change_at: Some("2026-10-14T02:00:00Z".into()),
        overdue_text: late.map(|o| o.to_string()).unwrap_or_default(),
        overdue: late,
    };
    UpdateStatus {
        at: "2026-11-30T08:00:00Z".into(),
        allowed_days: 30,
        opds: vec![
            opd("OPD00", None),
            opd("OPD01", Some(Overdue::NoSyncFor { days: 45 })),
        ],
    }
}

#[test]
fn the_report_shows_the_data_centers_status_and_the_late_list_prints() {
    let dir = tempfile::tempdir().expect("dir");
    let mut d = data(2, 0);
    d.server_status = Some(server_status());
    let text = pdftotext(
        &simpul_report::report_pdf(&d).expect("pdf").bytes,
        dir.path(),
    );
    assert!(
        text.contains("Menurut pusat data pada 30 November 2026"),
        "{text}"
    );
    assert!(text.contains("TERLAMBAT: tidak sinkron selama 45 hari"));
    let list = simpul_report::overdue_pdf(&server_status(), "Kab. Lamandau", &d.signer, d.made_on)
        .expect("list");
    keep("terlambat.pdf", &list.bytes);
    let text = pdftotext(&list.bytes, dir.path());
    assert!(text.contains("DAFTAR OPD YANG TERLAMBAT"));
    assert!(
        text.contains("Dinas OPD01 (OPD01)") && !text.contains("(OPD00)"),
        "{text}"
    );
    assert!(text.contains("Drs. Hendra Wijaya, M.Si"));
}

fn pdftotext(pdf: &[u8], dir: &Path) -> String {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_sizes(pdf: &[u8], dir: &Path) -> Vec<String> {
    let path = dir.join("info.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999", path.to_str().expect("path")])
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            l.split_once("size:")
                .map(|(_, s)| s.trim().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// Keeps a copy to look at when `SIMPUL_DOC_SHOTS` names a folder.
fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("SIMPUL_DOC_SHOTS") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(Path::new(&dir).join(name), bytes);
    }
}

#[test]
fn the_report_reads_back_with_its_totals_on_a4_pages() {
    let dir = tempfile::tempdir().expect("dir");
    let d = data(50, 120);
    let pdf = simpul_report::report_pdf(&d).expect("pdf");
    keep("report.pdf", &pdf.bytes);
    let text = pdftotext(&pdf.bytes, dir.path());
    let t = d.totals();
    let total_line = text
        .lines()
        .find(|l| {
            l.trim_start().starts_with("JUMLAH")
                && l.contains(&simpul_core::rupiah::format_rupiah(t.value))
        })
        .unwrap_or_else(|| panic!("no total line in:\n{text}"));
    for figure in [t.total, t.baik, t.kurang_baik, t.rusak_berat] {
        assert!(
            total_line.contains(&simpul_core::rupiah::format_rupiah(i64::from(figure))),
            "{figure} missing from {total_line}"
        );
    }
    for must in [
        "PEMERINTAH KABUPATEN LAMANDAU",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "Periode: Tahun 2026",
        "Nanga Bulik, 1 Desember 2026",
        "Drs. Hendra Wijaya, M.Si",
        "NIP. 19660801 198803 1 001",
        "LAMPIRAN",
        "120 aset",
        "Aset menurut tahun perolehan",
        &format!("Halaman {} dari {}", pdf.pages, pdf.pages),
    ] {
        assert!(text.contains(must), "{must:?} missing");
    }
    let sizes = page_sizes(&pdf.bytes, dir.path());
    assert_eq!(sizes.len(), pdf.pages);
    assert!(
        sizes.iter().all(|s| s.starts_with("595.28 x 841.89")),
        "{sizes:?}"
    );
}

#[test]
fn the_workbook_holds_numbers_as_numbers() {
    let d = data(3, 2);
    let bytes = simpul_report::report_xlsx(&d).expect("xlsx");
    keep("report.xlsx", &bytes);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    use calamine::Reader;
    assert!(wb.sheet_names().contains(&"Lampiran RB".to_owned()));
    let rekap = wb.worksheet_range("Rekap per OPD").expect("sheet");
    let t = d.totals();
    let last = rekap.rows().next_back().expect("total row");
    assert_eq!(last[2], calamine::Data::Float(f64::from(t.total)));
    assert_eq!(last[6], calamine::Data::Float(t.value as f64));
}

#[test]
fn the_room_card_lists_every_row_and_both_signatories() {
    let dir = tempfile::tempdir().expect("dir");
    let rows: Vec<KirRow> = (0..300)
        .map(|i| KirRow {
            kode_barang: "1.3.2.10.02.03.001".into(),
            nomor_register: format!("{:06}", i + 1),
            nama: if i % 10 == 0 {
                "Personal Computer All in One dengan Monitor Sentuh".into()
            } else {
                "Laptop".into()
            },
            merk_type: "Asus VivoBook 14".into(),
            nomor_pabrik: format!("SN{i:08}"),
            tahun: Some(2020),
            harga: Some(8_000_000),
            condition: ["B", "KB", "RB"][i % 3].into(),
            keterangan: String::new(),
        })
        .collect();
    let kir = KirData {
        regency: "Kabupaten Muna".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        room_code: "G1L2.R07".into(),
        room_name: "Ruang Server".into(),
        kode_lokasi: String::new(),
        rows,
        made_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        place: "Raha".into(),
        responsible: KirSigner {
            name: "Wa Ode Sitti".into(),
            nip: "198001012005012003".into(),
        },
        pengurus_barang: KirSigner::default(),
    };
    let pdf = simpul_report::kir_pdf(&kir).expect("kir");
    keep("kir.pdf", &pdf.bytes);
    let text = pdftotext(&pdf.bytes, dir.path());
    assert!(text.contains("KARTU INVENTARIS RUANGAN (KIR)"));
    assert!(text.contains("JUMLAH: 300 barang"));
    assert!(text.contains("SN00000299"), "the last row is printed");
    assert!(text.contains("Wa Ode Sitti") && text.contains("NIP. 19800101 200501 2 003"));
    assert!(text.contains("Raha, 1 Desember 2026"));
    let sizes = page_sizes(&pdf.bytes, dir.path());
    assert!(
        sizes.iter().all(|s| s.starts_with("841.89 x 595.28")),
        "{sizes:?}"
    );
}

fn stocktake_report(lines: usize) -> simpul_core::report::StockTakeReport {
    use simpul_core::report::{ResultLine, RoomResult, StockTakeReport};
    use simpul_core::stocktake::TeamMember;
    let member = |name: &str, nip: &str, role: &str| TeamMember {
        name: name.into(),
        nip: nip.into(),
        role: role.into(),
    };
    StockTakeReport {
        regency: "Kab. Muna".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        kode_lokasi: "12.10.05.01.01.26".into(),
        title: "Inventarisasi BMD 2026".into(),
        started_on: "2026-11-23".into(),
        closed_at: "2026-11-30T09:15:00Z".into(),
        team: vec![
            member("Siti Aminah", "198503122010012004", "Ketua"),
            member("La Ode Budi", "199001012015031002", "Sekretaris"),
            member("Wa Ode Sitti", "198001012005012003", "Anggota"),
        ],
        rooms: (1..=12)
            .map(|i| RoomResult {
                room: format!("G1L1.R{i:02} Ruang {i}"),
                closed: i != 12,
                expected: 30,
                found: 27,
                moved_in: 1,
                moved_out: 1,
                missing: 2,
                unregistered: 1,
                condition_changed: 1,
            })
            .collect(),
        lines: (0..lines)
            .map(|i| ResultLine {
                room: format!("G1L1.R{:02} Ruang {}", i % 12 + 1, i % 12 + 1),
                state: "Hilang".into(),
                item: format!("Laptop 1.3.2.10.02.03.001.{:04}", i + 1),
                note: String::new(),
            })
            .collect(),
        made_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        place: "Raha".into(),
    }
}

#[test]
fn the_berita_acara_reads_back_with_the_team_and_every_annex_line() {
    let dir = tempfile::tempdir().expect("dir");
    let d = stocktake_report(150);
    let pdf = simpul_report::stocktake_pdf(&d).expect("pdf");
    keep("stocktake.pdf", &pdf.bytes);
    let text = pdftotext(&pdf.bytes, dir.path());
    // Lines wrap where the layout decides: read the words in order.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for must in [
        "PEMERINTAH KABUPATEN MUNA",
        "BERITA ACARA INVENTARISASI BARANG MILIK DAERAH",
        "sejak 23 November 2026 sampai dengan 30 November 2026 di 12 ruangan",
        "Raha, 1 Desember 2026",
        "Siti Aminah",
        "NIP. 19850312 201001 2 004",
        "La Ode Budi",
        "NIP. 19900101 201503 1 002",
        "Wa Ode Sitti",
        "NIP. 19800101 200501 2 003",
        "LAMPIRAN BERITA ACARA INVENTARISASI",
        "Laptop 1.3.2.10.02.03.001.0150",
    ] {
        assert!(flat.contains(must), "{must:?} missing from:\n{text}");
    }
    let total = text
        .lines()
        .find(|l| l.trim_start().starts_with("JUMLAH"))
        .expect("total line");
    let figures: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(
        figures[1..8],
        ["360", "324", "12", "12", "24", "12", "12"],
        "{total}"
    );
    assert!(
        pdf.pages >= 3,
        "minutes and a long annex: {} pages",
        pdf.pages
    );

    let bytes = simpul_report::stocktake_xlsx(&d).expect("xlsx");
    keep("stocktake.xlsx", &bytes);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    use calamine::Reader;
    let rooms = wb.worksheet_range("Per ruangan").expect("sheet");
    let last = rooms.rows().next_back().expect("total row");
    assert_eq!(last[0], calamine::Data::String("JUMLAH".into()));
    assert_eq!(last[5], calamine::Data::Float(24.0));
    let annex = wb.worksheet_range("Rincian").expect("annex");
    assert_eq!(annex.rows().count(), 3 + 150);
    let team = wb.worksheet_range("Tim").expect("team");
    assert!(team
        .rows()
        .any(|r| r[1] == calamine::Data::String("19900101 201503 1 002".into())));
}
