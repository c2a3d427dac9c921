//! The one list of the operations a front end calls on the replica: name,
//! who may call it from the data center's console, arguments, answer and
//! the service call. Each adapter is generated from it:
//! the desktop's Tauri commands (`operations!(tauri_commands)` in
//! `src-tauri`) and the console's JSON endpoints ([`call_json`], behind
//! `POST /api/v1/app/<name>`), so no operation is written twice.
//!
//! Left out, as desktop commands of their own: whatever reads or writes a
//! path of the machine (imports, documents, bundles, backups), streams to
//! the window, or signs in with a device PIN.
//!
//! The access class says what a console role needs ([`Access`]; which
//! role has it is `simpul_core::staff::StaffRole::may`).

use crate::Service;
pub use simpul_core::staff::Access;
use simpul_core::{ApiError, ErrorCode};

/// Lists every operation for `$adapter!`, which receives the tokens given
/// after its name in brackets, then each operation as
/// `#[doc] access name(arg: Type, ...) -> Answer = svc => call;`, where
/// `call` is an expression over `svc: &Service` and the arguments giving
/// `Result<Answer, ApiError>`.
#[macro_export]
macro_rules! operations {
    ($adapter:ident $(, $($extra:tt)*)?) => {
        $adapter! {
            [$($($extra)*)?]
            read app_info() -> $crate::ops::app::AppInfo = svc => svc.app_info();
            admin profile_save(input: $crate::re::simpul_store::ProfileInput) -> $crate::re::simpul_store::Profile
                = svc => svc.profile_save(&input);
            /// The closed lists (conditions, kinds, statuses...) with both labels.
            read choices() -> $crate::ops::app::ChoiceLists = svc => Ok(svc.choices());
            read sign_in_state() -> $crate::ops::people::SignInState = svc => svc.sign_in_state();
            read people() -> Vec<$crate::re::simpul_store::PersonView> = svc => svc.people();
            admin person_add(input: $crate::re::simpul_core::person::PersonInput) -> $crate::re::simpul_store::PersonView
                = svc => svc.person_add(&input);
            /// A new PIN for a person (an administrator's act).
            admin pin_reset(nip: String, pin: String, pin_again: String) -> ()
                = svc => svc.pin_reset(&nip, &pin, &pin_again);
            admin person_remove(nip: String) -> () = svc => svc.person_remove(&nip);
            admin idle_lock_set(minutes: u32) -> () = svc => svc.idle_lock_set(minutes);
            /// The change history of a room, node, registration, pool (or any record).
            read record_history(kind: $crate::re::simpul_core::checks::RecordKind, id: String)
                -> Vec<$crate::re::simpul_core::history::HistoryEntry>
                = svc => svc.record_history(kind, &id);

            read assets_page(query: $crate::re::simpul_store::AssetQuery) -> $crate::re::simpul_store::AssetPage
                = svc => svc.assets_page(&query);
            read asset_detail(id: String) -> $crate::re::simpul_store::AssetDetail = svc => svc.asset_detail(&id);
            write asset_save(input: $crate::re::simpul_core::AssetInput) -> $crate::re::simpul_core::Asset
                = svc => svc.asset_save(&input);
            /// One edit (move, holder, condition) to many assets: one change.
            write assets_bulk_edit(
                selection: $crate::ops::bulk::BulkSelection,
                edit: $crate::re::simpul_core::bulk_edit::BulkEdit
            ) -> $crate::ops::bulk::BulkDone = svc => svc.assets_bulk_edit(&selection, &edit);
            /// One maintenance entry logged on many assets: one change.
            write assets_bulk_maintenance(
                selection: $crate::ops::bulk::BulkSelection,
                entry: $crate::re::simpul_core::MaintenanceInput
            ) -> $crate::ops::bulk::BulkDone = svc => svc.assets_bulk_maintenance(&selection, &entry);
            /// Inline validation while the form is being filled in.
            read asset_validate(input: $crate::re::simpul_core::AssetInput) -> Vec<$crate::re::simpul_core::FieldError>
                = svc => svc.asset_validate(&input);
            /// The asset a scanned code names exactly (serial, tag or id).
            read code_lookup(code: String) -> Option<String> = svc => svc.code_lookup(&code);
            read stats() -> $crate::re::simpul_store::Stats = svc => svc.stats();
            write maintenance_add(input: $crate::re::simpul_core::MaintenanceInput) -> $crate::re::simpul_core::MaintenanceEntry
                = svc => svc.maintenance_add(&input);
            /// The ICT codes of Permendagri 108/2016 offered by the form.
            read kode_barang_list() -> Vec<$crate::ops::assets::KodeBarangItem> = svc => Ok(svc.kode_barang_list());
            /// Corrects a logged maintenance entry (its history keeps the old values).
            write maintenance_update(id: String, input: $crate::re::simpul_core::MaintenanceInput)
                -> $crate::re::simpul_core::MaintenanceEntry = svc => svc.maintenance_update(&id, &input);
            read plans() -> Vec<$crate::re::simpul_store::PlanView> = svc => svc.plans();
            write plan_save(input: $crate::re::simpul_core::maintenance_plan::MaintenancePlanInput)
                -> $crate::re::simpul_core::maintenance_plan::MaintenancePlan = svc => svc.plan_save(&input);
            /// What the plans make due today (overdue and within 30 days, or all),
            /// of one asset when `asset` is given.
            read maintenance_due(asset: Option<String>, all: bool) -> Vec<$crate::re::simpul_store::DueItem>
                = svc => svc.maintenance_due("", asset.as_deref(), all);
            read visits() -> Vec<$crate::re::simpul_core::regency::oversight::OversightVisit> = svc => svc.visits();
            write visit_save(input: $crate::re::simpul_core::regency::oversight::OversightVisitInput)
                -> $crate::re::simpul_core::regency::oversight::OversightVisit = svc => svc.visit_save(&input);

            read rooms() -> Vec<$crate::re::simpul_core::RoomView> = svc => svc.rooms();
            write room_save(input: $crate::re::simpul_core::RoomInput) -> $crate::re::simpul_core::RoomView
                = svc => svc.room_save(&input);

            read stocktakes() -> Vec<$crate::re::simpul_store::StockTakeView> = svc => svc.stocktakes();
            read stocktake(id: String) -> $crate::re::simpul_store::StockTakeView = svc => svc.stocktake(&id);
            write stocktake_start(input: $crate::re::simpul_core::stocktake::StockTakeInput)
                -> $crate::re::simpul_core::stocktake::StockTake = svc => svc.stocktake_start(&input);
            write stocktake_finish(id: String) -> $crate::re::simpul_core::stocktake::StockTake
                = svc => svc.stocktake_finish(&id);
            read stocktake_room(id: String, room_id: String) -> $crate::re::simpul_store::RoomCheck
                = svc => svc.stocktake_room(&id, &room_id);
            /// One tag read (or typed) in a room: the scan and the room after it.
            write stocktake_scan(input: $crate::re::simpul_core::stocktake::ScanInput) -> $crate::ops::stocktake::ScanDone
                = svc => svc.stocktake_scan(&input);
            /// Moves what a scan found into the room it was found in.
            write stocktake_move(scan_id: String) -> $crate::re::simpul_store::RoomCheck = svc => svc.stocktake_move(&scan_id);
            write stocktake_close_room(id: String, room_id: String) -> $crate::re::simpul_store::RoomCheck
                = svc => svc.stocktake_close_room(&id, &room_id);

            /// Hands assets over (or back to the store room): one change.
            write handover_save(input: $crate::re::simpul_core::handover::HandoverInput)
                -> $crate::re::simpul_core::handover::Handover = svc => svc.handover_save(&input);
            read holder(nip: String) -> $crate::re::simpul_store::HolderView = svc => svc.holder(&nip);
            /// Lends an asset until a due date.
            write loan_lend(input: $crate::re::simpul_core::handover::LoanInput) -> $crate::re::simpul_core::handover::Loan
                = svc => svc.loan_lend(&input);
            write loan_return(id: String, on: String) -> $crate::re::simpul_core::handover::Loan
                = svc => svc.loan_return(&id, &on);
            read loans_overdue() -> Vec<$crate::re::simpul_store::OverdueLoan> = svc => svc.loans_overdue();

            read nodes(room_id: Option<String>) -> Vec<$crate::re::simpul_core::cabling::Node>
                = svc => svc.nodes(room_id.as_deref());
            write node_save(input: $crate::re::simpul_core::cabling::NodeInput) -> $crate::re::simpul_core::cabling::Node
                = svc => svc.node_save(&input);
            /// A 24- or 48-port patch panel in one step.
            write panel_add(room_id: String, ports: u16) -> $crate::re::simpul_core::cabling::Node
                = svc => svc.panel_add(&room_id, ports);
            read port_map(node_id: String) -> Vec<$crate::re::simpul_store::PortView> = svc => svc.port_map(&node_id);
            /// The labels of the cables with an end in a room (or of every cable).
            read cable_labels(room_id: Option<String>) -> Vec<$crate::re::simpul_store::CableLabel>
                = svc => svc.cable_labels(room_id.as_deref());
            write cable_save(input: $crate::re::simpul_core::cabling::CableInput) -> $crate::re::simpul_core::cabling::Cable
                = svc => svc.cable_save(&input);
            read cable_detail(id: String) -> $crate::re::simpul_store::CableDetail = svc => svc.cable_detail(&id);
            /// An asset tag or serial, or a cable code, typed or scanned.
            read scan(code: String) -> Option<$crate::ops::network::Scanned> = svc => svc.scan(&code);
            read trace(node_id: String, port: u16) -> $crate::ops::network::Trace
                = svc => svc.trace(&$crate::re::simpul_core::cabling::CableEnd { node_id, port });
            read address_template() -> $crate::ops::network::AddressSettings = svc => svc.address_template();
            write address_template_set(template: String) -> $crate::ops::network::AddressSettings
                = svc => svc.address_template_set(&template);
            /// How a draft template writes the example port.
            read address_example(template: String) -> String = svc => svc.address_example(&template);

            /// The labels printed here that no longer match their cable.
            read labels_stale() -> Vec<$crate::re::simpul_store::CableLabel> = svc => svc.stale_labels();
            read labels_preview(
                selection: $crate::ops::labels::LabelSelection,
                format: $crate::re::simpul_labels::LabelFormat,
                max_pages: u32
            ) -> $crate::ops::labels::LabelPreview = svc => svc.labels_preview(&selection, format, max_pages);
            read tags_preview(
                selection: $crate::ops::tags::TagSelection,
                format: $crate::re::simpul_labels::LabelFormat,
                max_pages: u32
            ) -> $crate::ops::tags::TagPreview = svc => svc.tags_preview(&selection, format, max_pages);

            /// The units an export can hold, with their remembered kode lokasi.
            read kib_units() -> Vec<$crate::re::simpul_core::kib::KibUnit> = svc => svc.kib_units();
            read backup_status() -> $crate::re::simpul_store::BackupStatus = svc => svc.backup_status();
            write backup_reminder_set(days: u32) -> $crate::re::simpul_store::BackupStatus
                = svc => svc.backup_reminder_set(days);
            /// What the forms start with: the values used last.
            read document_defaults() -> $crate::re::simpul_core::report::DocumentDefaults
                = svc => svc.document_defaults();

            read sync_status() -> $crate::SyncStatus = svc => Ok(svc.sync_status());
            /// Starts a sync session now (progress arrives as `sync-status` events).
            write sync_now() -> $crate::SyncStatus = svc => Ok(svc.sync_now());
            read asset_conflicts(id: String) -> Vec<$crate::re::simpul_store::FieldConflict>
                = svc => svc.asset_conflicts(&id);
            /// Settles a conflicted field of an asset or a cable with the value the user picked.
            write conflict_settle(id: String, field: String, value: String) -> ()
                = svc => svc.conflict_settle(&id, &field, &value);

            read registration_of(asset_id: String) -> Option<$crate::re::simpul_store::RegistrationView>
                = svc => svc.registration_of(&asset_id);
            /// Every registration this device may see, optionally of one status.
            read registrations(status: Option<$crate::re::simpul_core::RegistrationStatus>)
                -> Vec<$crate::re::simpul_store::RegistrationView> = svc => svc.registrations(status);
            write register(input: $crate::re::simpul_core::RegistrationInput) -> $crate::re::simpul_store::RegistrationView
                = svc => svc.register(&input);
            /// The first free address of an OPD's pools, as far as this device knows.
            read next_free_ip(opd: String) -> Option<String> = svc => svc.next_free_ip(&opd);
            write registration_decide(input: $crate::re::simpul_core::regency::DecisionInput)
                -> $crate::re::simpul_store::RegistrationView = svc => svc.registration_decide(&input);
            read regency() -> $crate::re::simpul_store::RegencyView = svc => svc.regency();
            admin regency_opd_save(input: $crate::re::simpul_core::regency::OpdEntryInput)
                -> $crate::re::simpul_core::regency::OpdEntry = svc => svc.regency_opd_save(&input);
            /// Every OPD's update status, from the data center (or the last answer kept).
            read update_status() -> $crate::ops::status::StatusView = svc => svc.update_status();
            /// The regency's days before an OPD is overdue (Diskominfo only).
            write overdue_days_set(days: String) -> i64 = svc => svc.overdue_days_set(&days);
            write pool_save(input: $crate::re::simpul_core::regency::IpPoolInput) -> $crate::re::simpul_core::regency::IpPool
                = svc => svc.pool_save(&input);
            write level_save(input: $crate::re::simpul_core::regency::SecurityLevelInput)
                -> $crate::re::simpul_core::regency::SecurityLevel = svc => svc.level_save(&input);
            /// Fills an empty list of security levels with the suggested three.
            write levels_seed() -> Vec<$crate::re::simpul_core::regency::SecurityLevel> = svc => svc.levels_seed();
            read conflicts() -> Vec<$crate::re::simpul_core::checks::Conflict> = svc => svc.conflicts();
            /// The inbox entries that involve one asset or cable.
            read conflicts_of(record_id: String) -> Vec<$crate::re::simpul_core::checks::Conflict>
                = svc => svc.conflicts_of(&record_id);
            /// Gives an asset the next free address of its OPD's pools.
            write conflict_reassign_ip(asset_id: String) -> String = svc => svc.conflict_reassign_ip(&asset_id);
            /// Gives an asset the next nomor register of its kode barang in its OPD.
            write conflict_renumber(asset_id: String) -> String = svc => svc.conflict_renumber(&asset_id);
            /// Gives a cable the next free code.
            write conflict_recode(cable_id: String) -> String = svc => svc.conflict_recode(&cable_id);
            /// Marks a cable removed, freeing its ports (settles a port with two cables).
            write conflict_retire_cable(cable_id: String) -> String = svc => svc.conflict_retire_cable(&cable_id);
            /// Gives a node the next free code of its room.
            write conflict_rename_node(node_id: String) -> String = svc => svc.conflict_rename_node(&node_id);
            /// Gives a room the next free code on its floor.
            write conflict_rename_room(room_id: String) -> String = svc => svc.conflict_rename_room(&room_id);
        }
    };
}

