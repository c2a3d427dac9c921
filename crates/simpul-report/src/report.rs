//! The TIK inventory report to the Sekretaris Daerah (Lamandau Ps.16(11)):
//! summary per OPD, charts, changes in the period, network, maintenance,
//! OPD update status, the signature block, and the annex of assets rated
//! rusak berat proposed for disposal.

use crate::chart::{bars, columns};
use crate::fonts::{Face, Fonts};
use crate::kop::{letterhead, signatures, Signatory};
use crate::numbers::{count, rupiah};
use crate::render::render;
use crate::sheet::{Align, Sheet};
use crate::table::Table;
use crate::{DocumentError, Pdf};
use simpul_core::report::tanggal::{tanggal, tanggal_of, tanggal_pendek};
use simpul_core::report::ReportData;

use Align::{Center as C, Left as L, Right as R};

/// The report's title line.
pub fn title(data: &ReportData) -> String {
    match &data.opd {
        Some(opd) => format!(
            "Laporan Inventaris Aset TIK {} ({opd})",
            data.opds.first().map_or(opd.as_str(), |o| o.name.as_str())
        ),
        None => format!("Laporan Inventaris Aset TIK {}", data.regency),
    }
}

fn heading(sheet: &mut Sheet, text: &str) {
    sheet.need(60.0);
    sheet.y += 4.0;
    sheet.line(10.5, Face::Bold, Align::Left, text, 16.0);
}

fn pct(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{}%", u64::from(part) * 100 / u64::from(whole))
}

fn summary(sheet: &mut Sheet, data: &ReportData) {
    let t = data.totals();
    heading(sheet, "I. Ringkasan");
    let mut tab = Table::new(&[("Uraian", 3.0, L), ("Jumlah", 1.4, R)]).size(8.5);
    let mut add = |k: &str, v: String| tab.rows.push(vec![k.to_owned(), v]);
    add(
        "OPD dalam laporan",
        count(u32::try_from(data.opds.len()).unwrap_or(u32::MAX)),
    );
    add(
        "Jumlah aset TIK (tidak termasuk yang dihapus)",
        count(t.total),
    );
    add(
        "Kondisi Baik (B)",
        format!("{} ({})", count(t.baik), pct(t.baik, t.total)),
    );
    add(
        "Kondisi Kurang Baik (KB)",
        format!("{} ({})", count(t.kurang_baik), pct(t.kurang_baik, t.total)),
    );
    add(
        "Kondisi Rusak Berat (RB)",
        format!("{} ({})", count(t.rusak_berat), pct(t.rusak_berat, t.total)),
    );
    add("Nilai perolehan (Rp)", rupiah(t.value));
    add(
        "Aset berumur lebih dari 5 tahun",
        format!(
            "{} ({})",
            count(t.older_than_5y),
            pct(t.older_than_5y, t.total)
        ),
    );
    add(
        "Perolehan dalam periode (menurut tahun perolehan)",
        count(t.acquired),
    );
    add(
        "Dicatat baru / dihapus dalam periode",
        format!("{} / {}", count(t.changes.added), count(t.changes.disposed)),
    );
    add(
        "Perangkat jaringan terdaftar (disetujui)",
        count(t.net_approved),
    );
    add(
        "Pendaftaran jaringan menunggu keputusan",
        count(t.net_waiting),
    );
    add(
        "Entri kotak masuk konflik yang terbuka",
        count(t.open_inbox),
    );
    tab.draw(sheet);
}

