//! The operations that read or write a file of the machine (KIB B import
//! and export, reports, room cards, labels, tags, stock-take and handover
//! documents), in the browser. The desktop passes them a path from its
//! open or save dialog; in the browser:
//! * a file the person chooses is uploaded first (`POST
//!   /api/v1/console/upload?name=<file name>`) and the operation gets the
//!   path `upload:<id>/<file name>`;
//! * an operation that writes gets the path `download:<file name>`: it
//!   writes into the console's own temporary folder, its answer names the
//!   file instead of the server's path, and the header `x-simpul-download`
//!   gives `GET /api/v1/console/download/<id>`, which hands the file over
//!   once.
//!
//! Both belong to the session that made them and are deleted after an
//! hour at the latest. The operations are called as the signed-in person,
//! with the access class of [`FILE_OPERATIONS`].

use crate::api::{refuse, Refusal};
use crate::sessions::Session;
use crate::Console;
use serde::de::DeserializeOwned;
use serde_json::Value;
use simpul_core::staff::Access;
use simpul_core::{ApiError, ErrorCode};
use simpul_service::Service;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// An uploaded file may be this large (a KIB B of 300,000 rows as XLSX is
/// about 40 MB).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;
/// Minutes an uploaded or written file is kept for its session.
const KEEP_MINUTES: i64 = 60;

/// Runs a file operation on `path` with the call's other arguments.
type Run = fn(&Service, &Path, &Value) -> Result<Value, ApiError>;

/// An operation on a file, in the console.
#[derive(Debug)]
pub struct FileOperation {
    pub name: &'static str,
    pub access: Access,
    /// It reads an uploaded file (else it writes one to download).
    pub reads: bool,
    run: Run,
}

/// The argument `name` (as the bindings send it, camelCase) of a call.
fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, ApiError> {
    serde_json::from_value(args.get(name).cloned().unwrap_or(Value::Null)).map_err(|e| {
        ApiError::new(
            ErrorCode::Validation,
            format!("Argumen {name} tidak sah: {e}."),
        )
    })
}

fn json<T: serde::Serialize>(v: T) -> Result<Value, ApiError> {
    serde_json::to_value(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Jawaban tidak terbaca: {e}.")))
}

/// Every operation on a file the console offers, with its access class.
pub const FILE_OPERATIONS: &[FileOperation] = &[
    FileOperation {
        name: "kib_preview",
        access: Access::Read,
        reads: true,
        run: |s, p, _| json(s.kib_preview(p)?),
    },
    FileOperation {
        name: "kib_import",
        access: Access::Write,
        reads: true,
        run: |s, p, _| json(s.kib_import(p, &mut |_, _| {})?),
    },
    FileOperation {
        name: "kib_export",
        access: Access::Write,
        reads: false,
        run: |s, p, a| json(s.kib_export(p, &arg::<Vec<_>>(a, "units")?, &mut |_, _| {})?),
    },
    FileOperation {
        name: "report_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| json(s.report_save(p, &arg(a, "input")?, &mut |_, _| {})?),
    },
    FileOperation {
        name: "kir_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| json(s.kir_save(p, &arg(a, "input")?)?),
    },
    FileOperation {
        name: "labels_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| json(s.labels_save(&arg(a, "selection")?, arg(a, "format")?, Some(p))?),
    },
    FileOperation {
        name: "tags_save",
        access: Access::Write,
        reads: false,
        run: |s, p, a| json(s.tags_save(&arg(a, "selection")?, arg(a, "format")?, Some(p))?),
    },
    FileOperation {
        name: "stocktake_report_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| {
            json(s.stocktake_report_save(
                p,
                &arg::<String>(a, "id")?,
                &arg::<String>(a, "place")?,
            )?)
        },
    },
    FileOperation {
        name: "overdue_list_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| json(s.overdue_list_save(p, &arg(a, "signer")?)?),
    },
    FileOperation {
        name: "bast_save",
        access: Access::Read,
        reads: false,
        run: |s, p, a| {
            json(s.bast_save(p, &arg::<String>(a, "id")?, &arg::<String>(a, "place")?)?)
        },
    },
];

/// The file operation called `name`, if there is one.
pub fn file_operation(name: &str) -> Option<&'static FileOperation> {
    FILE_OPERATIONS.iter().find(|o| o.name == name)
}

/// A file kept for a session: uploaded, or written to be downloaded.
#[derive(Debug)]
struct Kept {
    /// The CSRF token of the session that owns it.
    owner: String,
    path: PathBuf,
    uploaded: bool,
    at_ms: i64,
}

/// The console's temporary files.
#[derive(Debug, Default)]
pub struct FileStore {
    root: Mutex<Option<tempfile::TempDir>>,
    kept: Mutex<HashMap<String, Kept>>,
}

/// A file name as the browser gave it, reduced to letters, digits and
/// `.-_ ` (no folder, no hidden file), or None when nothing is left.
pub fn safe_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

fn storage(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "console temporary file");
    ApiError::new(
        ErrorCode::Storage,
        "Berkas sementara di server tidak dapat dibuat; coba lagi.",
    )
}

