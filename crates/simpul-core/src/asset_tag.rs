//! What an asset tag's barcode carries: the asset's id, which never
//! changes (a move, a new holder, a new register number or a new OPD keeps
//! it), written as the 39 digits of its 128-bit value. Digits are what
//! Code 128 packs two to a symbol (code set C), so the code of a tag stays
//! short enough for a 63.5 mm label at a printable bar width; the QR beside
//! it carries the same digits. The text a person reads and types is the
//! location code and `kode barang.register`, which the lookup also knows.

use crate::Asset;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

/// What an asset's printed tag carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AssetTag {
    pub asset_id: String,
    /// The barcode's digits ([`tag_code`]).
    pub code: String,
    /// The owner unit's kode lokasi, or the OPD code while none is set.
    pub location: String,
    /// `kode barang.register`, what a person reads and types.
    pub kode_register: String,
    /// The item's name and make: `Laptop Lenovo ThinkPad E14`.
    pub name: String,
}

impl AssetTag {
    /// The tag of an asset whose id is a UUID (every asset Simpul makes).
    pub fn of(asset: &Asset, kode_lokasi: &str) -> Option<AssetTag> {
        let location = if kode_lokasi.trim().is_empty() {
            asset.opd.clone()
        } else {
            kode_lokasi.trim().to_owned()
        };
        let kode_register = match asset.nomor_register.trim() {
            "" => asset.kode_barang.clone(),
            reg => format!("{}.{reg}", asset.kode_barang),
        };
        let name = [asset.nama.trim(), asset.merk_type.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Some(AssetTag {
            asset_id: asset.id.clone(),
            code: tag_code(&asset.id)?,
            location,
            kode_register,
            name,
        })
    }

    /// What this tag prints, to tell a printed tag from a current one.
    pub fn printed_text(&self) -> String {
        format!("{}|{}|{}", self.location, self.kode_register, self.name)
    }
}

/// Digits of a tag code: a 128-bit value in decimal (at most 39 digits),
/// zero-padded to an even count.
pub const TAG_DIGITS: usize = 40;

/// The tag code of an asset id; none for an id that is not a UUID.
pub fn tag_code(asset_id: &str) -> Option<String> {
    let id = Uuid::parse_str(asset_id.trim()).ok()?;
    Some(format!("{:0width$}", id.as_u128(), width = TAG_DIGITS))
}

/// The asset id a scanned tag code names (lower-case, hyphenated, as the
/// app stores ids); none for anything that is not a tag code.
pub fn asset_id_of(code: &str) -> Option<String> {
    let code = code.trim();
    if code.len() != TAG_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u128 = code.parse().ok()?;
    Some(Uuid::from_u128(value).hyphenated().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_code_is_40_digits_and_reads_back_to_its_asset() {
        let id = "01936f4e-8c2a-7b3d-9e4f-0a1b2c3d4e5f";
        let code = tag_code(id).expect("a uuid");
        assert_eq!(code.len(), TAG_DIGITS);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(asset_id_of(&code).as_deref(), Some(id));
        assert_eq!(
            asset_id_of(&format!(" {code}\n")).as_deref(),
            Some(id),
            "a scanner's trailing Enter is ignored"
        );
        let upper = tag_code(&id.to_uppercase()).expect("upper case");
        assert_eq!(upper, code, "one asset, one code");
    }

    #[test]
    fn small_ids_are_padded_and_other_codes_are_not_tags() {
        let zero = tag_code("00000000-0000-0000-0000-000000000001").expect("uuid");
        assert_eq!(zero, format!("{:0>40}", 1));
        assert_eq!(tag_code("K0001"), None);
        for not_a_tag in [
            "",
            "SN-12345",
            "1.3.2.10.01.02.002.0001",
            "340282366920938463463374607431768211455",
            "00340282366920938463463374607431768211455",
            "9999999999999999999999999999999999999999",
            "034028236692093846346337460743176821145a",
        ] {
            assert_eq!(asset_id_of(not_a_tag), None, "{not_a_tag}");
        }
        // 2^128 fits 40 digits but no UUID.
        assert_eq!(
            asset_id_of("0340282366920938463463374607431768211456"),
            None
        );
    }
}
