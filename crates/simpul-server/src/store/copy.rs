//! Copies every table between the two backends, for backups of a
//! PostgreSQL data center (written as a SQLite snapshot, the one backup
//! format) and for restoring a backup into PostgreSQL (which is also how
//! a SQLite data center moves to PostgreSQL). Each side runs in one
//! transaction given by the caller: a copy is whole or not at all.

use super::StoreResult;
use postgres::types::ToSql;
use rusqlite::types::Value;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
    Blob,
}

use Kind::{Blob, Int, Text};

/// The tables both backends hold and their columns. `health` (a probe)
/// and PostgreSQL's `generation` counter are not data.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    ("opd", &[("code", Text), ("name", Text)]),
    (
        "enroll_code",
        &[
            ("hash", Text),
            ("opd", Text),
            ("expires_at", Text),
            ("used_at", Text),
        ],
    ),
    (
        "device",
        &[
            ("id", Text),
            ("name", Text),
            ("actor", Text),
            ("opd", Text),
            ("token_hash", Text),
            ("enrolled_at", Text),
            ("revoked_at", Text),
            ("public_key", Text),
            ("last_sync_at", Text),
        ],
    ),
    ("upload_token", &[("hash", Text), ("expires_at", Text)]),
    (
        "backup_log",
        &[
            ("taken_at", Text),
            ("file", Text),
            ("bytes", Int),
            ("sha256", Text),
        ],
    ),
    ("chunk", &[("id", Int), ("doc_id", Text), ("bytes", Blob)]),
    (
        "sync_state",
        &[("device", Text), ("doc_id", Text), ("state", Blob)],
    ),
    (
        "change_signature",
        &[
            ("hash", Blob),
            ("doc_id", Text),
            ("sig", Blob),
            ("key", Blob),
        ],
    ),
    (
        "person_certificate",
        &[("key", Blob), ("nip", Text), ("cert", Blob)],
    ),
    (
        "audit",
        &[
            ("id", Int),
            ("hash", Blob),
            ("doc_id", Text),
            ("opd", Text),
            ("author", Text),
            ("brought_by", Text),
            ("via", Text),
            ("action", Text),
            ("records", Text),
            ("changed_at", Text),
            ("received_at", Text),
            ("person_name", Text),
            ("person_nip", Text),
            ("person_role", Text),
        ],
    ),
];

fn names(columns: &[(&str, Kind)]) -> String {
    columns
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn placeholders(n: usize, pg: bool) -> String {
    (1..=n)
        .map(|i| if pg { format!("${i}") } else { format!("?{i}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Copies every row of a PostgreSQL database into a SQLite one that has
/// the tables and no rows.
pub(crate) fn postgres_to_sqlite(
    from: &mut postgres::Transaction<'_>,
    to: &rusqlite::Transaction<'_>,
) -> StoreResult<()> {
    for (table, columns) in TABLES {
        let cols = names(columns);
        let mut insert = to.prepare(&format!(
            "INSERT INTO {table} ({cols}) VALUES ({})",
            placeholders(columns.len(), false)
        ))?;
        let none: [&(dyn ToSql + Sync); 0] = [];
        let mut rows = from.query_raw(&format!("SELECT {cols} FROM {table}"), none)?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            let values: Vec<Value> = columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| match kind {
                    Int => row
                        .get::<_, Option<i64>>(i)
                        .map_or(Value::Null, Value::Integer),
                    Text => row
                        .get::<_, Option<String>>(i)
                        .map_or(Value::Null, Value::Text),
                    Blob => row
                        .get::<_, Option<Vec<u8>>>(i)
                        .map_or(Value::Null, Value::Blob),
                })
                .collect();
            insert.execute(rusqlite::params_from_iter(values))?;
        }
    }
    Ok(())
}

/// A SQLite value as PostgreSQL takes it for a column of `kind`.
fn pg_value(value: Value, kind: Kind) -> Box<dyn ToSql + Sync> {
    match (kind, value) {
        (Int, Value::Integer(n)) => Box::new(Some(n)),
        (Text, Value::Text(s)) => Box::new(Some(s)),
        (Text, Value::Integer(n)) => Box::new(Some(n.to_string())),
        (Blob, Value::Blob(b)) => Box::new(Some(b)),
        (Blob, Value::Text(s)) => Box::new(Some(s.into_bytes())),
        (Int, _) => Box::new(None::<i64>),
        (Text, _) => Box::new(None::<String>),
        (Blob, _) => Box::new(None::<Vec<u8>>),
    }
}

/// Replaces every row of a PostgreSQL database (its tables made) with
/// those of a SQLite one; the ids of new chunks and audit rows go on after
/// the copied ones.
pub(crate) fn sqlite_to_postgres(
    from: &rusqlite::Connection,
    to: &mut postgres::Transaction<'_>,
) -> StoreResult<()> {
    let all: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
    // Round slots are transfers in flight: none survives a restore.
    to.batch_execute(&format!(
        "TRUNCATE {}, health, round_slot, round_part",
        all.join(", ")
    ))?;
    for (table, columns) in TABLES {
        let cols = names(columns);
        let insert = to.prepare(&format!(
            "INSERT INTO {table} ({cols}) VALUES ({})",
            placeholders(columns.len(), true)
        ))?;
        let mut select = from.prepare(&format!("SELECT {cols} FROM {table}"))?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns.len());
            for (i, (_, kind)) in columns.iter().enumerate() {
                values.push(pg_value(row.get::<_, Value>(i)?, *kind));
            }
            let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(AsRef::as_ref).collect();
            to.execute(&insert, &params)?;
        }
    }
    for table in ["chunk", "audit"] {
        to.batch_execute(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                           COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))?;
    }
    to.batch_execute("UPDATE generation SET n = n + 1 WHERE id = 1")?;
    Ok(())
}