impl FileStore {
    /// A new empty folder for one file, with its id.
    fn folder(&self) -> Result<(String, PathBuf), ApiError> {
        let mut root = self.root.lock().unwrap_or_else(|p| p.into_inner());
        if root.is_none() {
            *root = Some(
                tempfile::Builder::new()
                    .prefix("simpul-konsol-")
                    .tempdir()
                    .map_err(storage)?,
            );
        }
        let id = crate::sessions::token().map_err(storage)?;
        let dir = root
            .as_ref()
            .map(|r| r.path().join(&id))
            .ok_or_else(|| storage("no folder"))?;
        std::fs::create_dir(&dir).map_err(storage)?;
        Ok((id, dir))
    }

    /// Deletes what is older than [`KEEP_MINUTES`].
    fn sweep(&self, now_ms: i64) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|_, k| {
            let keep = now_ms - k.at_ms < KEEP_MINUTES * 60_000;
            if !keep {
                remove(&k.path);
            }
            keep
        });
    }

    fn keep(&self, id: String, kept: Kept) {
        self.sweep(kept.at_ms);
        self.kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, kept);
    }

    /// Stores an uploaded file; returns the path an operation reads it by
    /// (`upload:<id>/<name>`: the name only to show it).
    pub fn upload(
        &self,
        owner: &str,
        name: &str,
        bytes: &[u8],
        now_ms: i64,
    ) -> Result<String, ApiError> {
        let name = safe_name(name).ok_or_else(|| {
            ApiError::new(
                ErrorCode::Validation,
                "Nama berkas yang diunggah tidak sah.",
            )
        })?;
        let (id, dir) = self.folder()?;
        let path = dir.join(&name);
        std::fs::write(&path, bytes).map_err(storage)?;
        self.keep(
            id.clone(),
            Kept {
                owner: owner.to_owned(),
                path,
                uploaded: true,
                at_ms: now_ms,
            },
        );
        Ok(format!("upload:{id}/{name}"))
    }

    /// The uploaded file of `owner` named by `upload:<id>[/<name>]`.
    fn uploaded(&self, owner: &str, path: &str) -> Result<PathBuf, ApiError> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        path.strip_prefix("upload:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|id| kept.get(id))
            .filter(|k| k.uploaded && k.owner == owner)
            .map(|k| k.path.clone())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Validation,
                    "Berkas yang diunggah tidak ditemukan (kedaluwarsa?); pilih berkasnya lagi.",
                )
            })
    }

    /// Takes a written file of `owner` out of the store: its name and bytes.
    pub fn download(&self, owner: &str, id: &str) -> Option<(String, Vec<u8>)> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let k = kept.get(id).filter(|k| !k.uploaded && k.owner == owner)?;
        let name = k.path.file_name()?.to_string_lossy().into_owned();
        let bytes = std::fs::read(&k.path).ok();
        let k = kept.remove(id)?;
        remove(&k.path);
        Some((name, bytes?))
    }
}

/// Removes a kept file's folder.
fn remove(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// What a file operation answered: its JSON, and the id of the file to
/// download when it wrote one.
#[derive(Debug)]
pub struct FileAnswer {
    pub json: Value,
    pub download: Option<String>,
}

/// Replaces the server's path in an answer by the file's name.
fn hide_path(v: &mut Value, name: &str) {
    if let Some(p) = v.get_mut("path") {
        *p = Value::String(name.to_owned());
    }
}

impl Console {
    /// Runs the file operation `op` as the session's person.
    pub(crate) async fn run_file_operation(
        &self,
        session: Session,
        op: &'static FileOperation,
        args: Value,
    ) -> Result<FileAnswer, Refusal> {
        let given = args.get("path").and_then(Value::as_str).unwrap_or_default();
        let owner = session.csrf.clone();
        let files = self.files();
        let (path, download) = if op.reads {
            (files.uploaded(&owner, given).map_err(Refusal)?, None)
        } else {
            let name = given
                .strip_prefix("download:")
                .and_then(safe_name)
                .ok_or_else(|| {
                    refuse(
                        ErrorCode::Validation,
                        "Nama berkas yang disimpan tidak sah.",
                    )
                })?;
            let (id, dir) = files.folder().map_err(Refusal)?;
            (dir.join(&name), Some((id, name)))
        };
        let svc = self.service().clone();
        let run = op.run;
        let at = path.clone();
        let answer = tokio::task::spawn_blocking(move || {
            svc.acting_as(&session.signer, |svc| run(svc, &at, &args))
        })
        .await
        .map_err(|_| refuse(ErrorCode::Internal, "Pekerjaan terhenti; coba lagi."))?;
        let mut json = match answer {
            Ok(j) => j,
            Err(e) => {
                if download.is_some() {
                    remove(&path);
                }
                return Err(Refusal(e));
            }
        };
        let download = download.map(|(id, name)| {
            hide_path(&mut json, &name);
            files.keep(
                id.clone(),
                Kept {
                    owner,
                    path,
                    uploaded: false,
                    at_ms: self.now_ms(),
                },
            );
            id
        });
        Ok(FileAnswer { json, download })
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn a_browser_file_name_keeps_no_folder_and_no_hidden_prefix() {
        assert_eq!(
            safe_name("KIB B 2026.xlsx").as_deref(),
            Some("KIB B 2026.xlsx")
        );
        assert_eq!(safe_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            safe_name("C:\\Users\\a\\kib.csv").as_deref(),
            Some("kib.csv")
        );
        assert_eq!(safe_name("..bashrc").as_deref(), Some("bashrc"));
        assert_eq!(safe_name("<script>.pdf").as_deref(), Some("script.pdf"));
        assert_eq!(safe_name("../"), None);
    }
}
