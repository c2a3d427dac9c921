//! The Simpul desktop shell: opens the service, registers the commands and
//! hands the window the built UI. Every command is one call of
//! `simpul-service`; the rules and their tests live there and below.

mod commands;
mod host;

use tauri::Manager;

/// The commands the UI may call, with their TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        .dangerously_cast_bigints_to_number()
        .commands(tauri_specta::collect_commands![
            commands::app::app_info,
            commands::app::profile_save,
            commands::app::demo_load,
            commands::app::choices,
            commands::people::sign_in_state,
            commands::people::setup_with_person,
            commands::people::people,
            commands::people::person_add,
            commands::people::sign_in,
            commands::people::sign_out,
            commands::people::pin_reset,
            commands::people::person_remove,
            commands::people::idle_lock_set,
            commands::people::record_history,
            commands::assets::assets_page,
            commands::assets::asset_detail,
            commands::assets::asset_save,
            commands::assets::assets_bulk_edit,
            commands::assets::assets_bulk_maintenance,
            commands::assets::asset_validate,
            commands::assets::code_lookup,
            commands::assets::stats,
            commands::assets::maintenance_add,
            commands::assets::kode_barang_list,
            commands::rooms::rooms,
            commands::rooms::room_save,
            commands::stocktake::stocktakes,
            commands::stocktake::stocktake,
            commands::stocktake::stocktake_start,
            commands::stocktake::stocktake_finish,
            commands::stocktake::stocktake_room,
            commands::stocktake::stocktake_scan,
            commands::stocktake::stocktake_move,
            commands::stocktake::stocktake_close_room,
            commands::stocktake::stocktake_report_save,
            commands::handover::handover_save,
            commands::handover::holder,
            commands::handover::bast_save,
            commands::handover::loan_lend,
            commands::handover::loan_return,
            commands::handover::loans_overdue,
            commands::network::nodes,
            commands::network::node_save,
            commands::network::panel_add,
            commands::network::port_map,
            commands::network::cable_labels,
            commands::network::cable_save,
            commands::network::cable_detail,
            commands::network::scan,
            commands::network::trace,
            commands::network::address_template,
            commands::network::address_template_set,
            commands::network::address_example,
            commands::labels::labels_stale,
            commands::labels::labels_preview,
            commands::labels::labels_save,
            commands::labels::tags_preview,
            commands::labels::tags_save,
            commands::files::kib_preview,
            commands::files::kib_import,
            commands::files::kib_units,
            commands::files::kib_export,
            commands::assets::maintenance_update,
            commands::assets::plans,
            commands::assets::plan_save,
            commands::assets::maintenance_due,
            commands::assets::visits,
            commands::assets::visit_save,
            commands::backup::backup_status,
            commands::backup::backup_save,
            commands::backup::backup_reminder_set,
            commands::backup::backup_restore,
            commands::report::document_defaults,
            commands::report::report_save,
            commands::report::kir_save,
            commands::report::update_status,
            commands::report::overdue_list_save,
            commands::sync::sync_status,
            commands::sync::server_enroll,
            commands::sync::sync_now,
            commands::sync::asset_conflicts,
            commands::sync::conflict_settle,
            commands::sync::bundle_export,
            commands::sync::bundle_import,
            commands::sync::enroll_file,
            commands::registry::registration_of,
            commands::registry::registrations,
            commands::registry::register,
            commands::registry::next_free_ip,
            commands::registry::registration_decide,
            commands::registry::regency,
            commands::registry::regency_opd_save,
            commands::registry::overdue_days_set,
            commands::registry::pool_save,
            commands::registry::level_save,
            commands::registry::levels_seed,
            commands::registry::conflicts,
            commands::registry::conflicts_of,
            commands::registry::conflict_reassign_ip,
            commands::registry::conflict_renumber,
            commands::registry::conflict_recode,
            commands::registry::conflict_retire_cable,
            commands::registry::conflict_rename_node,
            commands::registry::conflict_rename_room,
        ])
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SIMPUL_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(|app| {
            let path = host::replica_path(app.handle())?;
            tracing::info!(path = %path.display(), "opening replica");
            let service = simpul_service::Service::open(&path, host::Window(app.handle().clone()))?;
            service.require_sign_in()?;
            service.start_background();
            app.manage(service);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the app stopped with an error");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The committed `ui/src/bindings.ts` must match the commands; run with
    /// `SIMPUL_WRITE_BINDINGS=1` to regenerate it.
    #[test]
    fn typescript_bindings_are_current() {
        let committed =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let fresh = tempfile::NamedTempFile::new().expect("temp");
        super::specta_builder()
            .export(specta_typescript::Typescript::default(), fresh.path())
            .expect("export");
        let fresh = std::fs::read_to_string(fresh.path()).expect("read");
        if std::env::var_os("SIMPUL_WRITE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).expect("write bindings");
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(current == fresh, "ui/src/bindings.ts is stale: run `SIMPUL_WRITE_BINDINGS=1 cargo test -p simpul-app typescript_bindings`");
    }
}
