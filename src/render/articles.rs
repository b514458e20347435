//! The articles of a convention in their order: the standard ones, each named by its id,
//! and the file's free articles after or instead of them; then the annexes, numbered: the
//! fiches action first, then those the file lists.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::*;

/// An article of the text, in its place.
#[derive(Serialize)]
pub struct Slot<'a> {
    /// The standard article's id (`financement`), or `clause` for a free article.
    pub id: &'static str,
    /// Its title, as its heading gives it.
    pub title: String,
    pub clause: Option<ClauseView<'a>>,
}

/// A free article: its paragraphs and its sub-articles.
#[derive(Serialize)]
pub struct ClauseView<'a> {
    pub paragraphs: Vec<String>,
    pub sections: Vec<SectionView<'a>>,
}

/// A sub-article, numbered after its article by the template.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub paragraphs: Vec<String>,
}

/// The title of a standard article, for the kind of act it is in.
pub fn title(id: ArticleId, kind: Kind) -> String {
    let cej = kind == Kind::Cej;
    let of_the = if cej {
        "du contrat"
    } else {
        "de la convention"
    };
    match id {
        ArticleId::Objet => format!("Objet {of_the}"),
        ArticleId::Duree => format!("Durée {of_the}"),
        ArticleId::Plan if cej => "Objectifs et actions".into(),
        id => id.label().into(),
    }
}

/// Every article in its order: each standard article, or the free articles that replace
/// it, then the free articles that follow it; those placed nowhere follow « Litiges ».
pub fn slots(c: &Convention) -> Vec<Slot<'_>> {
    let kind = c.nature();
    fn clause(k: &Clause) -> Slot<'_> {
        Slot {
            id: "clause",
            title: k.title.clone(),
            clause: Some(ClauseView::of(k)),
        }
    }
    let mut slots = Vec::new();
    for &id in ArticleId::ALL {
        let replacing: Vec<&Clause> = (c.clauses.iter())
            .filter(|k| k.replace == Some(id))
            .collect();
        match replacing.as_slice() {
            [] => slots.push(Slot {
                id: id.as_str(),
                title: title(id, kind),
                clause: None,
            }),
            replacing => slots.extend(replacing.iter().copied().map(clause)),
        }
        let following = |k: &&Clause| {
            k.replace.is_none()
                && (k.after == Some(id) || k.after.is_none() && id == ArticleId::Litiges)
        };
        slots.extend(c.clauses.iter().filter(following).map(clause));
    }
    slots
}

impl<'a> ClauseView<'a> {
    fn of(clause: &'a Clause) -> ClauseView<'a> {
        ClauseView {
            paragraphs: clause.text.as_deref().map(paragraphs).unwrap_or_default(),
            sections: (clause.sections.iter())
                .map(|s| SectionView {
                    title: &s.title,
                    paragraphs: paragraphs(&s.text),
                })
                .collect(),
        }
    }
}

/// An annex: its number and title, and the pages it carries when it is a PDF.
#[derive(Serialize)]
pub struct AnnexView {
    pub number: usize,
    pub title: String,
    /// The annex « Fiches action », made from the file.
    pub fiches: bool,
    /// The images of its pages, as the document reads them; none for an annex held apart.
    pub pages: Vec<String>,
    /// Where the document reads the PDF it attaches, and the name it attaches it under.
    pub source: Option<String>,
    pub attachment_name: Option<String>,
    /// Whether the file names a PDF (held apart otherwise).
    pub has_file: bool,
    /// Whether the document prints it after the signatures: the fiches action and a PDF's
    /// pages; an annex held apart is described in « Pièces contractuelles » only.
    pub printed: bool,
    /// What identifies it in « Pièces contractuelles »: « version 2 du 12 décembre 2019,
    /// 14 pages ».
    pub identity: Option<String>,
    /// Whether it is the CEJ's conditions générales, which the contract then cites by this
    /// annex rather than as the Cnaf's in general.
    pub general_conditions: bool,
}

/// Where the document reads page `page` (from 1) of the file's annex `index` (from 0).
pub fn annex_page_path(index: usize, page: usize) -> String {
    format!("/annexe-{}-{page}.png", index + 1)
}

/// Where the document reads the file's annex `index` (from 0), to attach it.
pub fn annex_source_path(index: usize) -> String {
    format!("/annexe-{}.pdf", index + 1)
}

/// « version 2 du 12 décembre 2019, 14 pages »: what the file says of an annex.
fn identity(annex: &Appendix) -> Option<String> {
    let dated = annex
        .date
        .map(|d| format!("du {}", crate::french::date(d.year, d.month, d.day)));
    let named = [annex.version.clone(), dated]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    let pages = annex.pages.map(|n| match n {
        1 => "1\u{a0}page".to_string(),
        n => format!("{n}\u{a0}pages"),
    });
    let parts: Vec<String> = [(!named.is_empty()).then(|| named.join(" ")), pages]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Whether an annex's title names the CEJ's conditions générales (« Conditions générales de
/// la prestation de service enfance et jeunesse »).
fn is_general_conditions(title: &str) -> bool {
    (title.trim().to_lowercase()).starts_with("conditions générales")
}

/// The annexes, numbered: the fiches action when there are any, then the file's own.
pub fn annexes(c: &Convention) -> Vec<AnnexView> {
    let has_fiches = (c.axes.iter().flat_map(|a| &a.actions)).any(|a| a.sheet().is_some());
    let fiches = has_fiches.then(|| AnnexView {
        number: 1,
        title: "Fiches action".into(),
        fiches: true,
        pages: Vec::new(),
        source: None,
        attachment_name: None,
        has_file: false,
        printed: true,
        identity: None,
        general_conditions: false,
    });
    let first = usize::from(has_fiches) + 1;
    let own = c.annexes.iter().enumerate().map(|(i, annex)| {
        let pages = annex.content.as_ref().map_or(0, |f| f.pages);
        let number = first + i;
        AnnexView {
            number,
            title: annex.title.clone(),
            fiches: false,
            pages: (1..=pages).map(|p| annex_page_path(i, p)).collect(),
            source: annex.content.as_ref().map(|_| annex_source_path(i)),
            attachment_name: annex
                .content
                .as_ref()
                .map(|_| format!("annexe-{number}-{}.pdf", crate::french::slug(&annex.title))),
            has_file: annex.file.is_some(),
            printed: pages > 0,
            identity: identity(annex),
            general_conditions: c.nature() == Kind::Cej && is_general_conditions(&annex.title),
        }
    });
    fiches.into_iter().chain(own).collect()
}

/// The document's number of each of the file's annexes, by key path (`annexes[1]` → 2 after
/// the « Fiches action »): `annexes`' numbering, for the workspace's form to title them so.
pub fn annex_numbers(c: &Convention) -> BTreeMap<String, usize> {
    let own = annexes(c).into_iter().filter(|a| !a.fiches);
    (own.enumerate())
        .map(|(i, a)| (format!("annexes[{}]", i + 1), a.number))
        .collect()
}
