//! An annex's PDF sent from the page: kept beside the convention file, in `annexes/`, under
//! a name made safe from the one it had, never over another file; the form then writes its
//! path in the annex's `file`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::api::{blocking, error};
use super::convention::Convention;
use crate::i18n::Message;

/// Largest annex taken: what `render` reads (a scanned diagnostic of a few dozen pages).
pub const MAX_ANNEX_BYTES: usize = crate::pipeline::annexes::MAX_ANNEX_BYTES as usize;

/// The name the file had on the user's computer.
#[derive(Debug, Deserialize)]
pub struct Named {
    name: String,
}

/// Where it was kept, from the convention file's folder: the value of `file`.
#[derive(Debug, Serialize)]
pub struct Kept {
    file: String,
}

/// `POST /api/conventions/{reference}/annexes?name=NAME` (body: the PDF, at most 20 MiB):
/// kept as `annexes/<safe name>.pdf` beside the file, `-2`, `-3`… when the name is taken:
/// `201 {file}`; the same bytes as a copy kept under that name: `200 {file}` of that copy,
/// nothing written; not a PDF: `422`.
pub async fn upload(convention: Convention, Query(named): Query<Named>, body: Bytes) -> Response {
    let work = move || -> Response {
        let Convention { path, lang, .. } = convention;
        if !body.starts_with(b"%PDF-") {
            let message = Message::ServeAnnexNotPdf.text(lang);
            return error(StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        let beside = path.parent().unwrap_or(std::path::Path::new("."));
        let folder = match crate::files::folder_inside(beside, "annexes".as_ref()) {
            Ok(folder) => folder,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        let stem = safe_stem(&named.name);
        for n in 1..100 {
            let name = match n {
                1 => format!("{stem}.pdf"),
                n => format!("{stem}-{n}.pdf"),
            };
            match crate::deliver::write_new(&folder.join(&name), &body) {
                Ok(()) => {
                    let file = format!("annexes/{name}");
                    return (StatusCode::CREATED, Json(Kept { file })).into_response();
                }
                // The same PDF sent again is the copy already kept, not one more file.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if same_bytes(&folder.join(&name), &body) {
                        let file = format!("annexes/{name}");
                        return (StatusCode::OK, Json(Kept { file })).into_response();
                    }
                }
                Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
        }
        let message = Message::ServeTooManyAnnexes { name: stem };
        error(StatusCode::CONFLICT, message.text(lang))
    };
    blocking(work).await
}

/// Whether the regular file at `path` (never a link) holds exactly `bytes`.
fn same_bytes(path: &std::path::Path, bytes: &[u8]) -> bool {
    let limit = bytes.len() as u64;
    crate::files::read(path, limit, crate::files::Links::Refuse).is_ok_and(|kept| kept == bytes)
}

/// A file name's stem as a slug (« Diagnostic partagé (2024).pdf » →
/// `diagnostic-partage-2024`): nothing that climbs out of the folder, hides the file or
/// needs quoting; `annexe` when nothing is left.
fn safe_stem(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match name.rsplit_once('.') {
        Some((stem, extension)) if extension.eq_ignore_ascii_case("pdf") => stem,
        _ => name,
    };
    let slug: String = crate::french::slug(stem).chars().take(60).collect();
    match slug.trim_end_matches('-') {
        "" => "annexe".to_string(),
        slug => slug.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_stem;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(
            safe_stem("Diagnostic partagé (2024).PDF"),
            "diagnostic-partage-2024"
        );
        assert_eq!(safe_stem("../../etc/passwd"), "passwd");
        assert_eq!(safe_stem("..\\x\\.bashrc.pdf"), "bashrc");
        assert_eq!(safe_stem("...pdf"), "annexe");
    }
}
