//! What importing a KIB B table would do to an OPD's assets, computed
//! without writing anything: the preview and the real import are this one
//! function, so a dry run checks exactly what the import checks.
//!
//! Each ICT row is matched to an existing asset of the OPD (by Simpul's id,
//! else kode barang and nomor register, else serial number) and becomes an
//! update of the fields that differ, nothing, or a new asset. Rows that are
//! not ICT are skipped and listed. An empty cell never erases a stored value.
//!
//! Longer than most files: one function per step of a row (identify, match,
//! fill, price, diff) reads better beside the others than split apart.

use super::cell::Cell;
use super::column::Column;
use super::matching::{Candidate, Existing};
use super::summary::{CellChange, RowNote, SkippedRow};
use super::table::{KibRow, KibTable};
use super::RowError;
use crate::asset::{Asset, AssetInput};
use crate::error::FieldError;
use crate::item_kind::{identify, ItemKind};
use crate::location::Room;
use crate::nomor_register;
use crate::room_lookup::{room_cell, RoomLookup, RoomMatch};
use crate::rupiah::{amount_error, format_amount, format_rupiah, parse_amount, whole_rupiah};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// What the plan is computed against.
#[derive(Debug, Clone, Copy)]
pub struct ImportContext<'a> {
    /// The OPD the assets belong to.
    pub opd: &'a str,
    /// The OPD's assets, disposed ones included.
    pub existing: &'a [Asset],
    /// The OPD's rooms.
    pub rooms: &'a [Room],
    pub year: i32,
    /// The time stamp new and changed records get (RFC 3339).
    pub now: &'a str,
}

/// One matched asset whose fields change.
#[derive(Debug, Clone, PartialEq)]
pub struct RowUpdate {
    pub row: u32,
    /// The asset after the import.
    pub asset: Asset,
    pub changes: Vec<CellChange>,
}

/// The outcome of every row of a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// Data rows read below the header.
    pub rows: u32,
    pub added: Vec<(u32, Asset)>,
    pub updated: Vec<RowUpdate>,
    pub unchanged: Vec<u32>,
    pub skipped: Vec<SkippedRow>,
    pub errors: Vec<RowError>,
    pub notes: Vec<RowNote>,
    /// Rows whose old or missing code was converted to a 108 code.
    pub converted: u32,
    /// New assets that got the next free nomor register.
    pub numbered: u32,
    pub unknown_columns: Vec<String>,
}

