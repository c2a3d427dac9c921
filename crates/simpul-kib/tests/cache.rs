//! The table kept between a preview and its import: reused only while the
//! file's bytes are the same.

use simpul_core::kib::Column;
use simpul_kib::{ReadError, TableCache};
use std::sync::Arc;

const HEADER: &str = "No;Kode Barang;Nama/Jenis Barang;Register;Merk/Type;Harga\r\n";

#[test]
fn an_unchanged_file_is_read_once_and_a_changed_one_again() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kib.csv");
    std::fs::write(
        &path,
        format!("{HEADER}1;1.3.2.10.01.02.002;Laptop;0001;Asus;11.000.000\r\n"),
    )
    .expect("write");
    let cache = TableCache::default();
    let first = cache.read(&path).expect("read");
    let again = cache.read(&path).expect("read again");
    assert!(
        Arc::ptr_eq(&first, &again),
        "the same bytes: the kept table"
    );

    // Same length, one letter different: read again.
    std::fs::write(
        &path,
        format!("{HEADER}1;1.3.2.10.01.02.002;Laptop;0001;Acer;11.000.000\r\n"),
    )
    .expect("rewrite");
    let changed = cache.read(&path).expect("read changed");
    assert!(!Arc::ptr_eq(&first, &changed));
    assert_eq!(changed.rows[0].text(Column::Merk), "Acer");

    // Forgotten after an import: the next read is a new one.
    cache.forget();
    let after = cache.read(&path).expect("read after forget");
    assert!(!Arc::ptr_eq(&changed, &after));

    // A file gone is an error, whatever was kept.
    std::fs::remove_file(&path).expect("remove");
    assert!(matches!(cache.read(&path), Err(ReadError::NotFound(_))));
}
