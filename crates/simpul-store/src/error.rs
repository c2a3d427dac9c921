//! Store errors, and their translation into the UI's [`ApiError`].

use simpul_core::schema::SchemaError;
use simpul_core::{ApiError, ErrorCode, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    #[error("{0} tidak ditemukan")]
    NotFound(&'static str),
    #[error("replika belum disiapkan (pilih kabupaten dan OPD dulu)")]
    NotConfigured,
    #[error("basis data: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("dokumen {doc}: {source}")]
    Document {
        doc: String,
        source: Box<SchemaError>,
    },
    #[error("automerge: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    #[error("data rekaman rusak: {0}")]
    Json(#[from] serde_json::Error),
    /// A sync or bundle step needs the data center's link.
    #[error("perangkat ini belum terdaftar di pusat data")]
    NotEnrolled,
    /// The data center's message could not be applied.
    #[error("sinkronisasi: {0}")]
    Peer(#[from] simpul_sync::ClientError),
    /// A bundle that is damaged, altered, or for another device.
    #[error("{0}")]
    Bundle(#[from] simpul_sync::bundle::BundleError),
    #[error("bundel ini bukan untuk perangkat ini")]
    BundleNotForThisDevice,
    #[error("id dokumen tidak dikenal: {0}")]
    UnknownDocument(String),
    /// The replica is held by a thread that failed; restart the app.
    #[error("replika tidak dapat dipakai setelah galat internal")]
    Poisoned,
    #[error("{0}")]
    Forbidden(String),
    /// The stored signing key of the device cannot be read.
    #[error("kunci tanda tangan perangkat rusak")]
    BadKey,
    /// Hashing a PIN or sealing a key failed.
    #[error("kriptografi gagal: {0}")]
    Crypto(String),
    #[error("PIN salah; tinggal {left} kali coba sebelum dikunci")]
    WrongPin { left: u32 },
    #[error("terlalu banyak PIN salah; coba lagi dalam {minutes} menit")]
    PinLocked { minutes: i64 },
    /// A change from the data center whose signature does not hold.
    #[error("perubahan dari perangkat {actor} di dokumen {doc} ditolak: {reason}; tidak ada yang disimpan, hubungi Diskominfo")]
    UntrustedChange {
        doc: String,
        actor: String,
        reason: simpul_sync::signature::SignatureError,
    },
    /// The data center sent another key for a device already known here.
    #[error("kunci perangkat {actor} berbeda dengan yang tercatat di sini; sinkronisasi ditolak, hubungi Diskominfo")]
    KeyChanged { actor: String },
    #[error(
        "berkas pendaftaran ini sudah kedaluwarsa ({expires_at}); minta berkas baru ke Diskominfo"
    )]
    EnrollFileExpired { expires_at: String },
    #[error("berkas pendaftaran ini untuk OPD {file}, sedangkan perangkat ini milik {device}")]
    EnrollFileForOtherOpd { file: String, device: String },
    /// A bundle from the data center, but its key is not known yet.
    #[error("kunci pusat data belum diketahui perangkat ini; sinkronkan sekali lewat jaringan atau daftar ulang, lalu baca bundel lagi")]
    NoServerKey,
    /// The app asks who is working before any change.
    #[error("masuk dulu dengan NIP dan PIN")]
    SignInRequired,
    /// A backup file that cannot be used (not a backup, damaged, of the
    /// data center).
    #[error("{0}")]
    Backup(#[from] simpul_sync::backup_file::BackupFileError),
    #[error("cadangan ini dibuat oleh versi Simpul yang lebih baru; perbarui Simpul dulu")]
    BackupNewer,
    #[error("replika {0} sudah berisi data; pulihkan ke berkas lain atau pakai --force (yang lama disimpan sebagai .sebelum-pulih)")]
    ReplicaExists(String),
    /// The operating system gave no randomness for a new key.
    #[error("sumber bilangan acak sistem tidak tersedia: {0}")]
    Randomness(String),
}

impl StoreError {
    pub(crate) fn doc(doc: &impl ToString) -> impl FnOnce(SchemaError) -> StoreError + '_ {
        move |source| StoreError::Document {
            doc: doc.to_string(),
            source: Box::new(source),
        }
    }
}

/// A message with its first letter upper-cased.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl From<automerge::AutomergeError> for StoreError {
    fn from(e: automerge::AutomergeError) -> Self {
        StoreError::Automerge(Box::new(e))
    }
}

impl From<StoreError> for ApiError {
    /// Logs the real error and hands the UI a clean one.
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Validation(v) => v.into(),
            StoreError::NotFound(what) => ApiError::not_found(what),
            e @ (StoreError::NotEnrolled
            | StoreError::Peer(_)
            | StoreError::Bundle(_)
            | StoreError::BundleNotForThisDevice
            | StoreError::UntrustedChange { .. }
            | StoreError::KeyChanged { .. }
            | StoreError::NoServerKey
            | StoreError::EnrollFileExpired { .. }
            | StoreError::EnrollFileForOtherOpd { .. }
            | StoreError::UnknownDocument(_)) => ApiError::new(ErrorCode::Sync, format!("{e}.")),
            e
            @ (StoreError::Backup(_) | StoreError::BackupNewer | StoreError::ReplicaExists(_)) => {
                ApiError::new(ErrorCode::Import, capitalized(&format!("{e}.")))
            }
            StoreError::Poisoned => ApiError::new(
                ErrorCode::Internal,
                "Terjadi galat internal; mulai ulang Simpul.",
            ),
            StoreError::Forbidden(message) => ApiError::new(ErrorCode::Forbidden, message),
            e @ (StoreError::WrongPin { .. }
            | StoreError::PinLocked { .. }
            | StoreError::SignInRequired) => {
                ApiError::new(ErrorCode::SignIn, capitalized(&format!("{e}.")))
            }
            StoreError::NotConfigured => ApiError::new(
                ErrorCode::NotConfigured,
                "Simpul belum disiapkan: pilih kabupaten, OPD dan nama perangkat dulu.",
            ),
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::new(
                    ErrorCode::Storage,
                    "Penyimpanan lokal gagal; perubahan tidak disimpan. Periksa ruang disk lalu coba lagi.",
                )
            }
        }
    }
}
