//! Reading a label PDF back the way a person or a scanner would: its text
//! through poppler's `pdftotext`, its QR codes by rasterising each page
//! with `pdftoppm` and decoding them, and its barcodes through ZBar. Used
//! by the tests.

use std::path::Path;
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0} failed to run (install poppler-utils): {1}")]
    Tool(&'static str, std::io::Error),
    #[error("{0} exited with {1}: {2}")]
    Exit(&'static str, std::process::ExitStatus, String),
    #[error("unreadable PGM from pdftoppm")]
    Pgm,
}

fn run(tool: &'static str, args: &[&str]) -> Result<Vec<u8>, VerifyError> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| VerifyError::Tool(tool, e))?;
    if !out.status.success() {
        return Err(VerifyError::Exit(
            tool,
            out.status,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    Ok(out.stdout)
}

/// The text of every page, in reading order.
pub fn pdf_text(pdf: &Path) -> Result<String, VerifyError> {
    let path = pdf.to_string_lossy();
    let out = run("pdftotext", &["-raw", &path, "-"])?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The page count, from `pdfinfo`.
pub fn pdf_pages(pdf: &Path) -> Result<usize, VerifyError> {
    let path = pdf.to_string_lossy();
    let out = String::from_utf8_lossy(&run("pdfinfo", &[&path])?).into_owned();
    out.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or(VerifyError::Pgm)
}

/// Parses a binary greyscale PGM (P5, maxval 255).
fn parse_pgm(bytes: &[u8]) -> Option<(usize, usize, &[u8])> {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while *bytes.get(i)? != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).ok()?);
    }
    let (w, h): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    let pixels = bytes.get(i + 1..i + 1 + w * h)?;
    (fields[0] == "P5" && fields[3] == "255").then_some((w, h, pixels))
}

/// Decodes the QR codes in a greyscale image, in reading order.
fn decode(w: usize, h: usize, px: impl Fn(usize, usize) -> u8) -> Vec<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, px);
    let mut codes: Vec<(i32, i32, String)> = img
        .detect_grids()
        .into_iter()
        .filter_map(|g| {
            let corner = g.bounds[0];
            g.decode().ok().map(|(_, text)| (corner.y, corner.x, text))
        })
        .collect();
    codes.sort_by_key(|c| (c.0 / 50, c.1));
    codes.into_iter().map(|c| c.2).collect()
}

/// The QR codes on pages `first..=last` (1-based) of a PDF laid out in
/// `format`, page by page. Each label of a sheet is scanned on its own, as
/// a person scans one label.
pub fn pdf_qr_codes(
    pdf: &Path,
    format: crate::LabelFormat,
    first: usize,
    last: usize,
) -> Result<Vec<Vec<String>>, VerifyError> {
    const DPI: f32 = 300.0;
    let path = pdf.to_string_lossy();
    (first..=last)
        .map(|page| {
            let n = page.to_string();
            let pgm = run(
                "pdftoppm",
                &["-gray", "-r", "300", "-f", &n, "-l", &n, &path],
            )?;
            let (w, h, px) = parse_pgm(&pgm).ok_or(VerifyError::Pgm)?;
            let px_per_mm = DPI / 25.4;
            let Some(g) = format.grid() else {
                return Ok(decode(w, h, |x, y| px[y * w + x]));
            };
            let mut codes = Vec::new();
            for i in 0..g.per_page() {
                let (x, y) = g.cell(i);
                let x0 = ((x * px_per_mm) as usize).min(w);
                let y0 = ((y * px_per_mm) as usize).min(h);
                let cw = ((g.label_w * px_per_mm) as usize).min(w - x0);
                let ch = ((g.label_h * px_per_mm) as usize).min(h - y0);
                codes.extend(decode(cw, ch, |x, y| px[(y0 + y) * w + x0 + x]));
            }
            Ok(codes)
        })
        .collect()
}

/// What ZBar (`zbarimg`, the reader of many phone and desktop scanning
/// apps) finds on page `page` (1-based) rasterised at `dpi`: `(symbology,
/// data)` pairs such as `("CODE-128", "0001...")`, in no set order. It reads
/// Code 128 and QR codes independently of the code that printed them.
pub fn pdf_barcodes(
    pdf: &Path,
    page: usize,
    dpi: u32,
) -> Result<Vec<(String, String)>, VerifyError> {
    let dir = tempfile::tempdir().map_err(|e| VerifyError::Tool("mktemp", e))?;
    let stem = dir.path().join("page");
    let (n, r) = (page.to_string(), dpi.to_string());
    let (path, stem_s) = (pdf.to_string_lossy(), stem.to_string_lossy());
    run(
        "pdftoppm",
        &[
            "-gray",
            "-png",
            "-singlefile",
            "-r",
            &r,
            "-f",
            &n,
            "-l",
            &n,
            &path,
            &stem_s,
        ],
    )?;
    let png = format!("{stem_s}.png");
    // zbarimg exits 4 when it finds nothing: that is an answer, not a failure.
    let out = Command::new("zbarimg")
        .args(["-q", "--nodbus", &png])
        .output()
        .map_err(|e| VerifyError::Tool("zbarimg (install zbar-tools)", e))?;
    if !out.status.success() && out.status.code() != Some(4) {
        return Err(VerifyError::Exit(
            "zbarimg",
            out.status,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(kind, data)| (kind.to_owned(), data.to_owned()))
        .collect())
}
