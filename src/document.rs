//! One convention through the whole pipeline: template → Typst → PDF, timed by phase.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::compile::signature::{add_signature_fields, signature_boxes};
use crate::compile::{Base, TypstDiagnostic};
use crate::model::Convention;
use crate::render::{Renderer, TemplateError, template_name};
use crate::templates::Templates;

/// What `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The PDF convention.
    Pdf,
    /// The generated Typst source, to inspect or debug a template.
    Typ,
    /// One PNG image per page (144 pixels per inch), to preview or publish.
    Png,
}

/// Pixels per typographic point of PNG pages: 2 × 72 = 144 ppi.
const PNG_PIXELS_PER_PT: f64 = 2.0;

/// Why a valid convention could not be turned into a document.
#[derive(Debug)]
pub enum DocumentError {
    Template(TemplateError),
    /// Typst refused the generated source; `generated` is that source, `template` the
    /// template it came from.
    Typst {
        diagnostics: Vec<TypstDiagnostic>,
        generated: String,
        template: String,
    },
}

impl DocumentError {
    /// The first message, on one line, for the manifest.
    pub fn summary(&self) -> String {
        match self {
            DocumentError::Template(e) => format!("template {e}"),
            DocumentError::Typst { diagnostics, .. } => {
                let first = diagnostics
                    .iter()
                    .find(|d| d.is_error)
                    .or(diagnostics.first());
                first.map_or_else(
                    || "typst failed".to_string(),
                    |d| format!("typst: {}", d.message),
                )
            }
        }
    }
}

/// The produced document and what it took.
pub struct Document {
    /// The file's content; for PNG, one image per page.
    pub files: Vec<Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<TypstDiagnostic>,
    pub timings: Timings,
}

/// Time spent in each phase, to see the overhead around Typst.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub template: Duration,
    pub compile: Duration,
    pub export: Duration,
    pub write: Duration,
}

impl Timings {
    /// One line for `--timings`: each phase of the jobs in milliseconds and as a share of
    /// the time the jobs had (`jobs` × `wall`), the rest of which went elsewhere (start,
    /// waiting, the manifest); writing happens beside the jobs, in the writer thread.
    pub fn summary(&self, jobs: usize, wall: Duration) -> String {
        let phases = [
            ("load and validate", self.load),
            ("template", self.template),
            ("typst compile", self.compile),
            ("pdf export", self.export),
        ];
        let available = (jobs as f64 * wall.as_secs_f64()).max(1e-9);
        let busy: f64 = phases.iter().map(|(_, d)| d.as_secs_f64()).sum();
        let elsewhere = ("elsewhere", (available - busy).max(0.0));
        let parts: Vec<String> = phases
            .iter()
            .map(|(name, d)| (*name, d.as_secs_f64()))
            .chain([elsewhere])
            .map(|(name, seconds)| {
                format!(
                    "{name} {:.0} ms ({:.1} %)",
                    seconds * 1000.0,
                    100.0 * seconds / available
                )
            })
            .collect();
        format!(
            "timings over {jobs} job{} × {:.2} s: {}; write {:.0} ms beside the jobs",
            crate::cli::plural(jobs),
            wall.as_secs_f64(),
            parts.join(", "),
            self.write.as_secs_f64() * 1000.0
        )
    }
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, other: Timings) {
        self.load += other.load;
        self.template += other.template;
        self.compile += other.compile;
        self.export += other.export;
        self.write += other.write;
    }
}

/// Everything a batch shares: the template environment and the Typst base.
pub struct Engine {
    renderer: Renderer,
    base: Base,
    signature_fields: bool,
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
            produced: AtomicUsize::new(0),
        }
    }

    /// The template environment, for the other commands that render text.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
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

    /// PDFs without electronic signature fields.
    pub fn without_signature_fields(mut self) -> Engine {
        self.signature_fields = false;
        self
    }

    /// The template files in use.
    pub fn templates(&self) -> &Templates {
        self.base.templates()
    }

    /// How to name a template file in messages.
    pub fn template_display_name(&self, path: &str) -> String {
        self.base.templates().display_name(path)
    }

    /// The generated Typst source.
    pub fn typst_source(
        &self,
        convention: &Convention,
        draft: bool,
    ) -> Result<String, DocumentError> {
        self.renderer
            .typst_source(convention, draft)
            .map_err(DocumentError::Template)
    }

    /// Produces a convention in `format`; `input` is its TOML file, attached to the PDF.
    pub fn produce(
        &self,
        convention: &Convention,
        input: &[u8],
        draft: bool,
        format: Format,
    ) -> Result<Document, DocumentError> {
        let mut timings = Timings::default();
        let started = Instant::now();
        let generated = self.typst_source(convention, draft)?;
        timings.template = started.elapsed();
        if format == Format::Typ {
            return Ok(Document {
                files: vec![generated.into_bytes()],
                pages: 0,
                warnings: Vec::new(),
                timings,
            });
        }
        let started = Instant::now();
        let typst_error = |diagnostics, generated: String| DocumentError::Typst {
            diagnostics,
            generated,
            template: template_name(convention.kind).to_string(),
        };
        let compiled = match self.base.compile(generated.clone(), input) {
            Ok(compiled) => compiled,
            Err(diagnostics) => return Err(typst_error(diagnostics, generated)),
        };
        timings.compile = started.elapsed();
        let started = Instant::now();
        let pages = compiled.document.pages().len();
        let files = if format == Format::Png {
            let options = typst_render::RenderOptions {
                pixel_per_pt: typst::utils::Scalar::new(PNG_PIXELS_PER_PT),
                render_bleed: false,
            };
            let pngs = compiled.document.pages().iter().map(|page| {
                let png = typst_render::render(page, &options).encode_png();
                png.map_err(|e| {
                    typst_error(
                        vec![TypstDiagnostic::plain(format!("PNG: {e}"))],
                        generated.clone(),
                    )
                })
            });
            pngs.collect::<Result<Vec<_>, _>>()?
        } else {
            let pdf = self.base.pdf(&compiled.document, &convention.reference);
            let mut pdf = pdf.map_err(|diagnostics| typst_error(diagnostics, generated.clone()))?;
            if self.signature_fields {
                let boxes = signature_boxes(&compiled.document);
                pdf = add_signature_fields(&pdf, &boxes).map_err(|message| {
                    typst_error(
                        vec![TypstDiagnostic::plain(format!(
                            "signature fields: {message}"
                        ))],
                        generated,
                    )
                })?;
            }
            vec![pdf]
        };
        timings.export = started.elapsed();
        self.evict_now_and_then();
        Ok(Document {
            files,
            pages,
            warnings: compiled.warnings,
            timings,
        })
    }
}
