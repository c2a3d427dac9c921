//! Errors of the domain and the one serializable error that crosses to the UI.
//!
//! Validation produces [`FieldError`]s: a field name, a stable code and an
//! Indonesian message. Every layer above converts its own errors into
//! [`ApiError`], which has a stable [`ErrorCode`] the UI can switch on (and
//! translate) and a message a person can act on.

use serde::{Deserialize, Serialize};
use specta::Type;

/// One invalid field of a form or an imported row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldError {
    /// The field's name as the record spells it (`holder_nip`, `mac`, ...).
    pub field: String,
    /// A stable machine code (`nip.length`, `mac.format`, ...).
    pub code: String,
    /// What is wrong and how to fix it, in Bahasa Indonesia.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// All the problems found in one input; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Turns a closure's single-field result into an entry of this list.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }
    pub fn into_result<T>(self, ok: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(self)
        }
    }
}

/// Stable error codes shown to the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Some fields are invalid; see `fields`.
    Validation,
    /// The record asked for does not exist.
    NotFound,
    /// The replica has not been set up yet (first run).
    NotConfigured,
    /// A file given for import could not be read or is not KIB B.
    Import,
    /// The local database failed (disk full, locked, corrupted).
    Storage,
    /// Syncing with the data center (or a USB bundle) failed: not enrolled,
    /// unreachable, refused, or a damaged message or bundle.
    Sync,
    /// This device may not change that data (e.g. an OPD device and the
    /// regency document).
    Forbidden,
    /// Sign-in failed (wrong PIN, locked) or is needed first.
    SignIn,
    /// Anything else; the log has the details.
    Internal,
}

/// The one error type that crosses from Rust to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// What happened and what to do, in Bahasa Indonesia.
    pub message: String,
    /// Per-field problems when `code` is `validation`.
    pub fields: Vec<FieldError>,
    /// Per-row problems when `code` is `import`.
    pub rows: Vec<crate::kib::RowError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            rows: Vec::new(),
        }
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} tidak ditemukan."))
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(v: ValidationErrors) -> Self {
        let message = match v.0.as_slice() {
            [one] => one.message.clone(),
            _ => format!("{} kolom perlu diperbaiki sebelum disimpan.", v.0.len()),
        };
        Self {
            code: ErrorCode::Validation,
            message,
            fields: v.0,
            rows: Vec::new(),
        }
    }
}
