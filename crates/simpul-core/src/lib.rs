//! Simpul's pure domain core.
//!
//! Everything here is deterministic and free of IO: the asset record and its
//! validation (NIP, MAC, IPv4, kode barang, year, price), the KIB B mapping,
//! the Automerge schema (how a record lives inside a shard document), the
//! history of a record read from Automerge changes, and the demo data
//! generator. `simpul-store` persists what this crate produces; the desktop
//! shell and the `simpul` command only call into these two crates.

pub mod asset;
pub mod asset_tag;
pub mod bulk_edit;
pub mod cabling;
pub mod checks;
pub mod choice;
pub mod condition;
pub mod demo;
pub mod doc_id;
pub mod error;
pub mod handover;
pub mod history;
pub mod item_kind;
pub mod kib;
pub mod kode_barang;
pub mod kode_lama;
pub mod lifecycle;
pub mod location;
pub mod mac;
pub mod maintenance;
pub mod maintenance_plan;
pub mod network;
pub mod next_code;
pub mod nip;
pub mod nomor_register;
pub mod past_date;
pub mod person;
mod record_fields;
pub mod regency;
pub mod registration;
pub mod report;
pub mod room_lookup;
pub mod rupiah;
pub mod schema;
pub mod staff;
pub mod stocktake;

pub use asset::{Asset, AssetInput};
pub use condition::Condition;
pub use doc_id::DocId;
pub use error::{ApiError, ErrorCode, FieldError, ValidationErrors};
pub use kode_barang::KodeBarang;
pub use lifecycle::Lifecycle;
pub use location::{Room, RoomInput, RoomView};
pub use maintenance::{MaintenanceEntry, MaintenanceInput, MaintenanceKind};
pub use nip::Nip;
pub use registration::{Registration, RegistrationInput, RegistrationStatus};
