//! Why the hub refused a request; nothing of a refused request is applied.

/// A refusal, with a message the device can show as it is (Indonesian).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("versi aplikasi tidak cocok dengan server (aplikasi {client}, server {server}); perbarui Simpul")]
    Protocol { client: u32, server: u32 },
    #[error("perangkat tidak terdaftar di server; daftarkan ulang dengan kode pendaftaran")]
    UnknownDevice,
    #[error("perangkat ini telah dicabut oleh Diskominfo")]
    Revoked,
    #[error("dokumen {0} di luar wewenang perangkat ini")]
    OutOfScope(String),
    #[error(
        "dokumen {0} hanya boleh diubah oleh Diskominfo; perubahan dari perangkat ini ditolak"
    )]
    ReadOnly(String),
    #[error("dokumen {doc} berisi perubahan dari perangkat yang tidak berhak ({actor})")]
    ForeignActor { doc: String, actor: String },
    #[error("pesan untuk dokumen {doc} rusak: {reason}")]
    BadMessage { doc: String, reason: String },
    #[error("permintaan melampaui batas server: {what} paling banyak {limit}")]
    Limit { what: String, limit: String },
    #[error("dokumen {doc} berisi perubahan tanpa tanda tangan sah dari perangkat penulisnya ({actor}); data ditolak")]
    Unsigned { doc: String, actor: String },
    #[error("tanda tangan perubahan di dokumen {doc} tidak sah ({actor}); data mungkin telah diubah, ditolak")]
    BadSignature { doc: String, actor: String },
    #[error("kunci tanda tangan perangkat ini berbeda dengan yang terdaftar di server; hubungi Diskominfo")]
    KeyMismatch,
    #[error("sertifikat {0} tidak sah (tidak ditandatangani perangkat yang disebutnya); ditolak")]
    BadCertificate(String),
    /// The data center could not read its own storage (logged there).
    #[error("server sedang tidak dapat membaca datanya; coba lagi nanti")]
    Unavailable,
}
