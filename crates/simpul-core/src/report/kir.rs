//! The room card (Kartu Inventaris Ruangan): the active assets of one
//! room, posted on its wall and signed by the room's responsible person
//! and the pengurus barang.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One asset line of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KirRow {
    pub kode_barang: String,
    pub nomor_register: String,
    pub nama: String,
    pub merk_type: String,
    pub nomor_pabrik: String,
    pub tahun: Option<i32>,
    pub harga: Option<i64>,
    /// `B`, `KB` or `RB`.
    pub condition: String,
    pub keterangan: String,
}

impl KirRow {
    /// The line of an asset, as the room card and the BAST list it.
    pub fn of(a: &crate::Asset) -> KirRow {
        KirRow {
            kode_barang: a.kode_barang.clone(),
            nomor_register: a.nomor_register.clone(),
            nama: a.nama.clone(),
            merk_type: a.merk_type.clone(),
            nomor_pabrik: a.nomor_pabrik.clone(),
            tahun: a.tahun,
            harga: a.harga,
            condition: a.condition.code().to_owned(),
            keterangan: a.keterangan.clone(),
        }
    }
}

/// A person who signs the card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct KirSigner {
    pub name: String,
    pub nip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KirData {
    pub regency: String,
    pub opd_code: String,
    pub opd_name: String,
    /// `G1L2.R07`.
    pub room_code: String,
    pub room_name: String,
    /// The regency's location code of the OPD, when known.
    pub kode_lokasi: String,
    pub rows: Vec<KirRow>,
    pub made_on: NaiveDate,
    /// Where it is signed.
    pub place: String,
    /// The room's responsible person (penanggung jawab ruangan).
    pub responsible: KirSigner,
    pub pengurus_barang: KirSigner,
}
