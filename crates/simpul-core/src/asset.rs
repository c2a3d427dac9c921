//! The asset record (a KIB B row plus the ICT fields) and the form input
//! that becomes one after validation.
//!
//! [`Asset`]'s field names are also its keys inside the Automerge document
//! (see [`crate::schema`]), so renaming a field is a schema change.

use crate::condition::Condition;
use crate::error::{FieldError, ValidationErrors};
use crate::kode_barang::{KodeBarang, ParsedKode};
use crate::lifecycle::Lifecycle;
use crate::mac::parse_mac_list;
use crate::network::{parse_hostname, parse_ipv4};
use crate::nip::Nip;
use crate::rupiah::parse_rupiah;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One ICT asset as stored in the replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Asset {
    /// UUID v7, fixed at creation.
    pub id: String,
    /// The owning OPD's code (e.g. `DINKES`).
    pub opd: String,
    /// Kode barang in 108 form.
    pub kode_barang: String,
    /// The pre-108 code this record was imported with, if any.
    pub kode_barang_lama: String,
    /// KIB B "Nama/Jenis Barang".
    pub nama: String,
    /// KIB B "Nomor Register": sequence per kode barang within the OPD.
    pub nomor_register: String,
    pub merk_type: String,
    pub ukuran: String,
    pub bahan: String,
    pub tahun: Option<i32>,
    /// KIB B "Nomor Pabrik" (serial number).
    pub nomor_pabrik: String,
    pub nomor_rangka: String,
    pub nomor_mesin: String,
    pub nomor_polisi: String,
    pub nomor_bpkb: String,
    /// KIB B "Asal Usul / Cara Perolehan".
    pub asal_usul: String,
    /// Price in whole rupiah; `None` when not known.
    pub harga: Option<i64>,
    pub keterangan: String,
    pub room_id: String,
    pub holder_name: String,
    /// 18 digits, or empty (contract staff have no NIP).
    pub holder_nip: String,
    pub condition: Condition,
    /// Normalized MAC addresses separated by `, `.
    pub mac: String,
    pub hostname: String,
    pub ip: String,
    pub cpu: String,
    pub ram: String,
    pub storage: String,
    pub os: String,
    pub lifecycle: Lifecycle,
    pub disposal_reason: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What an asset form (or an imported row) sends: text as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct AssetInput {
    /// Empty for a new asset.
    pub id: String,
    pub kode_barang: String,
    pub nama: String,
    /// Empty: the next free number for the kode barang is taken.
    pub nomor_register: String,
    pub merk_type: String,
    pub ukuran: String,
    pub bahan: String,
    pub tahun: String,
    pub nomor_pabrik: String,
    pub nomor_rangka: String,
    pub nomor_mesin: String,
    pub nomor_polisi: String,
    pub nomor_bpkb: String,
    pub asal_usul: String,
    pub harga: String,
    pub keterangan: String,
    pub room_id: String,
    pub holder_name: String,
    pub holder_nip: String,
    pub condition: String,
    pub mac: String,
    pub hostname: String,
    pub ip: String,
    pub cpu: String,
    pub ram: String,
    pub storage: String,
    pub os: String,
    pub lifecycle: String,
    pub disposal_reason: String,
}

/// Parses the purchase year: four digits from 1950 to `current_year`.
pub fn parse_year(field: &str, raw: &str, current_year: i32) -> Result<Option<i32>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i32>() {
        Ok(y) if (1950..=current_year).contains(&y) => Ok(Some(y)),
        _ => Err(FieldError::new(
            field,
            "tahun.range",
            format!("Tahun pembelian harus 4 angka antara 1950 dan {current_year}."),
        )),
    }
}

fn parse_lifecycle(raw: &str) -> Result<Lifecycle, FieldError> {
    let s = raw.trim().to_lowercase();
    Lifecycle::ALL
        .into_iter()
        .find(|l| l.as_str() == s || s.is_empty() && *l == Lifecycle::Aktif)
        .ok_or_else(|| {
            FieldError::new(
                "lifecycle",
                "lifecycle.unknown",
                format!("Status \"{}\" tidak dikenal.", raw.trim()),
            )
        })
}

