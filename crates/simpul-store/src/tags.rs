//! Asset tags: which assets a print run takes (some by id, a room's, or
//! every live one, optionally only those never tagged here) and what this
//! device last printed on each asset's tag.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::params;
use simpul_core::asset_tag::AssetTag;
use simpul_core::Asset;
use std::collections::HashMap;

/// The assets a tag print run takes.
#[derive(Debug, Clone, Copy)]
pub enum TagScope<'a> {
    /// These assets, in the order given.
    Assets(&'a [String]),
    /// The live assets of one room, in KIB B order.
    Room(&'a str),
    /// Every live asset, in KIB B order.
    All,
}

/// Live assets in KIB B order; `{room}` becomes the room condition (so a
/// room's run uses the room index) or nothing.
const LIVE_IN_KIB_ORDER: &str =
    "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid
     WHERE a.lifecycle <> 'dihapus' {room}
       AND (?1 = 0 OR NOT EXISTS (SELECT 1 FROM tag_printed p WHERE p.asset_id = a.id))
     ORDER BY a.opd, a.kode_barang, CAST(a.nomor_register AS INTEGER), a.nomor_register";

impl Replica {
    /// The tags of a scope; `unprinted` keeps only the assets whose tag was
    /// never printed on this device ("the new ones since the last print").
    pub fn asset_tags(
        &self,
        scope: TagScope<'_>,
        unprinted: bool,
    ) -> Result<Vec<AssetTag>, StoreError> {
        let assets: Vec<Asset> = match scope {
            TagScope::Assets(ids) => {
                let printed = if unprinted {
                    self.printed_tags()?
                } else {
                    HashMap::new()
                };
                ids.iter()
                    .filter(|id| !printed.contains_key(*id))
                    .map(|id| self.asset(id))
                    .collect::<Result<_, _>>()?
            }
            TagScope::Room(room) => self.live_assets(Some(room), unprinted)?,
            TagScope::All => self.live_assets(None, unprinted)?,
        };
        let mut lokasi: HashMap<String, String> = HashMap::new();
        let mut tags = Vec::with_capacity(assets.len());
        for a in &assets {
            if !lokasi.contains_key(&a.opd) {
                lokasi.insert(a.opd.clone(), self.kode_lokasi(&a.opd)?);
            }
            tags.extend(AssetTag::of(a, &lokasi[&a.opd]));
        }
        Ok(tags)
    }

    fn live_assets(&self, room: Option<&str>, unprinted: bool) -> Result<Vec<Asset>, StoreError> {
        let sql = LIVE_IN_KIB_ORDER.replace(
            "{room}",
            if room.is_some() {
                "AND a.room_id = ?2"
            } else {
                ""
            },
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let values: Vec<&dyn rusqlite::ToSql> = match &room {
            Some(room) => vec![&unprinted, room],
            None => vec![&unprinted],
        };
        let rows = stmt.query_map(values.as_slice(), |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str::<Asset>(&json?)?);
        }
        Ok(out)
    }

    /// What this device last printed on each asset's tag, by asset id.
    fn printed_tags(&self) -> Result<HashMap<String, String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT asset_id, printed FROM tag_printed")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    /// Remembers these tags as printed (after the PDF was written).
    pub fn remember_tags_printed(&mut self, tags: &[AssetTag]) -> Result<(), StoreError> {
        let now = self.now_rfc3339();
        let tx = self.conn.transaction()?;
        {
            let mut put = tx.prepare_cached(
                "INSERT INTO tag_printed (asset_id, printed, printed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(asset_id) DO UPDATE SET printed = excluded.printed, printed_at = excluded.printed_at",
            )?;
            for t in tags {
                put.execute(params![t.asset_id, t.printed_text(), now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
