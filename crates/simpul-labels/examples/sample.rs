//! Writes sample label PDFs (one per format) to the given folder.
use simpul_labels::{layout, pdf, CableLabel, LabelFormat};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let cables: Vec<CableLabel> = (1..=30)
        .map(|n| CableLabel {
            cable_id: String::new(),
            code: format!("K{n:04}"),
            a: format!("DINKES.G1L2.R07.PP1:{n}"),
            b: format!("DINKES.G1L2.R07.SW1:{n}"),
        })
        .collect();
    for f in LabelFormat::ALL {
        let path = std::path::Path::new(&dir).join(format!("{}.pdf", f.key()));
        std::fs::write(&path, pdf::render(&layout(&cables, f), "Contoh label"))
            .expect("write the sample");
        println!("{}", path.display());
    }
}
