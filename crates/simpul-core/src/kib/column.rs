//! The columns of a KIB B file: the 16 of the official card, then the ICT
//! fields Simpul adds after them. One table holds each column's header as
//! written by an export, the asset field it fills, and the other spellings
//! an import accepts.
//!
//! Long because it is a table: one entry per KIB B and ICT column with its
//! accepted spellings.

/// A column an import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    No,
    KodeBarang,
    Nama,
    Register,
    Merk,
    Ukuran,
    Bahan,
    Tahun,
    Pabrik,
    Rangka,
    Mesin,
    Polisi,
    Bpkb,
    AsalUsul,
    Harga,
    /// "Harga (Rp 000)": thousands of rupiah.
    HargaRibu,
    Keterangan,
    Kondisi,
    Ruangan,
    Pemegang,
    Nip,
    Mac,
    Hostname,
    Ip,
    Cpu,
    Ram,
    Storage,
    Os,
    Status,
    AlasanHapus,
    KodeLama,
    Id,
    /// Known and not needed by Simpul (kode lokasi per row, quantity).
    Ignored,
}

/// One column: its export header, the asset field it fills (empty when
/// none), and its other spellings, lower case letters and digits only.
struct Spec {
    column: Column,
    header: &'static str,
    field: &'static str,
    aliases: &'static [&'static str],
}

