//! Writes sample label PDFs to the given folder: cable labels and asset
//! tags, one file per format.
use simpul_labels::{layout, layout_tags, pdf, AssetTag, CableLabel, LabelFormat};

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
    let tags: Vec<AssetTag> = (1..=45u128)
        .map(|n| {
            let id =
                uuid::Uuid::from_u128(0x0193_6f4e_8c2a_7b3d_9e4f_0a1b_2c3d_0000 + n).to_string();
            AssetTag {
                code: simpul_core::asset_tag::tag_code(&id).expect("a uuid"),
                asset_id: id,
                location: "12.10.01.02.01.01.01".into(),
                kode_register: format!("1.3.2.10.01.02.002.{n:04}"),
                name: format!("Laptop Lenovo ThinkPad E14 Gen {n}"),
            }
        })
        .collect();
    for f in LabelFormat::ALL {
        let dir = std::path::Path::new(&dir);
        let cable_pdf = dir.join(format!("{}.pdf", f.key()));
        std::fs::write(&cable_pdf, pdf::render(&layout(&cables, f), "Contoh label"))
            .expect("write the sample");
        let tag_pdf = dir.join(format!("tags-{}.pdf", f.key()));
        std::fs::write(
            &tag_pdf,
            pdf::render(&layout_tags(&tags, f), "Contoh label aset"),
        )
        .expect("write the sample");
        println!("{}\n{}", cable_pdf.display(), tag_pdf.display());
    }
}
