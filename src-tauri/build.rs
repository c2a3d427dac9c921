fn main() {
    let index = std::path::Path::new("../ui/dist/index.html");
    if !index.exists() {
        println!("cargo::warning=ui/dist is missing: run `bash .ci/setup` (or `npm run build` in ui/) before building the app");
    }
    println!("cargo::rerun-if-changed=../ui/dist");
    tauri_build::build();
}
