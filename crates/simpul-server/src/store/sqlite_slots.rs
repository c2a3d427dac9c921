//! Round slots beside the server's SQLite file (see [`super::slots`]), in
//! a file of their own (`<database>-rounds`). Parts are written with `synchronous = NORMAL`: an
//! upload's last frames may be lost with the power, and the device then
//! resends them; responses and documents keep the hub's full sync.

use super::slots::{signed, unsigned, Claim, SlotRow, SlotStore, SLOT_SCHEMA_SQLITE};
use super::StoreResult;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

#[derive(Debug)]
pub struct SqliteSlots {
    conn: Connection,
}

impl SqliteSlots {
    /// Slots in the SQLite file at `path` (`:memory:` for a private one).
    pub fn open(path: &Path) -> StoreResult<SqliteSlots> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SLOT_SCHEMA_SQLITE)?;
        Ok(SqliteSlots { conn })
    }
}

impl SlotStore for SqliteSlots {
    fn slot(&mut self, device: &str) -> StoreResult<Option<SlotRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, length, received, processing_since, response FROM round_slot WHERE device = ?1",
                params![device],
                |r| {
                    Ok(SlotRow {
                        id: r.get(0)?,
                        length: unsigned(r.get(1)?),
                        received: unsigned(r.get(2)?),
                        processing_since: r.get(3)?,
                        response: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    fn start(&mut self, device: &str, id: &str, length: u64, now: i64) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM round_part WHERE device = ?1", params![device])?;
        tx.execute(
            "INSERT INTO round_slot (device, id, length, received, processing_since, response, touched)
             VALUES (?1, ?2, ?3, 0, NULL, NULL, ?4)
             ON CONFLICT(device) DO UPDATE SET id = excluded.id, length = excluded.length,
               received = 0, processing_since = NULL, response = NULL, touched = excluded.touched",
            params![device, id, signed(length), now],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn append(
        &mut self,
        device: &str,
        id: &str,
        at: u64,
        bytes: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let tx = self.conn.transaction()?;
        let moved = tx.execute(
            "UPDATE round_slot SET received = received + ?4, touched = ?5
             WHERE device = ?1 AND id = ?2 AND received = ?3 AND response IS NULL
               AND processing_since IS NULL",
            params![device, id, signed(at), signed(bytes.len() as u64), now],
        )?;
        if moved == 1 {
            tx.execute(
                "INSERT INTO round_part (device, id, at, bytes) VALUES (?1, ?2, ?3, ?4)",
                params![device, id, signed(at), bytes],
            )?;
        }
        tx.commit()?;
        Ok(moved == 1)
    }

    fn claim(&mut self, device: &str, id: &str, now: i64, stale_before: i64) -> StoreResult<Claim> {
        let tx = self.conn.transaction()?;
        let taken = tx.execute(
            "UPDATE round_slot SET processing_since = ?3, touched = ?3
             WHERE device = ?1 AND id = ?2 AND received = length AND response IS NULL
               AND (processing_since IS NULL OR processing_since < ?4)",
            params![device, id, now, stale_before],
        )?;
        if taken == 0 {
            let complete: Option<bool> = tx
                .query_row(
                    "SELECT received = length FROM round_slot WHERE device = ?1 AND id = ?2",
                    params![device, id],
                    |r| r.get(0),
                )
                .optional()?;
            return Ok(if complete == Some(true) {
                Claim::Busy
            } else {
                Claim::Incomplete
            });
        }
        let mut request = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT bytes FROM round_part WHERE device = ?1 AND id = ?2 ORDER BY at",
            )?;
            for part in stmt.query_map(params![device, id], |r| r.get::<_, Vec<u8>>(0))? {
                request.extend(part?);
            }
        }
        tx.commit()?;
        Ok(Claim::Request(request))
    }

    fn answer(&mut self, device: &str, id: &str, response: &[u8]) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE round_slot SET response = ?3, processing_since = NULL WHERE device = ?1 AND id = ?2",
            params![device, id, response],
        )?;
        tx.execute(
            "DELETE FROM round_part WHERE device = ?1 AND id = ?2",
            params![device, id],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn drop_slot(&mut self, device: &str, id: &str) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM round_slot WHERE device = ?1 AND id = ?2",
            params![device, id],
        )?;
        tx.execute(
            "DELETE FROM round_part WHERE device = ?1 AND id = ?2",
            params![device, id],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn held(&mut self, since: i64, except: &str) -> StoreResult<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(length), 0) FROM round_slot
             WHERE response IS NULL AND device <> ?2 AND (touched >= ?1 OR processing_since IS NOT NULL)",
            params![since, except],
            |r| r.get(0),
        )?;
        Ok(unsigned(n))
    }
}