fn per_opd(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "II. Rekapitulasi per OPD");
    let mut tab = Table::new(&[
        ("No", 0.5, C),
        ("OPD", 3.2, L),
        ("Jumlah aset", 1.1, R),
        ("B", 0.9, R),
        ("KB", 0.9, R),
        ("RB", 0.9, R),
        ("Nilai perolehan (Rp)", 2.0, R),
        ("Diperoleh dalam periode", 1.1, R),
        ("Dihapus dalam periode", 1.1, R),
        ("> 5 tahun", 0.9, R),
        ("Terakhir diperbarui", 1.5, C),
    ])
    .wrapping(1);
    for (i, o) in data.opds.iter().enumerate() {
        tab.rows.push(vec![
            (i + 1).to_string(),
            format!("{} ({})", o.name, o.opd),
            count(o.total),
            count(o.baik),
            count(o.kurang_baik),
            count(o.rusak_berat),
            rupiah(o.value),
            count(o.acquired),
            count(o.changes.disposed),
            format!("{}%", o.older_share()),
            if o.last_update.is_empty() {
                "-".into()
            } else {
                tanggal_pendek(&o.last_update)
            },
        ]);
    }
    let t = data.totals();
    tab.total = Some(vec![
        String::new(),
        "JUMLAH".into(),
        count(t.total),
        count(t.baik),
        count(t.kurang_baik),
        count(t.rusak_berat),
        rupiah(t.value),
        count(t.acquired),
        count(t.changes.disposed),
        format!("{}%", t.older_share()),
        String::new(),
    ]);
    tab.draw(sheet);

    sheet.line(
        9.0,
        Face::Bold,
        Align::Left,
        "Jumlah aset per kategori",
        14.0,
    );
    let mut cols: Vec<(&str, f32, Align)> = vec![("OPD", 2.2, L)];
    cols.extend(data.categories.iter().map(|c| (c.as_str(), 1.0, R)));
    cols.push(("Jumlah", 1.0, R));
    let mut tab = Table::new(&cols);
    for o in &data.opds {
        let mut row = vec![o.opd.clone()];
        row.extend(o.by_category.iter().map(|n| count(*n)));
        row.push(count(o.total));
        tab.rows.push(row);
    }
    let mut total = vec!["JUMLAH".to_owned()];
    total.extend(t.by_category.iter().map(|n| count(*n)));
    total.push(count(t.total));
    tab.total = Some(total);
    tab.draw(sheet);
}

fn charts(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "III. Grafik");
    let t = data.totals();
    bars(
        sheet,
        "Aset menurut kondisi",
        &[
            ("Baik (B)".into(), t.baik),
            ("Kurang Baik (KB)".into(), t.kurang_baik),
            ("Rusak Berat (RB)".into(), t.rusak_berat),
        ],
    );
    let cats: Vec<(String, u32)> = data
        .categories
        .iter()
        .cloned()
        .zip(t.by_category.iter().copied())
        .filter(|(_, n)| *n > 0)
        .collect();
    bars(sheet, "Aset menurut kategori", &cats);
    if data.opd.is_none() {
        let opds: Vec<(String, u32)> = data
            .opds
            .iter()
            .map(|o| (o.name.clone(), o.total))
            .collect();
        bars(sheet, "Aset per OPD", &opds);
    }
    let years: Vec<(String, u32)> = data
        .acquisitions_by_year
        .iter()
        .map(|(y, n)| (y.to_string(), *n))
        .collect();
    columns(sheet, "Aset menurut tahun perolehan", &years);
}

fn changes(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "IV. Perubahan dalam periode");
    sheet.paragraph(
        8.0,
        &format!(
            "Dibaca dari riwayat perubahan setiap aset: keadaan pada awal periode ({}) dibandingkan dengan keadaan pada akhir periode ({}).",
            tanggal(data.period.from),
            tanggal(data.period.to)
        ),
    );
    sheet.y += 4.0;
    let mut tab = Table::new(&[
        ("OPD", 3.0, L),
        ("Dicatat baru", 1.0, R),
        ("Dihapus", 1.0, R),
        ("Kondisi memburuk", 1.0, R),
    ])
    .wrapping(0);
    for o in &data.opds {
        tab.rows.push(vec![
            format!("{} ({})", o.name, o.opd),
            count(o.changes.added),
            count(o.changes.disposed),
            count(o.changes.worsened),
        ]);
    }
    let t = data.totals();
    tab.total = Some(vec![
        "JUMLAH".into(),
        count(t.changes.added),
        count(t.changes.disposed),
        count(t.changes.worsened),
    ]);
    tab.draw(sheet);
}

