//! The one chain of stages for one convention: load → validate → render → compile →
//! signature fields. Every command, and later the server, goes through here.

pub mod annexes;
pub mod batch;
mod inputs;
mod load;
pub mod processes;
mod report;
mod reporters;
mod timings;

use std::sync::Arc;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use typst::foundations::Bytes;

pub use inputs::{Inputs, Unreadable, collect_inputs};
pub use load::{
    Rejected, check_source, findings_text, load, load_file, load_lenient, load_usable,
    load_version, print_findings, some_findings_text,
};
pub use report::{document_error_text, typst_diagnostic_text};
pub use reporters::{Collected, JsonLines, Kept, Report, Terminal};
pub use timings::Timings;

use crate::compile::annex_pages::opaque_png;
use crate::compile::signature::{PdfError, add_signature_fields, signature_boxes};
use crate::compile::{Base, TypstDiagnostic};
use crate::digest::sha256_of_parts;
use crate::model::Convention;
use crate::render::{
    Renderer, SignatureMarks, SignatureTags, TemplateError, annex_page_path, annex_source_path,
    template_name,
};
use crate::templates::Templates;

/// What a convention is turned into.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// The PDF convention.
    Pdf,
    /// The generated Typst source, to inspect or debug a template.
    Typ,
    /// One PNG image per page (144 pixels per inch), to preview or publish.
    Png,
}

impl Format {
    /// The name the manifest gives it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Typ => "typ",
            Format::Png => "png",
        }
    }
}

/// Pixels per typographic point of PNG pages: 2 × 72 = 144 ppi.
const PNG_PIXELS_PER_PT: f64 = 2.0;
/// Of page previews: 1.5 × 72 = 108 ppi, sharp on a screen, a third the pixels of print.
const PREVIEW_PIXELS_PER_PT: f64 = 1.5;

/// A draft compiled for a preview: its pages, drawn when asked, and what each shows.
pub struct Draft {
    document: typst_layout::PagedDocument,
    /// Each page's hash, in order.
    pub hashes: Vec<String>,
    template: &'static str,
}

/// Why a valid convention could not be turned into a document.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("template {0}")]
    Template(#[from] TemplateError),
    /// Typst refused the generated source; `generated` is that source, `template` the
    /// template it came from.
    #[error("typst: {}", first_message(diagnostics))]
    Typst {
        diagnostics: Vec<TypstDiagnostic>,
        generated: String,
        template: String,
    },
}

fn first_message(diagnostics: &[TypstDiagnostic]) -> &str {
    let first = diagnostics
        .iter()
        .find(|d| d.is_error)
        .or(diagnostics.first());
    first.map_or("failed", |d| d.message.as_str())
}

/// The produced document and what it took.
pub struct Document {
    /// The file's content; for PNG, one image per page.
    pub files: Vec<Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<TypstDiagnostic>,
    pub timings: Timings,
}

/// Everything a batch shares: the template environment and the Typst base.
pub struct Engine {
    renderer: Renderer,
    base: Base,
    signature_fields: bool,
    /// Text tags for a signature platform inside the signature boxes, if asked.
    signature_tags: Option<SignatureTags>,
    /// Documents produced, to evict Typst's cache every few of them.
    produced: AtomicUsize,
}

impl Engine {
    /// Loads templates, fonts and the Typst library once.
    pub fn new(templates: Templates) -> Engine {
        let templates = Arc::new(templates);
        Engine {
            renderer: Renderer::new(Arc::clone(&templates)),
            base: Base::new(templates),
            signature_fields: true,
            signature_tags: None,
            produced: AtomicUsize::new(0),
        }
    }

    /// PDFs with or without the empty electronic signature fields.
    pub fn with_signature_fields(mut self, signature_fields: bool) -> Engine {
        self.signature_fields = signature_fields;
        self
    }

    /// PDFs with the text tags of a signature platform in the signature boxes, or none.
    pub fn with_signature_tags(mut self, signature_tags: Option<SignatureTags>) -> Engine {
        self.signature_tags = signature_tags;
        self
    }

    /// The template environment, for the other commands that render text.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The template files in use.
    pub fn templates(&self) -> &Templates {
        self.base.templates()
    }

