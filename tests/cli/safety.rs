//! Safe with any file and any folder: crafted workbooks refused at their sheet in seconds,
//! within bounded memory; symbolic links, FIFOs and huge files in a folder never read and
//! never written through; no edit lost to a renewal or an import; no line break in a
//! one-line field; one file per reference. The workspace's own answers are in
//! `safety_serve.rs`.

use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::*;

/// The crafted workbooks of `tests/data/hostile/` (see `make.py` there), each with what its
/// refusal names.
pub const CRAFTED: [(&str, &str); 6] = [
    (
        "corners.xlsx",
        "sheet `conventions`: its cells reach XFD1048576",
    ),
    (
        "inflated.xlsx",
        "sheet `conventions`: its cells reach A1000001",
    ),
    (
        "huge-string.xlsx",
        "its part `xl/sharedStrings.xml` inflates to more than 64 MiB",
    ),
    (
        "long-string.xlsx",
        "sheet `conventions`: cell A1 holds 1000000 characters",
    ),
    (
        "repeated.ods",
        "sheet `conventions`: its repeated rows and columns make",
    ),
    (
        "repeated-empty.ods",
        "sheet `conventions`: a cell's text longer than",
    ),
];

pub fn crafted(name: &str) -> std::path::PathBuf {
    root().join("tests/data/hostile").join(name)
}

/// Runs convgen with at most `limit` bytes of address space: a workbook that makes it
/// allocate past that aborts it, where it would otherwise take the machine's memory.
fn convgen_within(limit: u64, args: &[&str]) -> Output {
    let mut command = crate::english(Command::new(env!("CARGO_BIN_EXE_convgen")));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    unsafe {
        command.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            match libc::setrlimit(libc::RLIMIT_AS, &rlimit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    command.output().expect("run convgen")
}

#[test]
fn crafted_workbooks_are_refused_at_their_sheet_in_seconds_within_bounded_memory() {
    let out = tempdir();
    for (name, refusal) in CRAFTED {
        let book = crafted(name);
        let started = Instant::now();
        let output = convgen_within(
            1 << 30,
            &[
                "import",
                book.to_str().unwrap(),
                "-o",
                out.path().to_str().unwrap(),
            ],
        );
        let took = started.elapsed();
        assert_eq!(code(&output), 1, "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(refusal),
            "{name}: {}",
            stderr(&output)
        );
        assert!(took < Duration::from_secs(5), "{name} took {took:?}");
    }
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none());
}

/// A folder holding a convention, and beside it what must never be read: a link to a
/// convention outside the folder, a FIFO, a file of 1 GiB (sparse), each named `*.toml`.
fn hostile_folder() -> (tempfile::TempDir, tempfile::TempDir) {
    let (dir, outside) = (tempdir(), tempdir());
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    std::fs::write(dir.path().join("CTG-057-2021-HOUVE.toml"), &houve).unwrap();
    let secret = houve.replacen("CTG-057-2021-HOUVE", "SECRET-OUTSIDE", 1);
    std::fs::write(outside.path().join("secret.toml"), secret).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join("link.toml"),
    )
    .unwrap();
    let fifo = std::ffi::CString::new(dir.path().join("fifo.toml").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(1 << 30).unwrap();
    (dir, outside)
}

/// `convgen` run on a thread, given `limit` to finish: a run that hangs fails the test.
fn finishes_within(limit: Duration, args: Vec<String>) -> Output {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = send.send(convgen(&args));
    });
    receive.recv_timeout(limit).expect("convgen finishes")
}

#[test]
fn links_fifos_and_huge_files_in_a_folder_are_reported_never_read() {
    let (dir, _outside) = hostile_folder();
    let folder = dir.path().to_str().unwrap().to_string();
    let checked = finishes_within(
        Duration::from_secs(20),
        vec!["check".into(), folder.clone()],
    );
    let text = stderr(&checked);
    assert_eq!(code(&checked), 1, "{text}");
    for (file, why) in [
        (
            "link.toml",
            "a symbolic link: only regular files are read in a folder",
        ),
        ("fifo.toml", "not a regular file"),
        ("big.toml", "larger than 16 MiB"),
    ] {
        assert!(text.contains(file) && text.contains(why), "{file}: {text}");
    }
    assert!(!text.contains("SECRET-OUTSIDE"), "{text}");
    let out = tempdir();
    let args = [
        "render",
        &folder,
        "-o",
        out.path().to_str().unwrap(),
        "--draft",
    ];
    let rendered = finishes_within(Duration::from_secs(60), args.map(String::from).to_vec());
    assert_eq!(code(&rendered), 1, "{}", stderr(&rendered));
    let written: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
    let names: Vec<String> = written
        .iter()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    assert!(
        names.contains(&"CTG-057-2021-HOUVE-projet.pdf".to_string()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("SECRET")), "{names:?}");
    // A link given by name is the user's own choice, and is followed.
    let link = dir.path().join("link.toml");
    assert_eq!(code(&convgen(&["check", link.to_str().unwrap()])), 0);
}

