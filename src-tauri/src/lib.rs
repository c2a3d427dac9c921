//! The Simpul desktop shell: opens the service, registers the commands and
//! hands the window the built UI. Every command is one call of
//! `simpul-service`; the rules and their tests live there and below.

mod commands;
mod host;

use tauri::Manager;

/// The commands the UI may call, with their TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    commands::builder()
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