fn network(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "V. Jaringan");
    let mut tab = Table::new(&[
        ("OPD", 2.4, L),
        ("Disetujui", 0.9, R),
        ("Menunggu", 0.9, R),
        ("Ditolak", 0.9, R),
        ("Menurut tingkat keamanan", 2.6, L),
    ])
    .wrapping(4);
    for o in &data.opds {
        let levels = o
            .net_by_level
            .iter()
            .map(|l| format!("{}: {}", l.label, count(l.count)))
            .collect::<Vec<_>>()
            .join("; ");
        tab.rows.push(vec![
            o.opd.clone(),
            count(o.net_approved),
            count(o.net_waiting),
            count(o.net_refused),
            levels,
        ]);
    }
    let t = data.totals();
    tab.total = Some(vec![
        "JUMLAH".into(),
        count(t.net_approved),
        count(t.net_waiting),
        count(t.net_refused),
        String::new(),
    ]);
    tab.draw(sheet);

    sheet.line(
        9.0,
        Face::Bold,
        Align::Left,
        "Pemakaian kumpulan alamat IP",
        14.0,
    );
    let mut tab = Table::new(&[
        ("OPD", 1.6, L),
        ("Kumpulan IP", 2.0, L),
        ("Terpakai", 1.0, R),
        ("Kapasitas", 1.0, R),
        ("Terpakai (%)", 1.0, R),
    ]);
    for p in &data.pools {
        tab.rows.push(vec![
            p.opd.clone(),
            p.cidr.clone(),
            count(p.used),
            count(p.capacity),
            pct(p.used, p.capacity),
        ]);
    }
    if tab.rows.is_empty() {
        sheet.paragraph(8.0, "Belum ada kumpulan alamat IP.");
        sheet.y += 6.0;
    } else {
        tab.draw(sheet);
    }

    sheet.line(
        9.0,
        Face::Bold,
        Align::Left,
        "Keputusan pendaftaran dalam periode",
        14.0,
    );
    if data.decisions.is_empty() {
        sheet.paragraph(8.0, "Tidak ada keputusan dalam periode ini.");
        sheet.y += 6.0;
        return;
    }
    let mut tab = Table::new(&[
        ("Tanggal", 1.3, L),
        ("OPD", 1.0, L),
        ("Perangkat", 2.2, L),
        ("IP", 1.2, L),
        ("Keputusan", 1.0, L),
        ("Tingkat keamanan / alasan", 2.4, L),
    ])
    .wrapping(2)
    .wrapping(5);
    for d in &data.decisions {
        tab.rows.push(vec![
            tanggal_pendek(&d.decided_at),
            d.opd.clone(),
            format!("{} ({})", d.asset_name, d.hostname),
            d.ip.clone(),
            d.verdict.clone(),
            d.detail.clone(),
        ]);
    }
    tab.draw(sheet);
}

fn maintenance(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "VI. Pemeliharaan");
    let mut tab = Table::new(&[
        ("Jenis pemeliharaan", 3.0, L),
        ("Jumlah kegiatan", 1.2, R),
        ("Biaya (Rp)", 1.6, R),
    ]);
    for m in &data.maintenance {
        tab.rows
            .push(vec![m.kind.clone(), count(m.count), rupiah(m.cost)]);
    }
    let n: u32 = data.maintenance.iter().map(|m| m.count).sum();
    let cost: i64 = data.maintenance.iter().map(|m| m.cost).sum();
    tab.total = Some(vec!["JUMLAH".into(), count(n), rupiah(cost)]);
    tab.draw(sheet);

    sheet.line(
        9.0,
        Face::Bold,
        Align::Left,
        &format!(
            "Pemeliharaan terencana yang terlambat pada {}",
            tanggal(data.period.to.min(data.made_on))
        ),
        14.0,
    );
    let mut tab = Table::new(&[("OPD", 3.0, L), ("Aset terlambat dipelihara", 1.4, R)]).wrapping(0);
    for o in &data.opds {
        tab.rows.push(vec![
            format!("{} ({})", o.name, o.opd),
            count(o.maintenance_overdue),
        ]);
    }
    tab.total = Some(vec![
        "JUMLAH".into(),
        count(data.totals().maintenance_overdue),
    ]);
    tab.draw(sheet);
}

fn update_status(sheet: &mut Sheet, data: &ReportData) {
    heading(sheet, "VII. Status pembaruan data OPD");
    if let Some(status) = &data.server_status {
        sheet.paragraph(
            8.0,
            &format!(
                "Menurut pusat data pada {}: OPD terlambat bila tidak sinkron atau tidak ada perubahan lebih dari {} hari.",
                tanggal_of(&status.at),
                status.allowed_days
            ),
        );
        sheet.y += 4.0;
        let mut tab = Table::new(&[
            ("OPD", 2.6, L),
            ("Sinkron terakhir", 1.1, C),
            ("Perubahan terakhir", 1.1, C),
            ("Status", 2.2, L),
        ])
        .wrapping(0)
        .wrapping(3);
        let day = |t: &Option<String>| t.as_deref().map_or_else(|| "-".to_owned(), tanggal_pendek);
        for o in &status.opds {
            tab.rows.push(vec![
                format!("{} ({})", o.name, o.code),
                day(&o.last_sync_at),
                day(&o.last_change_at),
                if o.overdue.is_some() {
                    format!("TERLAMBAT: {}", o.overdue_text)
                } else {
                    "Tepat waktu".into()
                },
            ]);
        }
        tab.draw(sheet);
        return;
    }
    sheet.paragraph(
        8.0,
        &format!(
            "OPD terlambat bila tidak ada perubahan data lebih dari {} hari sampai tanggal laporan.",
            data.overdue_allowance
        ),
    );
    sheet.y += 4.0;
    let mut tab = Table::new(&[
        ("OPD", 3.0, L),
        ("Perubahan terakhir", 1.4, C),
        ("Status", 1.6, L),
    ])
    .wrapping(0);
    for o in &data.opds {
        let status = match o.overdue_days {
            None => "Tepat waktu".to_owned(),
            Some(_) if o.last_update.is_empty() => "TERLAMBAT: belum ada data".to_owned(),
            Some(d) => format!("TERLAMBAT: {d} hari"),
        };
        tab.rows.push(vec![
            format!("{} ({})", o.name, o.opd),
            if o.last_update.is_empty() {
                "-".into()
            } else {
                tanggal_pendek(&o.last_update)
            },
            status,
        ]);
    }
    tab.draw(sheet);
}