const SPECS: &[Spec] = &[
    Spec {
        column: Column::No,
        header: "No",
        field: "",
        aliases: &["no", "nourut", "nomorurut"],
    },
    Spec {
        column: Column::KodeBarang,
        header: "Kode Barang",
        field: "kode_barang",
        aliases: &[
            "kodebarang",
            "kode",
            "kodebrg",
            "kdbarang",
            "kodeaset",
            "kodebarang108",
        ],
    },
    Spec {
        column: Column::Nama,
        header: "Nama/Jenis Barang",
        field: "nama",
        aliases: &[
            "namajenisbarang",
            "namabarang",
            "jenisbarang",
            "jenisnamabarang",
            "nama",
            "namaaset",
            "uraian",
            "uraianbarang",
            "namabarangjenisbarang",
        ],
    },
    Spec {
        column: Column::Register,
        header: "Nomor Register",
        field: "nomor_register",
        aliases: &[
            "nomorregister",
            "noregister",
            "register",
            "noreg",
            "reg",
            "nomorreg",
            "noregistrasi",
        ],
    },
    Spec {
        column: Column::Merk,
        header: "Merk/Type",
        field: "merk_type",
        aliases: &[
            "merktype",
            "merk",
            "merktipe",
            "type",
            "tipe",
            "merek",
            "merektipe",
            "merektype",
        ],
    },
    Spec {
        column: Column::Ukuran,
        header: "Ukuran/CC",
        field: "ukuran",
        aliases: &["ukurancc", "ukuran", "cc"],
    },
    Spec {
        column: Column::Bahan,
        header: "Bahan",
        field: "bahan",
        aliases: &["bahan"],
    },
    Spec {
        column: Column::Tahun,
        header: "Tahun Pembelian",
        field: "tahun",
        aliases: &[
            "tahunpembelian",
            "tahun",
            "tahunperolehan",
            "thnpembelian",
            "tahunpengadaan",
            "thn",
            "thnperolehan",
        ],
    },
    Spec {
        column: Column::Pabrik,
        header: "Nomor Pabrik",
        field: "nomor_pabrik",
        aliases: &[
            "nomorpabrik",
            "nopabrik",
            "pabrik",
            "serial",
            "nomorseri",
            "noseri",
            "serialnumber",
            "sn",
        ],
    },
    Spec {
        column: Column::Rangka,
        header: "Nomor Rangka",
        field: "nomor_rangka",
        aliases: &["nomorrangka", "norangka", "rangka"],
    },
    Spec {
        column: Column::Mesin,
        header: "Nomor Mesin",
        field: "nomor_mesin",
        aliases: &["nomormesin", "nomesin", "mesin"],
    },
    Spec {
        column: Column::Polisi,
        header: "Nomor Polisi",
        field: "nomor_polisi",
        aliases: &["nomorpolisi", "nopolisi", "polisi", "nopol"],
    },
    Spec {
        column: Column::Bpkb,
        header: "Nomor BPKB",
        field: "nomor_bpkb",
        aliases: &["nomorbpkb", "nobpkb", "bpkb"],
    },
    Spec {
        column: Column::AsalUsul,
        header: "Asal Usul/Cara Perolehan",
        field: "asal_usul",
        aliases: &[
            "asalusulcaraperolehan",
            "asalusul",
            "caraperolehan",
            "asalusulperolehan",
            "asalusulbarang",
        ],
    },
    Spec {
        column: Column::Harga,
        header: "Harga (Rp)",
        field: "harga",
        aliases: &[
            "harga",
            "hargarp",
            "nilai",
            "nilairp",
            "hargasatuan",
            "hargaperolehan",
            "hargaperolehanrp",
            "nilaiperolehan",
            "nilaiperolehanrp",
            "hargarupiah",
        ],
    },
    Spec {
        column: Column::HargaRibu,
        header: "Harga (Rp 000)",
        field: "harga",
        aliases: &[
            "hargarp000",
            "hargaribuanrp",
            "hargaribu",
            "hargarpribu",
            "hargaribuan",
            "hargadalamribuan",
            "hargadalamriburupiah",
            "nilairp000",
        ],
    },
    Spec {
        column: Column::Keterangan,
        header: "Keterangan",
        field: "keterangan",
        aliases: &["keterangan", "ket"],
    },
    Spec {
        column: Column::Kondisi,
        header: "Kondisi",
        field: "condition",
        aliases: &["kondisi", "kondisibarang", "keadaanbarang", "keadaan"],
    },
    Spec {
        column: Column::Ruangan,
        header: "Ruangan",
        field: "room_id",
        aliases: &[
            "ruangan",
            "ruang",
            "lokasi",
            "koderuangan",
            "lokasiruangan",
            "namaruangan",
        ],
    },
    Spec {
        column: Column::Pemegang,
        header: "Pemegang",
        field: "holder_name",
        aliases: &[
            "pemegang",
            "namapemegang",
            "pengguna",
            "pemakai",
            "namapengguna",
        ],
    },
    Spec {
        column: Column::Nip,
        header: "NIP Pemegang",
        field: "holder_nip",
        aliases: &["nippemegang", "nip", "nippengguna"],
    },
    Spec {
        column: Column::Mac,
        header: "Alamat MAC",
        field: "mac",
        aliases: &["alamatmac", "mac", "macaddress"],
    },
    Spec {
        column: Column::Hostname,
        header: "Hostname",
        field: "hostname",
        aliases: &["hostname", "namahost"],
    },
    Spec {
        column: Column::Ip,
        header: "Alamat IP",
        field: "ip",
        aliases: &["alamatip", "ip", "ipaddress"],
    },
    Spec {
        column: Column::Cpu,
        header: "CPU",
        field: "cpu",
        aliases: &["cpu", "prosesor", "processor"],
    },
    Spec {
        column: Column::Ram,
        header: "RAM",
        field: "ram",
        aliases: &["ram", "memori", "memory"],
    },
    Spec {
        column: Column::Storage,
        header: "Penyimpanan",
        field: "storage",
        aliases: &["penyimpanan", "storage", "mediapenyimpanan"],
    },
    Spec {
        column: Column::Os,
        header: "Sistem Operasi",
        field: "os",
        aliases: &["sistemoperasi", "os", "operatingsystem"],
    },
    Spec {
        column: Column::Status,
        header: "Status",
        field: "lifecycle",
        aliases: &["status", "statusaset", "statusbarang"],
    },
    Spec {
        column: Column::AlasanHapus,
        header: "Alasan Penghapusan",
        field: "disposal_reason",
        aliases: &["alasanpenghapusan", "alasanhapus"],
    },
    Spec {
        column: Column::KodeLama,
        header: "Kode Barang Lama",
        field: "kode_barang_lama",
        aliases: &["kodebaranglama", "kodelama"],
    },
    Spec {
        column: Column::Id,
        header: "ID Simpul",
        field: "id",
        aliases: &["idsimpul", "id"],
    },
    Spec {
        column: Column::Ignored,
        header: "",
        field: "",
        aliases: &[
            "kodelokasi",
            "jumlah",
            "jumlahbarang",
            "satuan",
            "kodeupb",
            "namaupb",
        ],
    },
];

