//! Which stored asset a KIB B row stands for: by Simpul's id, else by kode
//! barang and nomor register (as numbers) within the OPD, else by serial
//! number, else (a row with none of these) by the content an earlier
//! import of the same row stored.

use super::column::Column;
use super::plan::year_of;
use super::table::KibRow;
use crate::asset::Asset;
use crate::kode_barang::KodeBarang;
use crate::nomor_register;
use std::collections::{HashMap, HashSet};

/// An ICT row after identification.
pub(super) struct Candidate<'r> {
    pub row: &'r KibRow,
    pub kode: KodeBarang,
    pub old: Option<String>,
    pub by_name: bool,
    pub register: Option<u64>,
}

/// Existing assets by each key a row can match on.
pub(super) struct Existing<'a> {
    pub assets: &'a [Asset],
    by_id: HashMap<&'a str, usize>,
    by_register: HashMap<(&'a str, u64), Vec<usize>>,
    by_serial: HashMap<String, Vec<usize>>,
    by_content: HashMap<ContentKey, Vec<usize>>,
    claimed: HashSet<usize>,
}

/// What identifies a row that has no id, register or serial: kode barang,
/// name, merk/type and year, as an earlier import of the same row stored them.
type ContentKey = (String, String, String, String);

fn content_key(kode: &str, nama: &str, merk: &str, tahun: &str) -> ContentKey {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    (
        kode.to_owned(),
        norm(nama),
        norm(merk),
        tahun.trim().to_owned(),
    )
}

fn serial_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

impl<'a> Existing<'a> {
    pub fn new(assets: &'a [Asset]) -> Self {
        let mut e = Existing {
            assets,
            by_id: HashMap::new(),
            by_register: HashMap::new(),
            by_serial: HashMap::new(),
            by_content: HashMap::new(),
            claimed: HashSet::new(),
        };
        for (i, a) in assets.iter().enumerate() {
            e.by_id.insert(a.id.as_str(), i);
            if let Some(r) = nomor_register::number(&a.nomor_register) {
                e.by_register
                    .entry((a.kode_barang.as_str(), r))
                    .or_default()
                    .push(i);
            }
            let s = serial_key(&a.nomor_pabrik);
            if !s.is_empty() {
                e.by_serial.entry(s).or_default().push(i);
            }
            let tahun = a.tahun.map(|y| y.to_string()).unwrap_or_default();
            e.by_content
                .entry(content_key(&a.kode_barang, &a.nama, &a.merk_type, &tahun))
                .or_default()
                .push(i);
        }
        e
    }

    fn free(&self, list: Option<&Vec<usize>>) -> Option<usize> {
        list?.iter().copied().find(|i| !self.claimed.contains(i))
    }

    /// The existing asset a row stands for, if any; claims it.
    pub fn find(&mut self, c: &Candidate<'_>, id: &str) -> Option<usize> {
        let serial = serial_key(&c.row.text(Column::Pabrik));
        let by_id = self
            .by_id
            .get(id)
            .copied()
            .filter(|i| !self.claimed.contains(i));
        let by_register = c.register.and_then(|r| {
            self.free(self.by_register.get(&(c.kode.as_str(), r)))
                // The same number on a different item (serials disagree) is no match.
                .filter(|i| {
                    let theirs = serial_key(&self.assets[*i].nomor_pabrik);
                    serial.is_empty() || theirs.is_empty() || theirs == serial
                })
        });
        let by_serial = || {
            let list = self.by_serial.get(&serial)?;
            let free: Vec<usize> = list
                .iter()
                .copied()
                .filter(|i| !self.claimed.contains(i))
                .collect();
            (free.len() == 1).then(|| free[0])
        };
        let by_content = || {
            let key = content_key(
                c.kode.as_str(),
                &c.row.text(Column::Nama),
                &c.row.text(Column::Merk),
                &year_of(&c.row.text(Column::Tahun)),
            );
            self.free(self.by_content.get(&key))
        };
        let found = by_id.or(by_register).or_else(|| {
            if !serial.is_empty() {
                by_serial()
            } else if id.is_empty() && c.register.is_none() {
                // A row with nothing to tell it by: the same row imported before.
                by_content()
            } else {
                None
            }
        });
        if let Some(i) = found {
            self.claimed.insert(i);
        }
        found
    }

    pub fn max_register(&self, kode: &str) -> u64 {
        self.assets
            .iter()
            .filter(|a| a.kode_barang == kode)
            .filter_map(|a| nomor_register::number(&a.nomor_register))
            .max()
            .unwrap_or(0)
    }
}
