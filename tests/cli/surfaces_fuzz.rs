//! The new surfaces never panic, whatever they are given: workbooks (bytes of a damaged
//! `.xlsx`, and sheets of random cells), the source attached to a damaged PDF, and requests
//! to the workspace (random paths, headers and bodies). `CONVGEN_FUZZ_CASES` for long runs.

use std::sync::OnceLock;

use convgen::sheets::book::{Book, Cell, Table};
use convgen::sheets::layout::SHEETS;
use proptest::prelude::*;

use crate::serve::{Server, serve};
use crate::{code, convgen, stderr, tempdir};

/// The fixtures as an `.xlsx` workbook, and HOUVE's PDF, made once.
fn samples() -> &'static (Vec<u8>, Vec<u8>) {
    static SAMPLES: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dir = crate::tempdir();
        let fixtures = crate::root().join("fixtures").display().to_string();
        let book = dir.path().join("book.xlsx");
        let out = crate::convgen(&["export", &fixtures, "-o", book.to_str().unwrap()]);
        assert_eq!(crate::code(&out), 0);
        let houve = crate::root().join("fixtures/ctg/CTG-057-2021-HOUVE.toml");
        let pdfs = dir.path().join("pdf");
        let out = crate::convgen(&[
            "render",
            houve.to_str().unwrap(),
            "-o",
            pdfs.to_str().unwrap(),
        ]);
        assert_eq!(crate::code(&out), 0);
        let pdf = std::fs::read(pdfs.join("CTG-057-2021-HOUVE.pdf")).unwrap();
        (std::fs::read(book).unwrap(), pdf)
    })
}

/// `bytes` with some bytes replaced and the end perhaps cut.
fn damaged(
    bytes: &[u8],
    changes: &[(prop::sample::Index, u8)],
    cut: Option<prop::sample::Index>,
) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for (at, byte) in changes {
        let at = at.index(out.len());
        out[at] = *byte;
    }
    if let Some(cut) = cut {
        out.truncate(cut.index(out.len()));
    }
    out
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Empty),
        "[A-Za-z0-9 ,:/.'’-]{0,12}".prop_map(Cell::Text),
        prop_oneof![
            Just("CTG-1".to_string()),
            Just("caf".to_string()),
            Just("1".to_string()),
            Just("2024-01-01".to_string()),
            Just("enfance, autre: x".to_string())
        ]
        .prop_map(Cell::Text),
        any::<f64>().prop_map(Cell::Number),
        (-3.0f64..5.0).prop_map(Cell::Number),
        Just(Cell::Error("#N/A".into())),
        any::<bool>().prop_map(Cell::Bool),
    ]
}

/// A workbook of the layout's sheets (and perhaps others), headers mostly right, cells random.
fn book() -> impl Strategy<Value = Book> {
    let sheet = (
        0..SHEETS.len() + 1,
        prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..6),
        any::<bool>(),
    );
    prop::collection::vec(sheet, 0..8).prop_map(|sheets| Book {
        name: "fuzz.xlsx".into(),
        sheets: sheets
            .into_iter()
            .map(|(index, mut rows, headers)| {
                let layout = SHEETS.get(index);
                let name = layout.map_or("autre".to_string(), |s| s.name.to_string());
                if let (Some(layout), true) = (layout, headers) {
                    let mut header: Vec<Cell> = layout
                        .columns
                        .iter()
                        .map(|c| Cell::Text(c.name.into()))
                        .collect();
                    header.push(Cell::Text("2024".into()));
                    rows.insert(0, header);
                }
                Table { name, rows }
            })
            .collect(),
    })
}

/// One server for the request cases.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(serve)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::fuzz_cases(200), ..ProptestConfig::default() })]

    #[test]
    fn damaged_workbooks_never_panic(
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..20),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let bytes = damaged(&samples().0, &changes, cut);
        if let Ok(book) = Book::from_bytes("fuzz.xlsx".into(), bytes) {
            let _ = convgen::sheets::import(&book);
        }
    }

    #[test]
    fn sheets_of_random_cells_never_panic(book in book()) {
        let import = convgen::sheets::import(&book);
        for convention in import.conventions {
            if let Ok(drafted) = convention.outcome {
                let source = convgen::format::Source::from_bytes("x.toml".as_ref(), drafted.text().into_bytes());
                prop_assert!(convgen::pipeline::load(&source).is_valid(), "a file import writes passes check");
            }
        }
    }

    #[test]
    fn damaged_pdfs_never_panic(
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..30),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let bytes = damaged(&samples().1, &changes, cut);
        let _ = convgen::compile::attached::attached_source(&bytes);
    }

    #[test]
    fn random_requests_never_bring_the_workspace_down(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE"]),
        path in "/(api/(conventions(/[A-Za-z0-9%._-]{0,20}(/(pages|history|changes|preview|send)(/[0-9a-z.%]{0,6})?)?)?|check|renew|journal|import|export\\.xlsx)|[a-z%./]{0,12})(\\?[a-z=&%0-9]{0,20})?",
        header in "[ -~]{0,40}",
        body in "[ -~\n]{0,200}",
    ) {
        let server = server();
        let headers = [("If-Match", header.as_str()), ("Content-Type", "application/json")];
        let answer = server.request(method, &path, &headers, &body);
        prop_assert!(answer.status < 500 || answer.status == 501, "{method} {path}: {}", answer.status);
        prop_assert_eq!(server.get("/api/conventions").status, 200);
    }
}

/// What coverage-guided fuzzing found (`fuzz/`), each kept as its input in
/// `tests/data/fuzz-regressions/`: refused with a message, never a panic nor a hang.
#[test]
fn the_inputs_fuzzing_found_are_refused_in_time() {
    let data = crate::root().join("tests/data/fuzz-regressions");
    // A `/Length` of 2^64 − 1 overflowed the end of the attachment: a panic.
    let pdf = data.join("attached-length-overflow");
    let diff = convgen(&[
        "diff",
        pdf.to_str().unwrap(),
        "fixtures/ctg/CTG-047-2024-CD47.toml",
    ]);
    assert_eq!(code(&diff), 1, "{}", stderr(&diff));
    assert!(
        stderr(&diff).contains("the attachment is cut short"),
        "{}",
        stderr(&diff)
    );
    // An `.ods` whose table is never closed: calamine read its end forever.
    let ods = data.join("import-ods-unclosed-table.ods");
    let out = tempdir();
    let mut import = crate::english(std::process::Command::new(env!("CARGO_BIN_EXE_convgen")))
        .args([
            "import",
            ods.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = import.try_wait().unwrap() {
            break status;
        }
        if started.elapsed().as_secs() > 20 {
            import.kill().unwrap();
            panic!("import still reading the .ods after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    let err = std::io::read_to_string(import.stderr.take().unwrap()).unwrap();
    assert!(err.contains("is not a workbook"), "{err}");
}