impl ImportPlan {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The plan written at `now` rather than when it was made (a plan a
    /// preview made is written when the user confirms): new assets are
    /// created, and changed ones updated, at that time.
    pub fn stamped(mut self, now: &str) -> ImportPlan {
        for (_, a) in &mut self.added {
            now.clone_into(&mut a.created_at);
            now.clone_into(&mut a.updated_at);
        }
        for u in &mut self.updated {
            now.clone_into(&mut u.asset.updated_at);
        }
        self
    }
}

/// Computes the plan. `new_id` gives the id of each new asset.
pub fn plan(
    table: &KibTable,
    ctx: &ImportContext<'_>,
    new_id: &mut dyn FnMut() -> String,
) -> ImportPlan {
    let mut p = ImportPlan {
        rows: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        unknown_columns: table.layout.unknown.clone(),
        ..Default::default()
    };
    if !table.layout.unknown.is_empty() {
        p.notes.push(RowNote::file(format!(
            "Kolom yang tidak dikenal diabaikan: {}.",
            table
                .layout
                .unknown
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if !table.layout.repeated.is_empty() {
        p.notes.push(RowNote::file(format!(
            "Kolom ganda diabaikan (dipakai kolom pertama): {}.",
            table
                .layout
                .repeated
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if table.rows.is_empty() {
        p.errors.push(RowError {
            row: 0,
            field: String::new(),
            message: "Berkas hanya berisi judul tabel; tidak ada baris barang di bawahnya.".into(),
        });
        return p;
    }
    let candidates = identify_rows(table, &mut p);
    note_repeated_registers(&candidates, &mut p);
    let mut existing = Existing::new(ctx.existing);
    let mut next_register: HashMap<String, u64> = HashMap::new();
    for c in &candidates {
        let n = c.register.unwrap_or(0);
        let e = next_register
            .entry(c.kode.to_string())
            .or_insert_with(|| existing.max_register(c.kode.as_str()));
        *e = (*e).max(n);
    }
    let rooms = RoomLookup::new(ctx.rooms);
    let mut ids_in_file: HashMap<String, u32> = HashMap::new();
    for c in &candidates {
        plan_row(
            table,
            ctx,
            c,
            &mut existing,
            &mut next_register,
            &rooms,
            &mut ids_in_file,
            new_id,
            &mut p,
        );
    }
    p
}

/// Pass one: which rows are ICT, with their 108 code.
fn identify_rows<'t>(table: &'t KibTable, p: &mut ImportPlan) -> Vec<Candidate<'t>> {
    let mut out = Vec::new();
    for row in &table.rows {
        let kode = row.text(Column::KodeBarang);
        let nama = row.text(Column::Nama);
        match identify("kode_barang", &kode, &nama) {
            Ok(ItemKind::Ict {
                kode: k,
                old,
                by_name,
            }) => out.push(Candidate {
                row,
                kode: k,
                old,
                by_name,
                register: nomor_register::number(&row.text(Column::Register)),
            }),
            Ok(ItemKind::NotIct { reason }) => p.skipped.push(SkippedRow {
                row: row.row,
                kode,
                nama,
                reason,
            }),
            Err(e) => p.errors.push(row_error(table, row, e)),
        }
    }
    out
}

fn note_repeated_registers(candidates: &[Candidate<'_>], p: &mut ImportPlan) {
    let mut seen: HashMap<(&str, u64), Vec<u32>> = HashMap::new();
    for c in candidates {
        if let Some(r) = c.register {
            seen.entry((c.kode.as_str(), r))
                .or_default()
                .push(c.row.row);
        }
    }
    let mut repeated: Vec<_> = seen
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .collect();
    repeated.sort_by_key(|(_, rows)| rows[0]);
    for ((kode, reg), rows) in repeated {
        p.notes.push(RowNote {
            row: rows[0],
            message: format!(
                "Nomor register {reg:04} kode {kode} tertulis di lebih dari satu baris (baris {}); periksa dengan KIB di SIMDA.",
                rows.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_row(
    table: &KibTable,
    ctx: &ImportContext<'_>,
    c: &Candidate<'_>,
    existing: &mut Existing<'_>,
    next_register: &mut HashMap<String, u64>,
    rooms: &RoomLookup<'_>,
    ids_in_file: &mut HashMap<String, u32>,
    new_id: &mut dyn FnMut() -> String,
    p: &mut ImportPlan,
) {
    let row = c.row;
    let mut errors = Vec::new();
    let id = row.text(Column::Id);
    if !id.is_empty() {
        if uuid::Uuid::parse_str(&id).is_err() {
            errors.push(cell_error(table, row, Column::Id, "id.format", "ID Simpul tidak sah; biarkan kolom ini seperti yang ditulis ekspor Simpul, atau kosongkan."));
        } else if let Some(first) = ids_in_file.insert(id.to_lowercase(), row.row) {
            errors.push(cell_error(
                table,
                row,
                Column::Id,
                "id.repeated",
                &format!("ID Simpul yang sama sudah dipakai baris {first}."),
            ));
        }
    }
    let matched = existing.find(c, &id);
    let base = match matched {
        Some(i) => existing.assets[i].clone(),
        None => Asset {
            id: if id.is_empty() || !errors.is_empty() {
                new_id()
            } else {
                id.to_lowercase()
            },
            opd: ctx.opd.to_owned(),
            created_at: ctx.now.to_owned(),
            updated_at: ctx.now.to_owned(),
            ..Default::default()
        },
    };
    let mut input = if matched.is_some() {
        AssetInput::from_asset(&base)
    } else {
        AssetInput::default()
    };
    input.kode_barang = c.kode.to_string();
    fill_input(table, row, &mut input, &mut errors, p, matched.is_none());
    let room = row.text(Column::Ruangan);
    if !room.is_empty() {
        match rooms.find(&room) {
            RoomMatch::Found(r) => input.room_id = r.id.clone(),
            RoomMatch::Ambiguous(a, b) => errors.push(cell_error(table, row, Column::Ruangan, "room_id.ambiguous", &format!("Kode ruangan ini ada di lebih dari satu gedung/lantai ({}, {}); tulis lengkap, mis. {}.", a.short_code(), b.short_code(), a.short_code()))),
            RoomMatch::None => errors.push(cell_error(table, row, Column::Ruangan, "room_id.unknown", "Ruangan ini belum terdaftar di OPD; tambahkan di halaman Lokasi dulu, atau tulis kode ruangannya.")),
        }
    }
    let mut asset = match input.apply_to(&base, ctx.year) {
        Ok(a) => a,
        Err(v) => {
            errors.extend(v.0.into_iter().map(|e| row_error(table, row, e)));
            p.errors.extend(errors);
            return;
        }
    };
    if !errors.is_empty() {
        p.errors.extend(errors);
        return;
    }
    let kode_lama = row.text(Column::KodeLama);
    if let Some(old) = &c.old {
        asset.kode_barang_lama = old.clone();
    } else if !kode_lama.is_empty() {
        asset.kode_barang_lama = kode_lama;
    }
    if c.old.is_some() || c.by_name {
        p.converted += 1;
        let from = match &c.old {
            Some(old) => format!("kode lama {old}"),
            None => "nama barang (kode kosong)".to_owned(),
        };
        p.notes.push(RowNote {
            row: row.row,
            message: format!(
                "\"{}\": {from} dikonversi ke {} ({}).",
                asset.nama,
                asset.kode_barang,
                c.kode.item().map_or("Komputer", |i| i.name)
            ),
        });
    }
    match matched {
        Some(_) => {
            // "000001" in SIMDA is the same number as "0001" in Simpul.
            if nomor_register::number(&asset.nomor_register)
                == nomor_register::number(&base.nomor_register)
            {
                asset.nomor_register = base.nomor_register.clone();
            }
            // Most rows of a file imported again are unchanged: equal
            // records need no field-by-field comparison.
            let changes = if asset == base {
                Vec::new()
            } else {
                diff(table, ctx.rooms, &base, &asset)
            };
            if changes.is_empty() {
                p.unchanged.push(row.row);
            } else {
                asset.updated_at = ctx.now.to_owned();
                p.updated.push(RowUpdate {
                    row: row.row,
                    asset,
                    changes,
                });
            }
        }
        None => {
            if asset.nomor_register.is_empty() {
                let n = next_register.entry(asset.kode_barang.clone()).or_insert(0);
                *n += 1;
                asset.nomor_register = nomor_register::format(*n);
                p.numbered += 1;
            }
            p.added.push((row.row, asset));
        }
    }
}

/// Copies the row's non-empty cells into the form input.
fn fill_input(
    table: &KibTable,
    row: &KibRow,
    input: &mut AssetInput,
    errors: &mut Vec<RowError>,
    p: &mut ImportPlan,
    is_new: bool,
) {
    let text_fields: [(Column, &mut String); 24] = [
        (Column::Nama, &mut input.nama),
        (Column::Register, &mut input.nomor_register),
        (Column::Merk, &mut input.merk_type),
        (Column::Ukuran, &mut input.ukuran),
        (Column::Bahan, &mut input.bahan),
        (Column::Pabrik, &mut input.nomor_pabrik),
        (Column::Rangka, &mut input.nomor_rangka),
        (Column::Mesin, &mut input.nomor_mesin),
        (Column::Polisi, &mut input.nomor_polisi),
        (Column::Bpkb, &mut input.nomor_bpkb),
        (Column::AsalUsul, &mut input.asal_usul),
        (Column::Keterangan, &mut input.keterangan),
        (Column::Kondisi, &mut input.condition),
        (Column::Pemegang, &mut input.holder_name),
        (Column::Nip, &mut input.holder_nip),
        (Column::Mac, &mut input.mac),
        (Column::Hostname, &mut input.hostname),
        (Column::Ip, &mut input.ip),
        (Column::Cpu, &mut input.cpu),
        (Column::Ram, &mut input.ram),
        (Column::Storage, &mut input.storage),
        (Column::Os, &mut input.os),
        (Column::Status, &mut input.lifecycle),
        (Column::AlasanHapus, &mut input.disposal_reason),
    ];
    for (col, slot) in text_fields {
        let v = row.text(col);
        if !v.is_empty() {
            *slot = v;
        }
    }
    // Excel keeps 15 significant digits: an 18-digit NIP typed as a number
    // has already lost its last digits, and must not pass as another NIP.
    if let Cell::Number(n) = row.get(Column::Nip) {
        if n.abs() >= 1e15 {
            errors.push(cell_error(table, row, Column::Nip, "nip.number", "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format kolom NIP sebagai Teks lalu ketik ulang NIP-nya."));
            input.holder_nip.clear();
        }
    }
    let tahun = row.text(Column::Tahun);
    if !tahun.is_empty() {
        input.tahun = year_of(&tahun);
    }
    let thousands = table.layout.has(Column::HargaRibu) && !table.layout.has(Column::Harga);
    let price_col = if thousands {
        Column::HargaRibu
    } else {
        Column::Harga
    };
    if !table.layout.has(price_col) {
        return;
    }
    match price(row.get(price_col), thousands) {
        Ok(Price {
            rupiah: Some(v),
            rounded_from,
        }) => {
            input.harga = v.to_string();
            if let Some(exact) = rounded_from {
                p.notes.push(RowNote {
                    row: row.row,
                    message: format!("Harga {exact} dibulatkan ke Rp {}.", format_rupiah(v)),
                });
            }
        }
        Ok(Price { rupiah: None, .. }) => {
            if is_new {
                p.notes.push(RowNote {
                    row: row.row,
                    message: format!(
                        "Kolom \"{}\" kosong: harga dicatat belum diketahui.",
                        table.header(price_col)
                    ),
                });
            }
        }
        Err(e) => errors.push(row_error(table, row, e)),
    }
}

/// A year cell: `2019`, or the year of a date (`2019-05-01`, `01/05/2019`).
pub(super) fn year_of(s: &str) -> String {
    let digits: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .collect();
    match digits.as_slice() {
        [y] if s.len() > 4 => (*y).to_owned(),
        _ => s.to_owned(),
    }
}

struct Price {
    rupiah: Option<i64>,
    /// The exact amount when it had to be rounded, as written.
    rounded_from: Option<String>,
}

/// A price cell in whole rupiah: a spreadsheet number is taken as it is
/// stored, text in either decimal style; a thousands column scales exactly.
fn price(cell: &Cell, thousands: bool) -> Result<Price, FieldError> {
    let shown = cell.text().into_owned();
    let amount = match cell {
        Cell::Number(f) if *f < 0.0 => {
            return Err(amount_error(
                "harga",
                &shown,
                crate::rupiah::AmountError::Negative,
            ))
        }
        Cell::Number(f) => Decimal::from_str(&format!("{f}"))
            .map(Some)
            .map_err(|_| amount_error("harga", &shown, crate::rupiah::AmountError::TooLarge))?,
        _ => parse_amount(&shown).map_err(|e| amount_error("harga", &shown, e))?,
    };
    let Some(mut d) = amount else {
        return Ok(Price {
            rupiah: None,
            rounded_from: None,
        });
    };
    if thousands {
        d *= Decimal::from(1000);
    }
    let whole = whole_rupiah(d)
        .ok_or_else(|| amount_error("harga", &shown, crate::rupiah::AmountError::TooLarge))?;
    let rounded_from = (!d.fract().is_zero()).then(|| format!("Rp {}", format_amount(d)));
    Ok(Price {
        rupiah: Some(whole),
        rounded_from,
    })
}

/// The fields that differ, named by the file's headers.
fn diff(table: &KibTable, rooms: &[Room], before: &Asset, after: &Asset) -> Vec<CellChange> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let room = |v: &serde_json::Value| {
        let id = v.as_str().unwrap_or_default();
        rooms
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), room_cell)
    };
    let show = |k: &str, v: &serde_json::Value| match v {
        _ if k == "room_id" => room(v),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    a.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "opd" | "created_at" | "updated_at"))
        .filter(|(k, v)| b.get(k.as_str()) != Some(v))
        .map(|(k, v)| CellChange {
            column: table
                .column_of_field(k)
                .map_or_else(|| k.clone(), |c| table.header(c)),
            old: b.get(k.as_str()).map(|o| show(k, o)).unwrap_or_default(),
            new: show(k, v),
        })
        .collect()
}

/// A field error of a row, named by the file's column header, with the
/// value the cell holds.
fn row_error(table: &KibTable, row: &KibRow, e: FieldError) -> RowError {
    let col = table.column_of_field(&e.field);
    let header = col.map_or_else(|| e.field.clone(), |c| table.header(c));
    let value = col.map(|c| row.text(c)).unwrap_or_default();
    let message = if value.is_empty() || e.message.contains(&value) {
        e.message
    } else {
        format!("{} (isi sel: \"{value}\")", e.message)
    };
    RowError {
        row: row.row,
        field: header,
        message,
    }
}

fn cell_error(table: &KibTable, row: &KibRow, col: Column, code: &str, message: &str) -> RowError {
    row_error(table, row, FieldError::new(col.field(), code, message))
}