/// The copy of a fixture in `dir` with its reference changed, and the file's name.
fn copy_as(dir: &Path, fixture_path: &str, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, fixture(fixture_path)).unwrap();
    path
}

#[test]
fn a_second_renewal_keeps_the_edited_draft_as_a_version() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let cejs = root().join("fixtures/cej").display().to_string();
    let renew = || {
        convgen(&[
            "renew",
            &cejs,
            "--expiring-before",
            "2026-01-01",
            "-o",
            out.to_str().unwrap(),
        ])
    };
    assert_eq!(code(&renew()), 0);
    let draft = (std::fs::read_dir(&out).unwrap().flatten())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .unwrap();
    let edited = std::fs::read_to_string(&draft).unwrap() + "# relu par la juriste\n";
    std::fs::write(&draft, &edited).unwrap();
    let again = renew();
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(
        !std::fs::read_to_string(&draft)
            .unwrap()
            .contains("relu par")
    );
    let history = out
        .join(".convgen-history")
        .join(draft.file_name().unwrap());
    let kept: Vec<String> = (std::fs::read_dir(&history).unwrap().flatten())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert_eq!(kept, [edited], "the edited draft, kept");
    let report = std::fs::read_to_string(out.join("renew-report.csv")).unwrap();
    assert!(
        report.contains("the draft it replaces is kept as version"),
        "{report}"
    );
}

#[test]
fn a_forced_import_keeps_the_file_it_replaces_as_a_version() {
    let dir = tempdir();
    let book = dir.path().join("book.xlsx");
    let fixture = root().join("fixtures/ctg/CTG-057-2021-HOUVE.toml");
    let exported = convgen(&[
        "export",
        fixture.to_str().unwrap(),
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code(&exported), 0, "{}", stderr(&exported));
    let out = dir.path().join("out");
    let import = |force: bool| {
        let mut args = vec![
            "import",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(force.then_some("--force"));
        convgen(&args)
    };
    assert_eq!(code(&import(false)), 0);
    let file = out.join("CTG-057-2021-HOUVE.toml");
    // Changed (a file that says what its row says is left as it is).
    let text = std::fs::read_to_string(&file).unwrap();
    let edited =
        text.replacen("territory = \"", "territory = \"Pays de ", 1) + "# note de la juriste\n";
    std::fs::write(&file, &edited).unwrap();
    assert_eq!(code(&import(false)), 0, "kept without --force");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    let forced = import(true);
    assert!(
        stderr(&forced).contains("kept the previous text of"),
        "{}",
        stderr(&forced)
    );
    let history = out.join(".convgen-history/CTG-057-2021-HOUVE.toml");
    let version = std::fs::read_dir(history)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    assert_eq!(std::fs::read_to_string(version).unwrap(), edited);
}

#[test]
fn a_line_break_in_a_one_line_field_is_refused_at_its_line_and_never_panics() {
    let dir = tempdir();
    let path = copy_as(dir.path(), "ctg/CTG-057-2021-HOUVE.toml", "x.toml");
    for (from, to) in [
        (
            "name = \"Jean-Pierre Kieffer\"",
            "name = \"Jean-Pierre\\nKieffer\"",
        ),
        (
            "name = \"Jean-Pierre Kieffer\"",
            "name = \"Jean-Pierre\\u2028Kieffer\"",
        ),
    ] {
        let text = fixture("ctg/CTG-057-2021-HOUVE.toml").replacen(from, to, 1);
        let line = text
            .lines()
            .position(|l| l.contains("Jean-Pierre"))
            .unwrap()
            + 1;
        std::fs::write(&path, &text).unwrap();
        let checked = convgen(&["check", path.to_str().unwrap()]);
        let printed = stderr(&checked);
        assert_eq!(code(&checked), 1, "{printed}");
        assert!(printed.contains("must be on one line"), "{printed}");
        assert!(printed.contains(&format!("x.toml:{line}:")), "{printed}");
        let eml = dir.path().join("eml");
        let sent = send_dry_run(
            path.to_str().unwrap(),
            &dir.path().join("o"),
            &eml,
            "a@b.fr",
        );
        assert_eq!(code(&sent), 1, "refused, not a panic: {}", stderr(&sent));
    }
    // A fiche action's need may hold several lines.
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml");
    let need = text.lines().find(|l| l.starts_with("need = \"")).unwrap();
    let two_lines = need.replacen("need = \"", "need = \"Premier constat.\\n", 1);
    std::fs::write(&path, text.replacen(need, &two_lines, 1)).unwrap();
    assert_eq!(code(&convgen(&["check", path.to_str().unwrap()])), 0);
}
