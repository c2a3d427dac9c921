//! Index rows of network nodes and cables.

use crate::error::StoreError;
use rusqlite::{params, Transaction};
use simpul_core::cabling::{Cable, Node};
use simpul_core::choice::key_of;

/// Marks the node code it leaves and takes (see [`crate::checks`]).
pub fn put_node(tx: &Transaction<'_>, n: &Node) -> Result<(), StoreError> {
    crate::checks::mark_node(tx, &n.id)?;
    tx.prepare_cached(
        "INSERT INTO node (id, opd, room_id, code, kind, ports, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET opd=excluded.opd, room_id=excluded.room_id, code=excluded.code,
           kind=excluded.kind, ports=excluded.ports, record=excluded.record",
    )?
    .execute(params![n.id, n.opd, n.room_id, n.code, key_of(&n.kind), n.ports, serde_json::to_string(n)?])?;
    crate::checks::mark_node(tx, &n.id)
}

/// Marks the ports and code the cable leaves and takes (see [`crate::checks`]).
pub fn put_cable(tx: &Transaction<'_>, c: &Cable) -> Result<(), StoreError> {
    crate::checks::mark_cable(tx, &c.id)?;
    tx.prepare_cached(
        "INSERT INTO cable (id, opd, code, a_node, a_port, b_node, b_port, status, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET opd=excluded.opd, code=excluded.code, a_node=excluded.a_node,
           a_port=excluded.a_port, b_node=excluded.b_node, b_port=excluded.b_port, status=excluded.status,
           record=excluded.record",
    )?
    .execute(params![c.id, c.opd, c.code, c.a_node, c.a_port, c.b_node, c.b_port, key_of(&c.status), serde_json::to_string(c)?])?;
    crate::checks::mark_cable(tx, &c.id)
}
