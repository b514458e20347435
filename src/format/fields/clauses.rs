//! The tables of what a file adds to the standard text: free articles with their
//! sub-articles, and annexes of its own.

use super::{Shape, Table, optional, required, w};
use crate::format::record::record;
use crate::model::*;

/// `[[clauses]]`: a free article.
pub static CLAUSE: Table = Table {
    name: "clause",
    item: w("article", "article"),
    label: w("Article libre", "Free article"),
    help: w(
        "Un article propre à la convention, numéroté avec les autres : après un article type (`after`), à sa place (`replace`), ou sinon après « Litiges ».",
        "An article of this convention's own, numbered with the others: after a standard article (`after`), instead of one (`replace`), or else after « Litiges ».",
    ),
    fields: &[
        required("title", Shape::Line, w("Intitulé", "Title"))
            .help("Ex. « Communication ».", "E.g. « Communication »."),
        optional("text", Shape::Text, w("Texte", "Text")).help(
            "Les paragraphes de l’article, séparés par une ligne vide.",
            "The article's paragraphs, separated by a blank line.",
        ),
        optional("after", Shape::Choice(ArticleId::CHOICES), w("Après l’article", "After the article")).help(
            "L’article type qu’il suit : objet, champs, duree, plan, engagements, pilotage, financement, donnees, modification, resiliation, litiges, pieces.",
            "The standard article it follows: objet, champs, duree, plan, engagements, pilotage, financement, donnees, modification, resiliation, litiges, pieces.",
        ),
        optional("replace", Shape::Choice(ArticleId::CHOICES), w("À la place de l’article", "Instead of the article")).help(
            "L’article type qu’il remplace (sauf « financement » quand la convention a des lignes de financement, et « pieces »).",
            "The standard article it replaces (except « financement » when the convention has funding lines, and « pieces »).",
        ),
        optional("sections", Shape::Tables(&SECTION), w("Sous-articles", "Sub-articles"))
            .help("Numérotés N.1, N.2…", "Numbered N.1, N.2…")
            .add("Ajouter un sous-article", "Add a sub-article"),
    ],
};
record!(Clause: CLAUSE { title, text, after, replace, sections });

/// `[[clauses.sections]]`: a sub-article of a free article.
pub static SECTION: Table = Table {
    name: "section",
    item: w("sous-article", "sub-article"),
    label: w("Sous-article", "Sub-article"),
    help: w(
        "Un sous-article, numéroté d’après son article : 8.1, 8.2…",
        "A sub-article, numbered after its article: 8.1, 8.2…",
    ),
    fields: &[
        required("title", Shape::Line, w("Intitulé", "Title")),
        required("text", Shape::Text, w("Texte", "Text")).help(
            "Ses paragraphes, séparés par une ligne vide.",
            "Its paragraphs, separated by a blank line.",
        ),
    ],
};
record!(Section: SECTION { title, text });

/// `[[annexes]]`: an annex of the file's own.
pub static APPENDIX: Table = Table {
    name: "annex",
    item: w("annexe", "annex"),
    label: w("Annexe", "Annex"),
    help: w(
        "Une annexe : un PDF placé à côté du fichier, dont les pages suivent la convention, ou un document tenu à part.",
        "An annex: a PDF beside the file, whose pages follow the convention, or a document held separately.",
    ),
    fields: &[
        required("title", Shape::Line, w("Intitulé", "Title"))
            .help("Ex. « Diagnostic partagé du territoire (2024) ».", "E.g. « Diagnostic partagé du territoire (2024) »."),
        optional("file", Shape::Line, w("Fichier PDF", "PDF file")).help(
            "Chemin du PDF à partir du dossier du fichier, ex. « annexes/diagnostic.pdf » ; absent, l’annexe est un document tenu à part.",
            "The PDF's path from the file's folder, e.g. `annexes/diagnostic.pdf`; without it, the annex is a document held separately.",
        ),
        optional("version", Shape::Line, w("Version", "Version")).help(
            "Ce qui identifie le document, ex. « version 2 » ; cité dans « Pièces contractuelles ».",
            "What identifies the document, e.g. « version 2 »; cited in « Pièces contractuelles ».",
        ),
        optional("date", Shape::Date, w("Date du document", "Document's date")),
        optional("pages", Shape::Count { min: 1, max: 10000 }, w("Nombre de pages", "Number of pages")),
    ],
};
record!(Appendix: APPENDIX { title, file, version, date, pages });