/// The 16 KIB B columns, in order.
pub const KIB_B_COLUMNS: [Column; 16] = [
    Column::No,
    Column::KodeBarang,
    Column::Nama,
    Column::Register,
    Column::Merk,
    Column::Ukuran,
    Column::Bahan,
    Column::Tahun,
    Column::Pabrik,
    Column::Rangka,
    Column::Mesin,
    Column::Polisi,
    Column::Bpkb,
    Column::AsalUsul,
    Column::Harga,
    Column::Keterangan,
];

/// The ICT columns an export writes after the 16, in order.
pub const ICT_COLUMNS: [Column; 15] = [
    Column::Kondisi,
    Column::Ruangan,
    Column::Pemegang,
    Column::Nip,
    Column::Mac,
    Column::Hostname,
    Column::Ip,
    Column::Cpu,
    Column::Ram,
    Column::Storage,
    Column::Os,
    Column::Status,
    Column::AlasanHapus,
    Column::KodeLama,
    Column::Id,
];

/// Letters and digits of a header, lower case ("Harga (Rp 000)" -> "hargarp000").
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn spec(c: Column) -> &'static Spec {
    SPECS
        .iter()
        .find(|s| s.column == c)
        .unwrap_or(&SPECS[SPECS.len() - 1])
}

impl Column {
    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = normalize(header);
        if h.is_empty() {
            return None;
        }
        if let Some(s) = SPECS.iter().find(|s| s.aliases.contains(&h.as_str())) {
            return Some(s.column);
        }
        // Spellings too many to list: "Harga Perolehan (Rp.000,-)", "Kondisi (B/KB/RB)".
        let money = h.starts_with("harga") || h.starts_with("nilai");
        if money && (h.contains("ribu") || h.ends_with("000")) {
            return Some(Column::HargaRibu);
        }
        if money {
            return Some(Column::Harga);
        }
        if h.starts_with("kondisi") {
            return Some(Column::Kondisi);
        }
        None
    }

    /// The header an export writes.
    pub fn header(self) -> &'static str {
        spec(self).header
    }

    /// The asset field the column fills (`""` for none).
    pub fn field(self) -> &'static str {
        spec(self).field
    }

    /// The columns that fill an asset field ("harga": Harga, HargaRibu).
    pub fn of_field(field: &str) -> impl Iterator<Item = Column> + '_ {
        SPECS
            .iter()
            .filter(move |s| s.field == field && !field.is_empty())
            .map(|s| s.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_files_write_them() {
        assert_eq!(
            Column::from_header("Nama / Jenis Barang"),
            Some(Column::Nama)
        );
        assert_eq!(
            Column::from_header("Harga (Rp 000)"),
            Some(Column::HargaRibu)
        );
        assert_eq!(
            Column::from_header("Harga Perolehan (Rp.000,-)"),
            Some(Column::HargaRibu)
        );
        assert_eq!(
            Column::from_header("Harga Perolehan (Rp)"),
            Some(Column::Harga)
        );
        assert_eq!(
            Column::from_header("Kondisi (B, KB, RB)"),
            Some(Column::Kondisi)
        );
        assert_eq!(Column::from_header("Warna"), None);
    }

    #[test]
    fn every_export_header_reads_back_as_its_column() {
        for c in KIB_B_COLUMNS.iter().chain(ICT_COLUMNS.iter()) {
            assert_eq!(Column::from_header(c.header()), Some(*c), "{}", c.header());
        }
    }
}
