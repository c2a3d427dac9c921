//! The cells of an export: the 16 KIB B columns exactly as BPKAD expects
//! them, then the ICT columns, so that importing the file again changes
//! nothing.

use super::cell::Cell;
use super::column::{Column, ICT_COLUMNS, KIB_B_COLUMNS};
use crate::asset::Asset;
use crate::location::Room;
use crate::room_lookup::room_cell;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The owner unit a KIB B sheet is for, as its header names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct KibUnit {
    pub opd_code: String,
    pub opd_name: String,
    /// Nama UPB as BPKAD writes it (the OPD's name unless told otherwise).
    pub nama_upb: String,
    /// Kode lokasi of the unit in the regency's asset register.
    pub kode_lokasi: String,
}

/// One sheet of an export: a unit's assets, with the rooms they refer to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KibSheet {
    pub regency: String,
    pub unit: KibUnit,
    pub assets: Vec<Asset>,
    pub rooms: Vec<Room>,
}

/// Every column of an export, in order.
pub fn export_columns() -> impl Iterator<Item = Column> {
    KIB_B_COLUMNS.into_iter().chain(ICT_COLUMNS)
}

fn text(s: &str) -> Cell {
    Cell::from(s)
}

/// One asset's cells, in [`export_columns`] order; `no` is the printed row
/// number, `room` the asset's room when it has one.
pub fn export_row(no: usize, a: &Asset, room: Option<&Room>) -> Vec<Cell> {
    export_columns()
        .map(|c| match c {
            Column::No => Cell::Number(no as f64),
            Column::KodeBarang => text(&a.kode_barang),
            Column::Nama => text(&a.nama),
            Column::Register => text(&a.nomor_register),
            Column::Merk => text(&a.merk_type),
            Column::Ukuran => text(&a.ukuran),
            Column::Bahan => text(&a.bahan),
            Column::Tahun => a.tahun.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
            Column::Pabrik => text(&a.nomor_pabrik),
            Column::Rangka => text(&a.nomor_rangka),
            Column::Mesin => text(&a.nomor_mesin),
            Column::Polisi => text(&a.nomor_polisi),
            Column::Bpkb => text(&a.nomor_bpkb),
            Column::AsalUsul => text(&a.asal_usul),
            Column::Harga => a.harga.map_or(Cell::Empty, |h| Cell::Number(h as f64)),
            Column::Keterangan => text(&a.keterangan),
            Column::Kondisi => text(a.condition.code()),
            Column::Ruangan => room.map_or(Cell::Empty, |r| Cell::Text(room_cell(r))),
            Column::Pemegang => text(&a.holder_name),
            Column::Nip => text(&a.holder_nip),
            Column::Mac => text(&a.mac),
            Column::Hostname => text(&a.hostname),
            Column::Ip => text(&a.ip),
            Column::Cpu => text(&a.cpu),
            Column::Ram => text(&a.ram),
            Column::Storage => text(&a.storage),
            Column::Os => text(&a.os),
            Column::Status => text(a.lifecycle.as_str()),
            Column::AlasanHapus => text(&a.disposal_reason),
            Column::KodeLama => text(&a.kode_barang_lama),
            Column::Id => text(&a.id),
            Column::HargaRibu | Column::Ignored => Cell::Empty,
        })
        .collect()
}