impl AssetInput {
    /// Sets the holder (name, NIP) and the condition on `a`, each validated
    /// on its own: the form and the list's bulk actions share this rule.
    pub fn holder_and_condition(&self, a: &mut Asset, errs: &mut ValidationErrors) {
        a.holder_name = self.holder_name.trim().to_owned();
        a.holder_nip = if self.holder_nip.trim().is_empty() {
            String::new()
        } else {
            errs.check(Nip::parse("holder_nip", &self.holder_nip))
                .map(|n| n.digits().to_owned())
                .unwrap_or_default()
        };
        if !a.holder_nip.is_empty() && a.holder_name.is_empty() {
            errs.push(FieldError::new(
                "holder_name",
                "holder_name.required",
                "Isi nama pemegang bila NIP diisi.",
            ));
        }
        if self.condition.trim().is_empty() {
            a.condition = Condition::B;
        } else if let Some(c) = errs.check(Condition::parse("condition", &self.condition)) {
            a.condition = c;
        }
    }

    /// Applies this input on top of `base` (a new or the stored record) and
    /// validates every field; returns all problems at once.
    pub fn apply_to(&self, base: &Asset, current_year: i32) -> Result<Asset, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut a = base.clone();
        let text = |s: &str| s.trim().to_owned();

        a.nama = text(&self.nama);
        if a.nama.is_empty() {
            errs.push(FieldError::new(
                "nama",
                "nama.required",
                "Nama/jenis barang wajib diisi.",
            ));
        }
        if self.kode_barang.trim().is_empty() {
            errs.push(FieldError::new(
                "kode_barang",
                "kode_barang.required",
                "Kode barang wajib diisi.",
            ));
        } else if let Some(parsed) =
            errs.check(KodeBarang::parse_any("kode_barang", &self.kode_barang))
        {
            match parsed {
                ParsedKode::Current(k) => {
                    a.kode_barang = k.to_string();
                    a.kode_barang_lama = if base.kode_barang_lama.is_empty() { String::new() } else { base.kode_barang_lama.clone() };
                }
                ParsedKode::Old(old) => match KodeBarang::from_name(&self.nama) {
                    Some(k) => {
                        a.kode_barang = k.to_string();
                        a.kode_barang_lama = old;
                    }
                    None => errs.push(FieldError::new(
                        "kode_barang",
                        "kode_barang.old",
                        format!("\"{old}\" adalah kode barang lama dan jenis barang \"{}\" tidak dikenali; isi kode 108 secara manual.", a.nama),
                    )),
                },
            }
        }
        a.nomor_register = text(&self.nomor_register);
        if !a.nomor_register.is_empty()
            && crate::nomor_register::number(&a.nomor_register).is_none()
        {
            errs.push(FieldError::new(
                "nomor_register",
                "nomor_register.format",
                "Nomor register hanya berisi angka, mis. 0001.",
            ));
        }
        a.merk_type = text(&self.merk_type);
        a.ukuran = text(&self.ukuran);
        a.bahan = text(&self.bahan);
        if let Some(y) = errs.check(parse_year("tahun", &self.tahun, current_year)) {
            a.tahun = y;
        }
        a.nomor_pabrik = text(&self.nomor_pabrik);
        a.nomor_rangka = text(&self.nomor_rangka);
        a.nomor_mesin = text(&self.nomor_mesin);
        a.nomor_polisi = text(&self.nomor_polisi);
        a.nomor_bpkb = text(&self.nomor_bpkb);
        a.asal_usul = text(&self.asal_usul);
        if let Some(h) = errs.check(parse_rupiah("harga", &self.harga)) {
            a.harga = h;
        }
        a.keterangan = text(&self.keterangan);
        a.room_id = text(&self.room_id);
        self.holder_and_condition(&mut a, &mut errs);
        if let Some(macs) = errs.check(parse_mac_list("mac", &self.mac)) {
            a.mac = macs.join(", ");
        }
        a.hostname = if self.hostname.trim().is_empty() {
            String::new()
        } else {
            errs.check(parse_hostname("hostname", &self.hostname))
                .unwrap_or_default()
        };
        a.ip = if self.ip.trim().is_empty() {
            String::new()
        } else {
            errs.check(parse_ipv4("ip", &self.ip))
                .map(|ip| ip.to_string())
                .unwrap_or_default()
        };
        a.cpu = text(&self.cpu);
        a.ram = text(&self.ram);
        a.storage = text(&self.storage);
        a.os = text(&self.os);
        if let Some(l) = errs.check(parse_lifecycle(&self.lifecycle)) {
            a.lifecycle = l;
        }
        a.disposal_reason = text(&self.disposal_reason);
        if a.lifecycle == Lifecycle::Dihapus && a.disposal_reason.is_empty() {
            errs.push(FieldError::new(
                "disposal_reason",
                "disposal_reason.required",
                "Alasan penghapusan wajib diisi.",
            ));
        }
        errs.into_result(a)
    }

    /// The form input that shows an existing record.
    pub fn from_asset(a: &Asset) -> AssetInput {
        AssetInput {
            id: a.id.clone(),
            kode_barang: a.kode_barang.clone(),
            nama: a.nama.clone(),
            nomor_register: a.nomor_register.clone(),
            merk_type: a.merk_type.clone(),
            ukuran: a.ukuran.clone(),
            bahan: a.bahan.clone(),
            tahun: a.tahun.map(|y| y.to_string()).unwrap_or_default(),
            nomor_pabrik: a.nomor_pabrik.clone(),
            nomor_rangka: a.nomor_rangka.clone(),
            nomor_mesin: a.nomor_mesin.clone(),
            nomor_polisi: a.nomor_polisi.clone(),
            nomor_bpkb: a.nomor_bpkb.clone(),
            asal_usul: a.asal_usul.clone(),
            harga: a.harga.map(|h| h.to_string()).unwrap_or_default(),
            keterangan: a.keterangan.clone(),
            room_id: a.room_id.clone(),
            holder_name: a.holder_name.clone(),
            holder_nip: a.holder_nip.clone(),
            condition: a.condition.code().to_owned(),
            mac: a.mac.clone(),
            hostname: a.hostname.clone(),
            ip: a.ip.clone(),
            cpu: a.cpu.clone(),
            ram: a.ram.clone(),
            storage: a.storage.clone(),
            os: a.os.clone(),
            lifecycle: a.lifecycle.as_str().to_owned(),
            disposal_reason: a.disposal_reason.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laptop() -> AssetInput {
        AssetInput {
            kode_barang: "1.3.2.10.001.002.002".into(),
            nama: "Laptop".into(),
            merk_type: "Lenovo ThinkPad E14".into(),
            tahun: "2023".into(),
            harga: "Rp 12.500.000,00".into(),
            holder_name: "Siti Aminah".into(),
            holder_nip: "19850312 201001 2 003".into(),
            condition: "RR".into(),
            mac: "3c52821a2b3c".into(),
            ip: "10.20.1.15".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_input_is_normalized() {
        let a = laptop().apply_to(&Asset::default(), 2026).expect("valid");
        assert_eq!(a.kode_barang, "1.3.2.10.01.02.002");
        assert_eq!(a.harga, Some(12_500_000));
        assert_eq!(a.tahun, Some(2023));
        assert_eq!(a.holder_nip, "198503122010012003");
        assert_eq!(a.condition, Condition::KB);
        assert_eq!(a.mac, "3C:52:82:1A:2B:3C");
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let mut i = laptop();
        i.holder_nip = "1985".into();
        i.tahun = "2099".into();
        i.harga = "-5".into();
        i.ip = "10.0.0.300".into();
        i.lifecycle = "dihapus".into();
        let errs = i.apply_to(&Asset::default(), 2026).expect_err("invalid").0;
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["tahun", "harga", "holder_nip", "ip", "disposal_reason"]
        );
    }

    #[test]
    fn old_code_is_converted_by_name_and_kept() {
        let mut i = laptop();
        i.kode_barang = "02.06.02.01.01".into();
        i.nama = "Notebook Acer".into();
        let a = i.apply_to(&Asset::default(), 2026).expect("converted");
        assert_eq!(a.kode_barang, "1.3.2.10.01.02.003");
        assert_eq!(a.kode_barang_lama, "02.06.02.01.01");
        i.nama = "Barang tak dikenal".into();
        let e = i.apply_to(&Asset::default(), 2026).expect_err("unknown").0;
        assert_eq!(e[0].code, "kode_barang.old");
    }

    #[test]
    fn round_trips_through_form_input() {
        let a = laptop().apply_to(&Asset::default(), 2026).expect("valid");
        let again = AssetInput::from_asset(&a)
            .apply_to(&a, 2026)
            .expect("valid");
        assert_eq!(a, again);
    }
}
