//! Round slots in the server's PostgreSQL database (see [`super::slots`]),
//! on a connection of their own; every process of the regency sees the
//! same slots, so a round begun on one continues on another.

use super::postgres::PgClient;
use super::slots::{signed, unsigned, Claim, SlotRow, SlotStore, SLOT_SCHEMA_POSTGRES};
use super::StoreResult;
use postgres::{Client, Config};

pub struct PgSlots {
    config: Config,
    conn: PgClient,
}

impl std::fmt::Debug for PgSlots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgSlots")
    }
}

impl PgSlots {
    pub fn open(config: &Config) -> StoreResult<PgSlots> {
        let mut conn = PgClient::connect(config)?;
        conn.batch_execute(SLOT_SCHEMA_POSTGRES)?;
        Ok(PgSlots {
            config: config.clone(),
            conn,
        })
    }

    /// Connects again when the connection broke (the call that found it
    /// broken has failed already).
    fn live(&mut self) -> StoreResult<&mut Client> {
        if self.conn.is_closed() {
            self.conn = PgClient::connect(&self.config)?;
        }
        Ok(&mut self.conn)
    }
}

impl SlotStore for PgSlots {
    fn slot(&mut self, device: &str) -> StoreResult<Option<SlotRow>> {
        Ok(self
            .live()?
            .query_opt(
                "SELECT id, length, received, processing_since, response FROM round_slot WHERE device = $1",
                &[&device],
            )?
            .map(|r| SlotRow {
                id: r.get(0),
                length: unsigned(r.get(1)),
                received: unsigned(r.get(2)),
                processing_since: r.get(3),
                response: r.get(4),
            }))
    }

    fn start(&mut self, device: &str, id: &str, length: u64, now: i64) -> StoreResult<()> {
        let mut tx = self.live()?.transaction()?;
        tx.execute("DELETE FROM round_part WHERE device = $1", &[&device])?;
        tx.execute(
            "INSERT INTO round_slot (device, id, length, received, processing_since, response, touched)
             VALUES ($1, $2, $3, 0, NULL, NULL, $4)
             ON CONFLICT (device) DO UPDATE SET id = excluded.id, length = excluded.length,
               received = 0, processing_since = NULL, response = NULL, touched = excluded.touched",
            &[&device, &id, &signed(length), &now],
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
        let mut tx = self.live()?.transaction()?;
        let moved = tx.execute(
            "UPDATE round_slot SET received = received + $4, touched = $5
             WHERE device = $1 AND id = $2 AND received = $3 AND response IS NULL
               AND processing_since IS NULL",
            &[&device, &id, &signed(at), &signed(bytes.len() as u64), &now],
        )?;
        if moved == 1 {
            tx.execute(
                "INSERT INTO round_part (device, id, at, bytes) VALUES ($1, $2, $3, $4)",
                &[&device, &id, &signed(at), &bytes],
            )?;
        }
        tx.commit()?;
        Ok(moved == 1)
    }

    fn claim(&mut self, device: &str, id: &str, now: i64, stale_before: i64) -> StoreResult<Claim> {
        let mut tx = self.live()?.transaction()?;
        let taken = tx.execute(
            "UPDATE round_slot SET processing_since = $3, touched = $3
             WHERE device = $1 AND id = $2 AND received = length AND response IS NULL
               AND (processing_since IS NULL OR processing_since < $4)",
            &[&device, &id, &now, &stale_before],
        )?;
        if taken == 0 {
            let complete: Option<bool> = tx
                .query_opt(
                    "SELECT received = length FROM round_slot WHERE device = $1 AND id = $2",
                    &[&device, &id],
                )?
                .map(|r| r.get(0));
            tx.commit()?;
            return Ok(if complete == Some(true) {
                Claim::Busy
            } else {
                Claim::Incomplete
            });
        }
        let request: Vec<u8> = tx
            .query(
                "SELECT bytes FROM round_part WHERE device = $1 AND id = $2 ORDER BY at",
                &[&device, &id],
            )?
            .iter()
            .flat_map(|r| r.get::<_, Vec<u8>>(0))
            .collect();
        tx.commit()?;
        Ok(Claim::Request(request))
    }

    fn answer(&mut self, device: &str, id: &str, response: &[u8]) -> StoreResult<()> {
        let mut tx = self.live()?.transaction()?;
        tx.execute(
            "UPDATE round_slot SET response = $3, processing_since = NULL WHERE device = $1 AND id = $2",
            &[&device, &id, &response],
        )?;
        tx.execute(
            "DELETE FROM round_part WHERE device = $1 AND id = $2",
            &[&device, &id],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn drop_slot(&mut self, device: &str, id: &str) -> StoreResult<()> {
        let mut tx = self.live()?.transaction()?;
        tx.execute(
            "DELETE FROM round_slot WHERE device = $1 AND id = $2",
            &[&device, &id],
        )?;
        tx.execute(
            "DELETE FROM round_part WHERE device = $1 AND id = $2",
            &[&device, &id],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn held(&mut self, since: i64, except: &str) -> StoreResult<u64> {
        let n: i64 = self
            .live()?
            .query_one(
                "SELECT COALESCE(SUM(length), 0)::BIGINT FROM round_slot
                 WHERE response IS NULL AND device <> $2 AND (touched >= $1 OR processing_since IS NOT NULL)",
                &[&since, &except],
            )?
            .get(0);
        Ok(unsigned(n))
    }
}
