//! The SQLite schema, versioned with `PRAGMA user_version`.
//!
//! `chunk` holds each document's Automerge bytes (a snapshot followed by
//! incremental changes, in order); everything else is an index rebuilt from
//! the documents and safe to drop.

use rusqlite::Connection;

const V1: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chunk (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE INDEX chunk_doc ON chunk(doc_id, id);
CREATE TABLE room (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  short_code TEXT NOT NULL,
  name TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE TABLE asset (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  opd TEXT NOT NULL,
  kode_barang TEXT NOT NULL,
  category TEXT NOT NULL,
  nama TEXT NOT NULL,
  nomor_register TEXT NOT NULL,
  merk_type TEXT NOT NULL,
  nomor_pabrik TEXT NOT NULL,
  tahun INTEGER,
  harga INTEGER NOT NULL,
  room_id TEXT NOT NULL,
  holder_name TEXT NOT NULL,
  condition TEXT NOT NULL,
  lifecycle TEXT NOT NULL,
  ip TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The full record, apart so that scans and lookups of `asset` stay small.
CREATE TABLE asset_record (rowid INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE INDEX asset_nama ON asset(nama, rowid);
CREATE INDEX asset_register ON asset(kode_barang, nomor_register);
CREATE INDEX asset_room ON asset(room_id);
CREATE INDEX asset_condition ON asset(condition);
CREATE INDEX asset_lifecycle ON asset(lifecycle);
CREATE INDEX asset_updated ON asset(updated_at, rowid);
CREATE INDEX asset_holder ON asset(holder_name, rowid);
CREATE INDEX asset_tahun ON asset(tahun, rowid);
CREATE INDEX asset_category ON asset(category);
CREATE INDEX asset_pabrik ON asset(nomor_pabrik);
CREATE VIRTUAL TABLE asset_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '-._:/'",
  prefix = '1 2 3'
);
CREATE TABLE maintenance (
  id TEXT PRIMARY KEY,
  asset_id TEXT NOT NULL,
  date TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX maintenance_asset ON maintenance(asset_id, date);
"#;

const V2: &str = r#"
-- The shared heads of each document with each sync peer (Automerge sync::State::encode).
CREATE TABLE sync_state (
  peer TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (peer, doc_id)
);
"#;

const V3: &str = r#"
-- Network nodes and cables (index of the `opd/X/net/NN` documents).
CREATE TABLE node (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  room_id TEXT NOT NULL,
  code TEXT NOT NULL,
  kind TEXT NOT NULL,
  ports INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX node_room ON node(room_id, code);
CREATE TABLE cable (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  code TEXT NOT NULL,
  a_node TEXT NOT NULL,
  a_port INTEGER NOT NULL,
  b_node TEXT NOT NULL,
  b_port INTEGER NOT NULL,
  status TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX cable_code ON cable(opd, code);
CREATE INDEX cable_a ON cable(a_node, a_port);
CREATE INDEX cable_b ON cable(b_node, b_port);
"#;

const V4: &str = r#"
-- A scanned label looks a cable up by its code alone.
CREATE INDEX cable_scanned ON cable(code);
"#;

const V5: &str = r#"
-- The regency document's index (OPDs, IP pools, security levels, decisions).
CREATE TABLE regency_opd (code TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE ip_pool (id TEXT PRIMARY KEY, opd TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX ip_pool_opd ON ip_pool(opd);
CREATE TABLE security_level (code TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE decision (registration_id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE regency_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Every OPD's network registrations (the `opd/X/reg` documents).
CREATE TABLE registration (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX registration_opd ON registration(opd, submitted_at);
-- IP and MAC addresses claimed by an asset record ('asset') or a
-- registration ('reg'): what the duplicate and pool checks look up.
CREATE TABLE net_claim (
  source TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  opd TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (source, asset_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX net_claim_value ON net_claim(kind, value);
CREATE INDEX net_claim_asset ON net_claim(asset_id);
-- The conflict inbox, and the check keys an edit or merge touched.
CREATE TABLE conflict (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  opds TEXT NOT NULL,
  record TEXT NOT NULL,
  found_at TEXT NOT NULL
);
CREATE TABLE check_dirty (key TEXT PRIMARY KEY) WITHOUT ROWID;
"#;

const V6: &str = r#"
-- A price may be unknown (a "-" in a KIB B file): harga becomes nullable.
CREATE TABLE asset_v6 (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  opd TEXT NOT NULL,
  kode_barang TEXT NOT NULL,
  category TEXT NOT NULL,
  nama TEXT NOT NULL,
  nomor_register TEXT NOT NULL,
  merk_type TEXT NOT NULL,
  nomor_pabrik TEXT NOT NULL,
  tahun INTEGER,
  harga INTEGER,
  room_id TEXT NOT NULL,
  holder_name TEXT NOT NULL,
  condition TEXT NOT NULL,
  lifecycle TEXT NOT NULL,
  ip TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO asset_v6 SELECT rowid, id, opd, kode_barang, category, nama, nomor_register, merk_type,
  nomor_pabrik, tahun, harga, room_id, holder_name, condition, lifecycle, ip, updated_at FROM asset;
DROP TABLE asset;
ALTER TABLE asset_v6 RENAME TO asset;
CREATE INDEX asset_nama ON asset(nama, rowid);
CREATE INDEX asset_register ON asset(kode_barang, nomor_register);
CREATE INDEX asset_room ON asset(room_id);
CREATE INDEX asset_condition ON asset(condition);
CREATE INDEX asset_lifecycle ON asset(lifecycle);
CREATE INDEX asset_updated ON asset(updated_at, rowid);
CREATE INDEX asset_holder ON asset(holder_name, rowid);
CREATE INDEX asset_tahun ON asset(tahun, rowid);
CREATE INDEX asset_category ON asset(category);
CREATE INDEX asset_pabrik ON asset(nomor_pabrik);
CREATE INDEX asset_opd ON asset(opd, kode_barang, nomor_register);
"#;

const V7: &str = r#"
-- What this device last printed on each cable's labels, to list the
-- labels that no longer match (an end renamed, moved or recoded).
CREATE TABLE label_printed (
  cable_id TEXT PRIMARY KEY,
  printed TEXT NOT NULL,
  printed_at TEXT NOT NULL
) WITHOUT ROWID;
-- The duplicate-register check compares registers as numbers (000001 is
-- 0001): an index on the same expression (nomor_register::SQL_KEY).
CREATE INDEX asset_register_key ON asset(opd, kode_barang, ltrim(trim(nomor_register), '0'));
"#;

const V8: &str = r#"
-- The signature of every change this replica holds a signature for: its
-- own changes (signed when written) and those that came signed. The key
-- that signed is the one bound to the change's actor.
CREATE TABLE change_signature (
  hash BLOB PRIMARY KEY,
  doc TEXT NOT NULL,
  sig BLOB NOT NULL
) WITHOUT ROWID;
"#;

const V9: &str = r#"
-- The public key that made each signature (a device's or a person's);
-- NULL on rows of the previous version, whose key was the device's.
ALTER TABLE change_signature ADD COLUMN key BLOB;
INSERT INTO meta (key, value)
  SELECT 'unnamed_signatures', '1' WHERE EXISTS (SELECT 1 FROM change_signature);
-- The people who sign in on this device. The PIN is kept only as an
-- Argon2id hash; the person's signing key only encrypted under a key
-- derived from the PIN (Argon2id, its own salt), with ChaCha20-Poly1305.
CREATE TABLE person (
  nip TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  key_salt BLOB NOT NULL,
  key_nonce BLOB NOT NULL,
  key_sealed BLOB NOT NULL,
  public_key BLOB NOT NULL UNIQUE,
  failed_tries INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- Every person certificate known here: this device's people and those of
-- the devices whose changes arrived, by the person's public key.
CREATE TABLE person_certificate (
  key BLOB PRIMARY KEY,
  cert BLOB NOT NULL
) WITHOUT ROWID;
-- The key of each other device, as the data center registered it, pinned
-- the first time it arrives: changes of that device must carry a valid
-- signature by it (or by a person it certified), and a different key
-- for the same device later is refused.
CREATE TABLE device_key (
  actor TEXT PRIMARY KEY,
  key BLOB NOT NULL
) WITHOUT ROWID;
"#;

const V10: &str = r#"
-- The OPDs' maintenance plans (the meta documents' `maintenance` maps).
CREATE TABLE maintenance_plan (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX maintenance_plan_opd ON maintenance_plan(opd);
-- Maintenance of a kind on an asset: the plans' due dates look it up.
CREATE INDEX maintenance_kind ON maintenance(asset_id, json_extract(record, '$.kind'), date);
"#;

const V11: &str = r#"
-- Diskominfo's oversight visits (the regency document's `visit/` settings).
CREATE TABLE oversight_visit (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  date TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX oversight_visit_opd ON oversight_visit(opd, date);
"#;

const V12: &str = r#"
-- What this device last printed on each asset's tag, so a print run can
-- take only the assets never tagged here.
CREATE TABLE tag_printed (
  asset_id TEXT PRIMARY KEY,
  printed TEXT NOT NULL,
  printed_at TEXT NOT NULL
) WITHOUT ROWID;
"#;

const V13: &str = r#"
-- Stock-take sessions, their scans and closed rooms (the `opd/X/stock/NN`
-- documents). A room's tally reads the scans of its assets by
-- (session, asset), the codes read in it by (session, room), and what
-- left it after a scan elsewhere by (session, home_room). `opd` is
-- the OPD of the document a record came in: a session counts only
-- records from its own OPD's documents, whatever they claim.
CREATE TABLE stocktake (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX stocktake_opd ON stocktake(opd);
CREATE TABLE stocktake_scan (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  stocktake_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  home_room TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX stocktake_scan_room ON stocktake_scan(stocktake_id, room_id);
CREATE INDEX stocktake_scan_home ON stocktake_scan(stocktake_id, home_room);
CREATE INDEX stocktake_scan_asset ON stocktake_scan(stocktake_id, asset_id);
CREATE TABLE stocktake_closed (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  stocktake_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX stocktake_closed_session ON stocktake_closed(stocktake_id);
"#;

const V14: &str = r#"
-- Who holds an asset, by NIP: the holder's page and handovers look it up.
ALTER TABLE asset ADD COLUMN holder_nip TEXT NOT NULL DEFAULT '';
UPDATE asset SET holder_nip = coalesce(
  (SELECT json_extract(r.record, '$.holder_nip') FROM asset_record r WHERE r.rowid = asset.rowid), '');
CREATE INDEX asset_holder_nip ON asset(holder_nip) WHERE holder_nip <> '';
-- Handovers (serah terima), by the NIPs of both parties.
CREATE TABLE handover (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  date TEXT NOT NULL,
  from_nip TEXT NOT NULL,
  to_nip TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX handover_from ON handover(from_nip);
CREATE INDEX handover_to ON handover(to_nip);
-- Loans (dipinjam): those not returned, by due date, make the overdue list.
CREATE TABLE loan (
  id TEXT PRIMARY KEY,
  opd TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  due_on TEXT NOT NULL,
  returned_on TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX loan_asset ON loan(asset_id);
CREATE INDEX loan_open ON loan(due_on) WHERE returned_on = '';
"#;

/// Console accounts: a person of the data center's replica who signs in
/// to the browser console with a password has a console role ('' for the
/// people of a desktop).
const V15: &str = r#"
ALTER TABLE person ADD COLUMN staff_role TEXT NOT NULL DEFAULT '';
"#;

/// The asset list of a Diskominfo device at regency size: one OPD's
/// newest first reads `asset_opd_recent` in order (an index on `opd`
/// keeps its rows by rowid) instead of sorting the OPD's 20,000 rows, and
/// sorting by price walks `asset_harga` (`simpul-bench console`).
const V16: &str = r#"
CREATE INDEX asset_opd_recent ON asset(opd);
CREATE INDEX asset_harga ON asset(harga, rowid);
"#;

/// The full-text index keeps up to 16 MB of new entries in memory before
/// writing them out as a segment (1 MB by default). A 20,000-row import
/// adds some 30 MB of entries (every word and its 1- to 3-letter
/// prefixes); with 1 MB segments FTS5 spent a third of the import's index
/// time merging them again (`simpul-bench replica --kib-rows 20000`).
const V17: &str = r#"
INSERT INTO asset_fts(asset_fts, rank) VALUES('hashsize', 16777216);
"#;

/// Every schema step, in order: step N brings `user_version` to N.
const STEPS: [&str; 17] = [
    V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, V16, V17,
];

/// The newest schema version this build knows.
pub fn version() -> i64 {
    i64::try_from(STEPS.len()).unwrap_or(i64::MAX)
}

/// Brings the database to the newest schema, one transaction per step.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, step) in STEPS.iter().enumerate() {
        let n = i64::try_from(i + 1).unwrap_or(i64::MAX);
        if version < n {
            let tx = conn.transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", n)?;
            tx.commit()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashsize(conn: &Connection) -> Option<i64> {
        conn.query_row(
            "SELECT v FROM asset_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .ok()
    }

    #[test]
    fn new_and_older_replicas_keep_16_mb_of_full_text_entries_in_memory() {
        let mut fresh = Connection::open_in_memory().expect("open");
        migrate(&mut fresh).expect("migrate");
        assert_eq!(hashsize(&fresh), Some(16 << 20));

        let mut older = Connection::open_in_memory().expect("open");
        for step in &STEPS[..16] {
            older.execute_batch(step).expect("step");
        }
        older
            .pragma_update(None, "user_version", 16)
            .expect("version");
        assert_eq!(hashsize(&older), None, "FTS5's default before V17");
        migrate(&mut older).expect("migrate");
        assert_eq!(hashsize(&older), Some(16 << 20));
    }
}
