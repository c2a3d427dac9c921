//! A server store whose writes can be made to fail, as a full disk would.

use simpul_core::DocId;
use simpul_server::{
    AuditFilter, AuditRow, DeviceRow, Enrolled, HubStore, RoundWrite, StorageError, StoreResult,
    StoredDocs,
};
use simpul_sync::signature::ChangeSignature;
use simpul_sync::{Device, Scope};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct FailingStore {
    pub inner: Box<dyn HubStore>,
    pub fail: Arc<AtomicBool>,
}

fn disk_full() -> StorageError {
    StorageError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
        Some("database or disk is full".into()),
    ))
}

impl FailingStore {
    fn check(&self) -> StoreResult<()> {
        if self.fail.load(Ordering::SeqCst) {
            Err(disk_full())
        } else {
            Ok(())
        }
    }
}

impl HubStore for FailingStore {
    fn load_document(&self, id: &DocId) -> StoreResult<Option<simpul_server::StoredDoc>> {
        self.inner.load_document(id)
    }
    fn doc_ids(&self) -> StoreResult<(Vec<DocId>, i64)> {
        self.inner.doc_ids()
    }
    /// Readers of the same database, which read as a full disk allows.
    fn reopen(&self) -> StoreResult<Box<dyn HubStore>> {
        self.inner.reopen()
    }
    fn documents(&self) -> StoreResult<StoredDocs> {
        self.inner.documents()
    }
    fn chunks_after(&self, w: i64) -> StoreResult<Vec<(i64, DocId, Vec<u8>)>> {
        self.inner.chunks_after(w)
    }
    fn sync_states(&self) -> StoreResult<Vec<(String, DocId, Vec<u8>)>> {
        self.inner.sync_states()
    }
    fn sync_states_of(&self, device: &str) -> StoreResult<Vec<(DocId, Vec<u8>)>> {
        self.inner.sync_states_of(device)
    }
    fn commit_round(&mut self, round: &RoundWrite<'_>, watermark: i64) -> StoreResult<i64> {
        self.check()?;
        self.inner.commit_round(round, watermark)
    }
    fn signatures(&self) -> StoreResult<Vec<ChangeSignature>> {
        self.inner.signatures()
    }
    fn document(&self, id: &simpul_core::DocId) -> StoreResult<Option<Vec<u8>>> {
        self.inner.document(id)
    }
    fn touch_device(&mut self, device_id: &str, at: &str) -> StoreResult<()> {
        self.inner.touch_device(device_id, at)
    }
    fn certificates(&self) -> StoreResult<Vec<simpul_sync::certificate::PersonCertificate>> {
        self.inner.certificates()
    }
    fn audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
        self.inner.audit(f)
    }
    fn probe_write(&mut self) -> StoreResult<()> {
        self.check()?;
        self.inner.probe_write()
    }
    fn changed_elsewhere(&mut self) -> StoreResult<bool> {
        self.inner.changed_elsewhere()
    }
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    fn slots(&self) -> StoreResult<Box<dyn simpul_server::SlotStore>> {
        self.inner.slots()
    }
    fn record_backup(&mut self, at: &str, file: &str, bytes: u64, sha: &str) -> StoreResult<()> {
        self.check()?;
        self.inner.record_backup(at, file, bytes, sha)
    }
    fn last_backup(&self) -> StoreResult<Option<String>> {
        self.inner.last_backup()
    }
    fn size_bytes(&self) -> StoreResult<u64> {
        self.inner.size_bytes()
    }
    fn add_opd(&mut self, code: &str, name: &str) -> StoreResult<()> {
        self.inner.add_opd(code, name)
    }
    fn opds(&self) -> StoreResult<Vec<(String, String)>> {
        self.inner.opds()
    }
    fn opd_exists(&self, code: &str) -> StoreResult<bool> {
        self.inner.opd_exists(code)
    }
    fn add_code(&mut self, h: &str, scope: &Scope, exp: &str) -> StoreResult<()> {
        self.inner.add_code(h, scope, exp)
    }
    fn enroll(
        &mut self,
        code_hash: &str,
        now: &str,
        name: &str,
        token_hash: &str,
        device: &dyn Fn(Scope) -> Device,
    ) -> StoreResult<Enrolled> {
        self.inner.enroll(code_hash, now, name, token_hash, device)
    }
    fn add_upload_token(&mut self, h: &str, exp: &str) -> StoreResult<()> {
        self.inner.add_upload_token(h, exp)
    }
    fn upload_token_valid(&self, h: &str, now: &str) -> StoreResult<bool> {
        self.inner.upload_token_valid(h, now)
    }
    fn device_by_token(&self, h: &str) -> StoreResult<Option<Device>> {
        self.inner.device_by_token(h)
    }
    fn devices(&self) -> StoreResult<Vec<DeviceRow>> {
        self.inner.devices()
    }
    fn device_key(&self, id: &str) -> StoreResult<Option<(Device, String)>> {
        self.inner.device_key(id)
    }
    fn revoke(&mut self, id: &str) -> StoreResult<bool> {
        self.inner.revoke(id)
    }
}