    /// A hash of everything besides the input that shapes a document: convgen's version,
    /// the templates and the options. A document made with another recipe is out of date.
    pub fn recipe(&self, format: Format, draft: bool) -> String {
        let options = format!(
            "convgen {} {format:?} draft={draft} fields={} tags={:?}",
            env!("CARGO_PKG_VERSION"),
            self.signature_fields,
            self.signature_tags,
        );
        sha256_of_parts([
            options.as_bytes(),
            self.templates().fingerprint().as_bytes(),
        ])
    }

    /// Drops Typst's memoized results that the last documents did not use, so that memory
    /// stays flat however long the batch. Each eviction walks the whole cache (about half a
    /// millisecond), so it runs every few documents rather than after each.
    fn evict_now_and_then(&self) {
        const EVERY: usize = 8;
        if self.produced.fetch_add(1, Ordering::Relaxed) % EVERY == EVERY - 1 {
            // Kept: what the last 8 to 16 documents used (the shared boilerplate).
            comemo::evict(2);
        }
    }

    /// The generated Typst source.
    pub fn typst_source(&self, c: &Convention, draft: bool) -> Result<String, DocumentError> {
        let marks = SignatureMarks {
            fields: self.signature_fields,
            tags: self.signature_tags,
        };
        Ok(self.renderer.typst_source(c, draft, marks)?)
    }

    /// Produces a convention in `format`. The PDF carries the convention as the writer
    /// gives it, not `_input` as typed: no comment of the author's file (« # NOTE
    /// INTERNE … ») and no signatory's e-mail address reaches the parties; `diff` and
    /// `avenant` read it back the same.
    pub fn produce(
        &self,
        convention: &Convention,
        _input: &[u8],
        draft: bool,
        format: Format,
    ) -> Result<Document, DocumentError> {
        let canonical = convention.to_shared_toml();
        let input = canonical.as_bytes();
        let mut timings = Timings::default();
        let started = Instant::now();
        let generated = self.typst_source(convention, draft)?;
        timings.template = started.elapsed();
        if format == Format::Typ {
            let files = vec![generated.into_bytes()];
            let (pages, warnings) = (0, Vec::new());
            return Ok(Document {
                files,
                pages,
                warnings,
                timings,
            });
        }
        let started = Instant::now();
        let typst_error = |diagnostics, generated: &str| DocumentError::Typst {
            diagnostics,
            generated: generated.to_string(),
            template: template_name(convention.kind).to_string(),
        };
        let files = (self.annex_files(convention))
            .map_err(|diagnostics| typst_error(diagnostics, &generated))?;
        let compiled = (self.base.compile(generated.clone(), input, &files))
            .map_err(|diagnostics| typst_error(diagnostics, &generated))?;
        timings.compile = started.elapsed();
        let started = Instant::now();
        let document = &compiled.document;
        let files = match format {
            Format::Png => self.png_pages(document),
            _ => self.pdf(document, &convention.reference),
        };
        let files = files.map_err(|diagnostics| typst_error(diagnostics, &generated))?;
        timings.export = started.elapsed();
        self.evict_now_and_then();
        Ok(Document {
            files,
            pages: document.pages().len(),
            warnings: compiled.warnings,
            timings,
        })
    }

    /// A convention's draft compiled once, with what each page shows as a hash: the
    /// workspace keeps it while the file does not change and draws from it only the pages
    /// asked for ([`Engine::draw`]). Only the layout is hashed — glyphs, shapes, images and
    /// where they stand — not the source positions Typst keeps with them, which move with
    /// any edit above: a page whose hash did not change looks the same.
    pub fn draft(&self, c: &Convention, input: &[u8]) -> Result<Draft, DocumentError> {
        use std::hash::{Hash as _, Hasher as _};
        let generated = self.typst_source(c, true)?;
        let template = template_name(c.kind);
        let typst_error = |diagnostics, generated: String| DocumentError::Typst {
            diagnostics,
            generated,
            template: template.to_string(),
        };
        let files = match self.annex_files(c) {
            Ok(files) => files,
            Err(diagnostics) => return Err(typst_error(diagnostics, generated)),
        };
        let compiled = (self.base.compile(generated.clone(), input, &files))
            .map_err(|diagnostics| typst_error(diagnostics, generated))?;
        let hashes = (compiled.document.pages().iter())
            .map(|page| {
                let mut state = std::hash::DefaultHasher::new();
                page.frame.size().hash(&mut state);
                page.fill.hash(&mut state);
                looks(&page.frame, &mut state);
                format!("{:016x}", state.finish())
            })
            .collect();
        self.evict_now_and_then();
        Ok(Draft {
            document: compiled.document,
            hashes,
            template,
        })
    }

