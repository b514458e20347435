//! Typst compiled in-process: one shared base (fonts, library, template files) and a small
//! world per document.

pub mod annex_pages;
pub mod attached;
pub mod fonts;
pub mod pdf_object;
pub mod pdf_revisions;
mod pdf_scanner;
mod pdf_update;
pub mod signature;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::templates::Templates;

/// Virtual path of the generated document: the same for every document, so that a batch
/// of any length uses the same few file ids (the interner holds at most 65 535).
const MAIN_PATH: &str = "/main.typ";
/// Virtual path under which the convention's TOML is readable, to attach it to the PDF.
const INPUT_PATH: &str = "/input.toml";

/// What all documents share: fonts, the standard library and the template files.
pub struct Base {
    library: LazyHash<Library>,
    fonts: FontStore,
    templates: Arc<Templates>,
    /// Parsed template sources, so a batch parses each shared file once.
    sources: Mutex<HashMap<FileId, Source>>,
    main_id: FileId,
    input_id: FileId,
    /// The pages of the annex PDFs drawn lately.
    drawn: annex_pages::Drawn,
}

impl Base {
    /// Loads the embedded fonts and the library once.
    pub fn new(templates: Arc<Templates>) -> Base {
        let fonts = fonts::store();
        Base {
            // `pdf.header-cell`: the labels of a fiche action are its table's row headers.
            library: LazyHash::new(
                Library::builder()
                    .with_features([typst::Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            fonts,
            templates,
            sources: Mutex::new(HashMap::new()),
            main_id: file_id(MAIN_PATH),
            input_id: file_id(INPUT_PATH),
            drawn: annex_pages::Drawn::default(),
        }
    }

    /// The template files this base reads from.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("constant virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One document to compile: its generated source, its input file, and the files it reads
/// besides the templates (an annex's PDF and the images of its pages), by virtual path.
struct DocWorld<'a> {
    base: &'a Base,
    main: Source,
    input: Bytes,
    files: HashMap<FileId, Bytes>,
}

impl DocWorld<'_> {
    /// The template-root path of a file id, refusing packages.
    fn template_path(&self, id: FileId) -> FileResult<String> {
        match id.get().root() {
            VirtualRoot::Project => Ok(id.vpath().get_without_slash().to_string()),
            VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
                format!("packages are not available in convgen templates ({spec})").into(),
            )))),
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.base.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let mut cache = self.base.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(source) = cache.get(&id) {
            return Ok(source.clone());
        }
        let path = self.template_path(id)?;
        let bytes = self
            .base
            .templates
            .get(&path)
            .ok_or_else(|| not_found(&path))?;
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        cache.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.base.input_id {
            return Ok(self.input.clone());
        }
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        let path = self.template_path(id)?;
        let bytes = self
            .base
            .templates
            .get(&path)
            .ok_or_else(|| not_found(&path))?;
        Ok(Bytes::new(bytes.to_vec()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.font(index)
    }

    /// No clock: the same input must give the same document.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(path: &str) -> FileError {
    FileError::NotFound(format!("templates/{path}").into())
}

/// A Typst error or warning, located in the file it came from.
#[derive(Clone, Debug)]
pub struct TypstDiagnostic {
    pub is_error: bool,
    pub message: String,
    pub hints: Vec<String>,
    /// Template-root path of the file (`main.typ` is the generated document).
    pub file: Option<String>,
    /// The file's text and the byte range, to show the offending line.
    pub text: Option<String>,
    pub range: Option<std::ops::Range<usize>>,
}

/// A compiled document.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<TypstDiagnostic>,
}

impl Base {
    /// Compiles a generated Typst source; `input` is the convention's TOML, readable by
    /// the template at `/input.toml`, and `files` what else it reads, by virtual path.
    pub fn compile(
        &self,
        typst_source: String,
        input: &[u8],
        files: &[(String, Bytes)],
    ) -> Result<Compiled, Vec<TypstDiagnostic>> {
        let world = DocWorld {
            base: self,
            main: Source::new(self.main_id, typst_source),
            input: Bytes::new(input.to_vec()),
            files: (files.iter())
                .map(|(path, bytes)| (file_id(path), bytes.clone()))
                .collect(),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let warnings = warned.warnings.iter().map(|d| convert(&world, d)).collect();
        match warned.output {
            Ok(document) => Ok(Compiled { document, warnings }),
            Err(errors) => Err(errors.iter().map(|d| convert(&world, d)).collect()),
        }
    }

    /// Exports a document as PDF/A-3b; `ident` (the reference) keeps its identifier stable.
    pub fn pdf(
        &self,
        document: &PagedDocument,
        ident: &str,
    ) -> Result<Vec<u8>, Vec<TypstDiagnostic>> {
        let standards =
            PdfStandards::new(&[PdfStandard::A_3b, PdfStandard::Ua_1]).map_err(|e| {
                vec![TypstDiagnostic::plain(format!(
                    "PDF standard: {}",
                    e.message()
                ))]
            })?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("convgen {}", env!("CARGO_PKG_VERSION")))),
            timestamp: None,
            standards,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|errors| {
            let world = DocWorld {
                base: self,
                main: Source::detached(""),
                input: Bytes::new(Vec::new()),
                files: HashMap::new(),
            };
            errors.iter().map(|d| convert(&world, d)).collect()
        })
    }
}

impl TypstDiagnostic {
    /// A diagnostic that points nowhere.
    pub fn plain(message: String) -> Self {
        TypstDiagnostic {
            is_error: true,
            message,
            hints: Vec::new(),
            file: None,
            text: None,
            range: None,
        }
    }
}

fn convert(world: &DocWorld<'_>, diagnostic: &SourceDiagnostic) -> TypstDiagnostic {
    let span = diagnostic.span;
    let id = span.id();
    let file = id.map(|id| id.vpath().get_without_slash().to_string());
    let text = id
        .and_then(|id| world.source(id).ok())
        .map(|s| s.text().to_string());
    TypstDiagnostic {
        is_error: diagnostic.severity == Severity::Error,
        message: diagnostic.message.to_string(),
        hints: diagnostic.hints.iter().map(|h| h.v.to_string()).collect(),
        file,
        text,
        range: world.range(span),
    }
}