/// Builds the table and the JSON dispatcher from the list.
macro_rules! json_dispatch {
    ([] $(
        $(#[$doc:meta])*
        $access:ident $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $svc:ident => $body:expr;
    )*) => {
        /// Every operation's name and access class, in the list's order.
        pub const OPERATIONS: &[(&str, Access)] = &[
            $( (stringify!($name), access!($access)), )*
        ];

        /// Calls the operation `name` with its arguments as the desktop
        /// sends them (an object keyed by camelCase names), answering JSON.
        /// An unknown name is `NotFound`; arguments that do not fit are a
        /// validation error that names them.
        pub fn call_json(
            service: &Service,
            name: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, ApiError> {
            let args = if args.is_null() { serde_json::json!({}) } else { args };
            match name {
                $(
                    stringify!($name) => {
                        #[derive(serde::Deserialize)]
                        #[serde(rename_all = "camelCase", deny_unknown_fields)]
                        struct Args { $($arg: $ty),* }
                        let Args { $($arg),* } = serde_json::from_value(args).map_err(bad_arguments)?;
                        let $svc = service;
                        let answer: Result<$out, ApiError> = $body;
                        serde_json::to_value(answer?).map_err(unwritable)
                    }
                )*
                _ => Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("Operasi {name} tidak dikenal."),
                )),
            }
        }
    };
}

