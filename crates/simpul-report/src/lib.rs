//! Official documents Simpul hands over: the TIK inventory report to the
//! Sekretaris Daerah (PDF and XLSX), the room card (KIR, PDF), the list
//! of OPDs late with their data (PDF), a stock-take's Berita Acara
//! Inventarisasi with its annex (PDF and XLSX), and the Berita Acara Serah
//! Terima of a handover (PDF).
//!
//! Layout is pure: a document is first laid out into a [`Sheet`] (pages of
//! text, rectangles and lines in points), so page numbers know the page
//! count and tests can read the layout; `render` then draws the sheet with
//! krilla, which embeds and subsets the font and writes text that reads
//! back (pdftotext, copy and paste, screen readers).

mod bast;
mod chart;
mod fonts;
mod kir;
mod kop;
mod numbers;
mod overdue;
mod render;
mod report;
mod sheet;
mod stocktake;
mod table;
mod xlsx;

pub use bast::bast_pdf;
pub use kir::kir_pdf;
pub use overdue::overdue_pdf;
pub use report::report_pdf;
pub use sheet::Sheet;
pub use stocktake::{stocktake_pdf, stocktake_xlsx};
pub use xlsx::report_xlsx;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("huruf dokumen tidak dapat dibaca")]
    Font,
    #[error("PDF tidak dapat ditulis: {0}")]
    Pdf(String),
    #[error("XLSX tidak dapat ditulis: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// A finished PDF and how many pages it has.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}
