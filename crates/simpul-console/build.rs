//! The console embeds the built UI (`ui/dist`, made by `npm run build`,
//! which `.ci/setup` runs). When it has not been built, an empty folder
//! is made so the server still compiles; the console then says at `/`
//! that its pages are missing.

fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist");
    if !dist.exists() {
        let _ = std::fs::create_dir_all(&dist);
    }
    println!("cargo:rerun-if-changed=../../ui/dist");
}