macro_rules! access {
    (read) => {
        Access::Read
    };
    (write) => {
        Access::Write
    };
    (admin) => {
        Access::Admin
    };
}

operations!(json_dispatch);

/// The access class of an operation, if it is one.
pub fn access_of(name: &str) -> Option<Access> {
    OPERATIONS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

fn bad_arguments(e: serde_json::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Validation,
        format!("Isian permintaan tidak sesuai: {e}."),
    )
}

fn unwritable(e: serde_json::Error) -> ApiError {
    tracing::error!(error = %e, "an answer could not be written as JSON");
    ApiError::new(ErrorCode::Internal, "Jawaban tidak dapat ditulis.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_listed_once_and_unknown_names_are_refused() {
        let mut names: Vec<_> = OPERATIONS.iter().map(|(n, _)| *n).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
        assert_eq!(access_of("assets_page"), Some(Access::Read));
        assert_eq!(access_of("registration_decide"), Some(Access::Write));
        assert_eq!(access_of("person_add"), Some(Access::Admin));
        assert_eq!(access_of("kib_import"), None, "paths stay on the desktop");
    }

    #[test]
    fn arguments_are_read_by_their_camel_case_names_and_checked() {
        let dir = tempfile::tempdir().expect("dir");
        let svc = Service::open(&dir.path().join("r.db"), crate::Headless).expect("open");
        let choices = call_json(&svc, "choices", serde_json::Value::Null).expect("choices");
        assert!(choices["condition"]
            .as_array()
            .is_some_and(|c| c.len() == 3));
        let e = call_json(
            &svc,
            "address_example",
            serde_json::json!({ "template": 1 }),
        )
        .expect_err("a number is not a template");
        assert_eq!(e.code, ErrorCode::Validation);
        let e = call_json(
            &svc,
            "panel_add",
            serde_json::json!({ "room_id": "x", "ports": 24 }),
        )
        .expect_err("snake_case is not the wire name");
        assert_eq!(e.code, ErrorCode::Validation);
        let e = call_json(
            &svc,
            "assets_page",
            serde_json::json!({ "query": {}, "extra": 1 }),
        )
        .expect_err("unknown arguments refused");
        assert!(e.message.contains("extra"), "{}", e.message);
        let e = call_json(&svc, "kib_import", serde_json::json!({})).expect_err("not listed");
        assert_eq!(e.code, ErrorCode::NotFound);
        let e = call_json(&svc, "stats", serde_json::Value::Null).expect_err("not set up");
        assert_eq!(e.code, ErrorCode::NotConfigured);
    }
}
