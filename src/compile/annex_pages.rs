//! The pages of a PDF annex as images. PDF/A-3 forbids a PDF drawn inside another (krilla
//! refuses it under `A_3b`), so each page is drawn by Typst from the PDF — the reader and
//! renderer of its `image("…", page: k)` — and enters the document as a PNG; the original
//! travels attached.

use std::collections::VecDeque;
use std::sync::Arc;

use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::{Base, TypstDiagnostic};

/// Pixels per point of an annex page: 144 ppi, a printed page's text still sharp.
const PIXELS_PER_PT: f32 = 2.0;
/// Longest side of a page's image, in pixels: an A3 page at 144 ppi, memory bounded
/// whatever size a page claims.
const MAX_SIDE: f64 = 2400.0;
/// Annexes whose pages stay drawn: the workspace compiles the same file at each edit.
const KEPT: usize = 8;
/// Where the drawing reads the PDF.
const PDF_PATH: &str = "/annexe.pdf";

/// Annexes drawn lately, by the digest of their PDF.
#[derive(Default)]
pub struct Drawn(std::sync::Mutex<VecDeque<(String, Arc<Vec<Bytes>>)>>);

impl Base {
    /// The `pages` pages of `pdf`, each a PNG image on white.
    pub fn annex_pages(
        &self,
        pdf: &[u8],
        pages: usize,
    ) -> Result<Arc<Vec<Bytes>>, Vec<TypstDiagnostic>> {
        let digest = crate::digest::sha256_hex(pdf);
        let kept = |drawn: &Drawn| {
            let drawn = drawn.0.lock().unwrap_or_else(|e| e.into_inner());
            let found = drawn.iter().find(|(d, _)| *d == digest);
            found.map(|(_, images)| Arc::clone(images))
        };
        if let Some(images) = kept(&self.drawn) {
            return Ok(images);
        }
        // One page of the drawing per page of the PDF, each as large as it.
        let source = format!(
            "#set page(width: auto, height: auto, margin: 0pt, fill: white)\n\
             #for k in range(1, {}) {{ page(image({PDF_PATH:?}, page: k)) }}\n",
            pages + 1
        );
        let files = [(PDF_PATH.to_string(), Bytes::new(pdf.to_vec()))];
        let document: PagedDocument = self.compile(source, &[], &files)?.document;
        let images = (document.pages().iter())
            .map(|page| {
                // A poster-sized page is drawn smaller: no side longer than `MAX_SIDE`.
                let longest = page.frame.size().x.max(page.frame.size().y).to_pt();
                let scale = f64::from(PIXELS_PER_PT).min(MAX_SIDE / longest.max(1.0));
                let options = typst_render::RenderOptions {
                    pixel_per_pt: typst::utils::Scalar::new(scale),
                    render_bleed: false,
                };
                opaque_png(&typst_render::render(page, &options)).map(Bytes::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| vec![TypstDiagnostic::plain(format!("PNG: {e}"))])?;
        let images = Arc::new(images);
        let mut drawn = self.drawn.0.lock().unwrap_or_else(|e| e.into_inner());
        drawn.push_back((digest, Arc::clone(&images)));
        if drawn.len() > KEPT {
            drawn.pop_front();
        }
        Ok(images)
    }
}

/// A page drawn as an opaque RGB PNG (premultiplied colour over white: c + (255 − alpha)),
/// compressed fast: no alpha channel for the PDF to carry, and a fraction of the time of
/// `encode_png`'s RGBA at the default level.
pub fn opaque_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = (pixmap.data().chunks_exact(4))
        .flat_map(|p| {
            let white = 255 - p[3];
            [p[0] + white, p[1] + white, p[2] + white]
        })
        .collect();
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(data)
}
