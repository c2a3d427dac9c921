//! Labels read back from the PDF: the texts through pdftotext, the QR codes
//! through a decoder, asset tags' barcodes and QR codes through ZBar, for
//! every format.

use simpul_labels::verify::{pdf_barcodes, pdf_pages, pdf_qr_codes, pdf_text};
use simpul_labels::{layout, layout_tags, pdf, AssetTag, CableLabel, LabelFormat};

fn cables() -> Vec<CableLabel> {
    (1..=13)
        .map(|n| CableLabel {
            cable_id: String::new(),
            code: format!("K{n:04}"),
            a: format!("DINKES.G1L2.R07.PP1:{n}"),
            b: format!("DINKES.G1L2.R07.SW1:{}", n + 24),
        })
        .collect()
}

#[test]
fn every_format_prints_the_texts_and_readable_qr_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in LabelFormat::ALL {
        let path = dir.path().join(format!("{}.pdf", format.key()));
        let pages = layout(&cables(), format);
        std::fs::write(&path, pdf::render(&pages, "Label kabel")).expect("write");

        assert_eq!(
            pdf_pages(&path).expect("pdfinfo"),
            pages.len(),
            "{format:?}"
        );
        let text = pdf_text(&path).expect("pdftotext");
        for c in cables() {
            for end in ["A", "B"] {
                assert!(
                    text.contains(&format!("{} ujung {end}", c.code)),
                    "{format:?}: {text}"
                );
            }
            assert_eq!(
                text.matches(&format!("{} <>", c.a)).count(),
                2,
                "{format:?}"
            );
            assert_eq!(text.matches(&c.b).count(), 2, "{format:?}");
        }

        let codes = pdf_qr_codes(&path, format, 1, pages.len().min(3)).expect("pdftoppm");
        let expected: Vec<Vec<String>> = pages
            .iter()
            .take(3)
            .map(|p| {
                p.labels
                    .iter()
                    .map(|l| l.lines[0].text[..5].to_owned())
                    .collect()
            })
            .collect();
        assert_eq!(codes, expected, "{format:?}");
    }
}

fn tags() -> Vec<AssetTag> {
    (0..45u128)
        .map(|n| {
            // Ids as Simpul makes them (UUID v7): a time, then random bits.
            let id = uuid::Uuid::from_u128(0x0193_6f4e_8c2a_7b3d_9e4f_0a1b_2c3d_0000 + n * 7919)
                .to_string();
            AssetTag {
                code: simpul_core::asset_tag::tag_code(&id).expect("uuid"),
                asset_id: id,
                location: "12.10.01.02.01.01.01".into(),
                kode_register: format!("1.3.2.10.01.02.002.{:04}", n + 1),
                name: format!("Laptop Lenovo ThinkPad E14 Gen {n}"),
            }
        })
        .collect()
}

#[test]
fn asset_tags_scan_as_code_128_and_qr_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tags = tags();
    for format in LabelFormat::ALL {
        let path = dir.path().join(format!("tags-{}.pdf", format.key()));
        let pages = layout_tags(&tags, format);
        std::fs::write(&path, pdf::render(&pages, "Label aset")).expect("write");
        assert_eq!(
            pdf_pages(&path).expect("pdfinfo"),
            pages.len(),
            "{format:?}"
        );

        let text = pdf_text(&path).expect("pdftotext");
        for t in &tags {
            assert!(
                text.contains(&t.kode_register),
                "{format:?}: {}",
                t.kode_register
            );
        }
        assert_eq!(
            text.matches("12.10.01.02.01.01.01").count(),
            tags.len(),
            "{format:?}"
        );

        // The first page, as a 600 dpi scan: every tag's barcode reads
        // (ZBar, the whole page at once) and every tag's QR code reads (each
        // label on its own, as a phone scans one), both in the tags' order.
        let on_page: Vec<String> = pages[0]
            .labels
            .iter()
            .map(|l| {
                let tag = tags
                    .iter()
                    .find(|t| l.lines.iter().any(|x| x.text == t.kode_register))
                    .expect("a tag of the page");
                tag.code.clone()
            })
            .collect();
        let mut bars: Vec<String> = pdf_barcodes(&path, 1, 600)
            .expect("zbarimg")
            .into_iter()
            .filter(|(kind, _)| kind == "CODE-128")
            .map(|(_, data)| data)
            .collect();
        bars.sort();
        let mut want = on_page.clone();
        want.sort();
        assert_eq!(bars, want, "{format:?}: Code 128");
        let qr = pdf_qr_codes(&path, format, 1, 1)
            .expect("pdftoppm")
            .concat();
        assert_eq!(qr, on_page, "{format:?}: QR");
        for code in &on_page {
            assert_eq!(
                simpul_core::asset_tag::asset_id_of(code).as_deref(),
                tags.iter()
                    .find(|t| &t.code == code)
                    .map(|t| t.asset_id.as_str())
            );
        }
    }
}