fn annex(sheet: &mut Sheet, data: &ReportData) {
    sheet.new_page();
    sheet.line(10.5, Face::Bold, Align::Center, "LAMPIRAN", 15.0);
    sheet.line(
        10.0,
        Face::Bold,
        Align::Center,
        "Daftar Aset TIK Rusak Berat (RB) yang Diusulkan untuk Dihapus",
        20.0,
    );
    if data.disposal.is_empty() {
        sheet.paragraph(8.5, "Tidak ada aset berkondisi rusak berat.");
        return;
    }
    let mut tab = Table::new(&[
        ("No", 0.5, C),
        ("OPD", 0.9, L),
        ("Kode barang", 1.7, L),
        ("Reg.", 0.7, C),
        ("Nama barang", 1.9, L),
        ("Merk / type", 1.7, L),
        ("Tahun", 0.6, C),
        ("Harga (Rp)", 1.3, R),
        ("Ruangan", 1.5, L),
    ])
    .size(7.0);
    for (i, d) in data.disposal.iter().enumerate() {
        tab.rows.push(vec![
            (i + 1).to_string(),
            d.opd.clone(),
            d.kode_barang.clone(),
            d.nomor_register.clone(),
            d.nama.clone(),
            d.merk_type.clone(),
            d.tahun.map(|y| y.to_string()).unwrap_or_default(),
            d.harga.map(rupiah).unwrap_or_else(|| "-".into()),
            d.room.clone(),
        ]);
    }
    let sum: i64 = data.disposal.iter().filter_map(|d| d.harga).sum();
    tab.total = Some(vec![
        String::new(),
        "JUMLAH".into(),
        format!(
            "{} aset",
            count(u32::try_from(data.disposal.len()).unwrap_or(u32::MAX))
        ),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        rupiah(sum),
        String::new(),
    ]);
    tab.draw(sheet);
}

/// Lays the report out (without drawing it).
pub fn layout(data: &ReportData) -> Result<Sheet, DocumentError> {
    let mut sheet = Sheet::a4(Fonts::load()?, false);
    letterhead(&mut sheet, &data.regency, &data.issuer);
    sheet.line(
        12.0,
        Face::Bold,
        Align::Center,
        "LAPORAN INVENTARIS ASET TEKNOLOGI INFORMASI DAN KOMUNIKASI",
        16.0,
    );
    let scope = match &data.opd {
        Some(_) => data
            .opds
            .first()
            .map_or_else(String::new, |o| format!("{} ({})", o.name, o.opd)),
        None => format!("Seluruh OPD {}", data.regency),
    };
    sheet.line(10.0, Face::Regular, Align::Center, &scope, 14.0);
    sheet.line(
        10.0,
        Face::Regular,
        Align::Center,
        &format!("Periode: {}", data.period.label()),
        14.0,
    );
    sheet.line(
        8.5,
        Face::Regular,
        Align::Center,
        &format!("Keadaan aset per {}", tanggal(data.made_on)),
        20.0,
    );
    summary(&mut sheet, data);
    per_opd(&mut sheet, data);
    charts(&mut sheet, data);
    changes(&mut sheet, data);
    network(&mut sheet, data);
    maintenance(&mut sheet, data);
    update_status(&mut sheet, data);
    let signer_title = if data.signer.title.trim().is_empty() {
        format!("Kepala {}", data.issuer)
    } else {
        data.signer.title.trim().to_owned()
    };
    signatures(
        &mut sheet,
        &format!("{}, {}", data.signer.place.trim(), tanggal(data.made_on)),
        &[Signatory {
            above: vec![signer_title],
            name: &data.signer.name,
            nip: &data.signer.nip,
        }],
    );
    annex(&mut sheet, data);
    sheet.footers(&format!("{} · {}", title(data), data.period.label()));
    Ok(sheet)
}

/// The report as a PDF.
pub fn report_pdf(data: &ReportData) -> Result<Pdf, DocumentError> {
    let sheet = layout(data)?;
    render(&sheet, &title(data))
}
