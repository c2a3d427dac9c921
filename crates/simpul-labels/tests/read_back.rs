//! Labels read back from the PDF: the texts through pdftotext, the QR codes
//! through a decoder, for every format.

use simpul_labels::verify::{pdf_pages, pdf_qr_codes, pdf_text};
use simpul_labels::{layout, pdf, CableLabel, LabelFormat};

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

        let codes = pdf_qr_codes(&path, 1, pages.len().min(3)).expect("pdftoppm");
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
