//! Server errors and their HTTP answers: a status and `{code, message}`
//! with a message the device can show as it is (Indonesian).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use simpul_sync::api::{code, ErrorBody};
use simpul_sync::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("token perangkat tidak dikenal; daftarkan perangkat ini lagi")]
    Unauthorized,
    #[error("kode pendaftaran tidak berlaku (salah, sudah dipakai, atau kedaluwarsa)")]
    BadCode,
    #[error("permintaan tidak sah: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("basis data server: {0}")]
    Db(#[from] crate::store::StorageError),
    #[error("automerge: {0}")]
    Automerge(String),
    #[error("putaran sinkronisasi ini sedang diproses; tanyakan lagi sebentar")]
    RoundBusy,
    #[error("server sudah menerima {received} bita putaran ini; lanjutkan dari sana")]
    RoundOffset { received: usize },
    #[error("putaran sinkronisasi tidak dikenal server; mulai sesi baru")]
    UnknownRound,
    #[error("sambungan terputus di tengah pengiriman")]
    Cut,
    #[error("actor id ini sudah dipakai perangkat lain; kode pendaftaran tidak terpakai, coba lagi dari perangkat yang benar")]
    ActorTaken,
    #[error(
        "perangkat ini sedang sinkron dari jendela atau perintah lain; coba lagi setelah selesai"
    )]
    DeviceBusy,
    #[error("server sedang penuh ({0}); coba lagi sebentar")]
    Overloaded(String),
    #[error("isi permintaan melampaui batas server: {what} paling banyak {limit} bita")]
    TooLarge { what: &'static str, limit: u64 },
    #[error("pengiriman terlalu lambat: batas {0} detik per permintaan")]
    TooSlow(u64),
    #[error(
        "kredensial unggah bundel tidak berlaku; buat lewat `simpul admin bundle import --server`"
    )]
    UploadUnauthorized,
    #[error("kunci server: {0}")]
    ServerKey(String),
    #[error("server ini belum memiliki kunci untuk menandatangani bundel; jalankan dengan --data agar kuncinya dibuat")]
    NoServerKey,
    #[error("perangkat {0} belum mendaftarkan kuncinya; sinkronkan sekali lewat jaringan, lalu tulis bundel baru")]
    DeviceWithoutKey(String),
}

impl ServerError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ServerError::Unauthorized => (StatusCode::UNAUTHORIZED, code::UNAUTHORIZED),
            ServerError::BadCode => (StatusCode::FORBIDDEN, code::BAD_CODE),
            ServerError::BadRequest(_) => (StatusCode::BAD_REQUEST, code::BAD_REQUEST),
            ServerError::Refused(Refusal::Protocol { .. }) => {
                (StatusCode::UPGRADE_REQUIRED, code::PROTOCOL)
            }
            ServerError::Refused(Refusal::UnknownDevice | Refusal::Revoked) => {
                (StatusCode::UNAUTHORIZED, code::REVOKED)
            }
            ServerError::Refused(Refusal::BadMessage { .. }) => {
                (StatusCode::BAD_REQUEST, code::BAD_MESSAGE)
            }
            ServerError::Refused(Refusal::Limit { .. }) => {
                (StatusCode::PAYLOAD_TOO_LARGE, code::LIMIT)
            }
            // The database could not be read: a failure of the server, retried.
            ServerError::Refused(Refusal::Unavailable) => {
                (StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL)
            }
            ServerError::Refused(_) => (StatusCode::FORBIDDEN, code::FORBIDDEN),
            ServerError::DeviceWithoutKey(_) => (StatusCode::BAD_REQUEST, code::BAD_REQUEST),
            ServerError::Db(_)
            | ServerError::Automerge(_)
            | ServerError::ServerKey(_)
            | ServerError::NoServerKey => (StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL),
            ServerError::RoundBusy => (StatusCode::CONFLICT, code::BUSY),
            ServerError::RoundOffset { .. } => (StatusCode::CONFLICT, code::ROUND_OFFSET),
            ServerError::UnknownRound => (StatusCode::NOT_FOUND, code::UNKNOWN_ROUND),
            ServerError::Cut => (StatusCode::BAD_REQUEST, code::CUT),
            ServerError::ActorTaken => (StatusCode::CONFLICT, code::ACTOR_TAKEN),
            ServerError::DeviceBusy => (StatusCode::CONFLICT, code::DEVICE_BUSY),
            ServerError::Overloaded(_) => (StatusCode::SERVICE_UNAVAILABLE, code::OVERLOADED),
            ServerError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, code::LIMIT),
            ServerError::TooSlow(_) => (StatusCode::REQUEST_TIMEOUT, code::TOO_SLOW),
            ServerError::UploadUnauthorized => (StatusCode::UNAUTHORIZED, code::UNAUTHORIZED),
        }
    }
}

impl ServerError {
    /// The answer a device reads: the code and an Indonesian message (a
    /// failure of the server itself is logged and not described).
    fn answer(&self) -> (StatusCode, ErrorBody) {
        let (status, code) = self.status_and_code();
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "server failure");
            "Server mengalami galat; coba lagi nanti.".to_owned()
        } else {
            tracing::warn!(error = %self, code, "request refused");
            self.to_string()
        };
        (
            status,
            ErrorBody {
                code: code.to_owned(),
                message,
            },
        )
    }

    /// The same answer for a device syncing in process (the console's
    /// replica), as its HTTP client would read it.
    pub fn to_transport(&self) -> simpul_sync::TransportError {
        let (status, body) = self.answer();
        simpul_sync::TransportError::from_answer(status.is_server_error(), body)
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, body) = self.answer();
        (status, axum::Json(body)).into_response()
    }
}