    /// Page `number` (from 1) of a draft as a PNG image at screen resolution; `None` past
    /// the last page.
    pub fn draw(&self, draft: &Draft, number: usize) -> Result<Option<Vec<u8>>, DocumentError> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(PREVIEW_PIXELS_PER_PT),
            render_bleed: false,
        };
        let pages = draft.document.pages();
        let Some(page) = number.checked_sub(1).and_then(|i| pages.get(i)) else {
            return Ok(None);
        };
        // Opaque and compressed fast: an image drawn for one look, thrown away at the next edit.
        let png = opaque_png(&typst_render::render(page, &options));
        png.map(Some).map_err(|e| DocumentError::Typst {
            diagnostics: vec![TypstDiagnostic::plain(format!("PNG: {e}"))],
            generated: String::new(),
            template: draft.template.to_string(),
        })
    }

    /// What a convention's document reads besides its source: each annex it carries, its
    /// PDF to attach it and the images of its pages.
    fn annex_files(&self, c: &Convention) -> Result<Vec<(String, Bytes)>, Vec<TypstDiagnostic>> {
        let mut files = Vec::new();
        for i in crate::render::carried_annexes(c) {
            let Some(content) = &c.annexes[i].content else {
                continue;
            };
            let pdf = Bytes::new(content.bytes.to_vec());
            files.push((annex_source_path(i), pdf));
            let pages = self.base.annex_pages(&content.bytes, content.pages)?;
            for (k, image) in pages.iter().enumerate() {
                files.push((annex_page_path(i, k + 1), image.clone()));
            }
        }
        Ok(files)
    }

    fn png_pages(
        &self,
        document: &typst_layout::PagedDocument,
    ) -> Result<Vec<Vec<u8>>, Vec<TypstDiagnostic>> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(PNG_PIXELS_PER_PT),
            render_bleed: false,
        };
        let pages = document.pages().iter();
        pages
            .map(|page| typst_render::render(page, &options).encode_png())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| vec![TypstDiagnostic::plain(format!("PNG: {e}"))])
    }

    fn pdf(
        &self,
        document: &typst_layout::PagedDocument,
        reference: &str,
    ) -> Result<Vec<Vec<u8>>, Vec<TypstDiagnostic>> {
        let mut pdf = self.base.pdf(document, reference)?;
        if self.signature_fields {
            let boxes = signature_boxes(document);
            pdf = add_signature_fields(&pdf, &boxes).map_err(|e: PdfError| {
                vec![TypstDiagnostic::plain(format!("signature fields: {e}"))]
            })?;
        }
        Ok(vec![pdf])
    }
}

/// Hashes what a frame shows, without the source positions of its items.
fn looks(frame: &typst::layout::Frame, state: &mut std::hash::DefaultHasher) {
    use std::hash::Hash as _;
    use typst::layout::FrameItem;
    for (point, item) in frame.items() {
        point.hash(state);
        match item {
            FrameItem::Group(group) => {
                0u8.hash(state);
                group.transform.hash(state);
                group.clip.hash(state);
                group.frame.size().hash(state);
                looks(&group.frame, state);
            }
            FrameItem::Text(text) => {
                1u8.hash(state);
                text.font.hash(state);
                text.size.hash(state);
                text.fill.hash(state);
                text.stroke.hash(state);
                text.text.hash(state);
                for glyph in &text.glyphs {
                    (glyph.id, glyph.x_advance, glyph.x_offset).hash(state);
                    (glyph.y_advance, glyph.y_offset).hash(state);
                }
            }
            FrameItem::Shape(shape, _) => (2u8, shape).hash(state),
            FrameItem::Image(image, size, _) => (3u8, image, size).hash(state),
            FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
}
