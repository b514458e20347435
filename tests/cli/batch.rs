//! `convgen render` over many files: a bad file never stops the batch, the manifest, skipping
//! unchanged inputs, a killed run, duplicate references, limits and timings.

use std::path::{Path, PathBuf};

use crate::*;

/// `dir/in` with two of the fixtures in it.
fn two_fixtures(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["CTG-057-2021-HOUVE.toml", "CTG-047-2024-CD47.toml"] {
        std::fs::copy(root().join("fixtures/ctg").join(name), inputs.join(name)).unwrap();
    }
    inputs
}

/// [`two_fixtures`], with a file that has an error and a second file of HOUVE's reference.
fn two_fixtures_a_broken_file_and_a_duplicate(dir: &Path) -> PathBuf {
    let inputs = two_fixtures(dir);
    std::fs::write(
        inputs.join("broken.toml"),
        "kind = \"ctg\"\nreference = 42\n",
    )
    .unwrap();
    let duplicate = std::fs::read_to_string(inputs.join("CTG-057-2021-HOUVE.toml")).unwrap();
    std::fs::write(inputs.join("zz-duplicate.toml"), duplicate).unwrap();
    inputs
}

#[test]
fn a_bad_file_is_reported_and_the_others_are_written() {
    let dir = tempdir();
    let inputs = two_fixtures_a_broken_file_and_a_duplicate(dir.path());
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("broken.toml:2:"), "{err}");
    assert!(
        err.contains("duplicate reference \"CTG-057-2021-HOUVE\""),
        "{err}"
    );
    assert!(err.contains("zz-duplicate.toml:"), "{err}");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "CTG-047-2024-CD47.pdf",
            "CTG-057-2021-HOUVE.pdf",
            "manifest.json"
        ]
    );
    let manifest = manifest(&out);
    let entry = |name: &str| manifest_entry(&manifest, name);
    let broken = entry("broken.toml");
    assert_eq!(broken["status"], "failed");
    let error = broken["error"].as_str().unwrap();
    assert!(
        error.contains("broken.toml:1:1: `territory`: missing key")
            && error.contains("more problems"),
        "{broken}"
    );
    let duplicate = entry("zz-duplicate.toml");
    assert_eq!(duplicate["status"], "failed");
    assert!(
        duplicate["error"]
            .as_str()
            .unwrap()
            .contains("duplicate reference")
    );
    let good = entry("CTG-057-2021-HOUVE.toml");
    assert_eq!(good["status"], "rendered");
    assert_eq!(good["outputs"][0], "CTG-057-2021-HOUVE.pdf");
    let bytes = std::fs::read(out.join("CTG-057-2021-HOUVE.pdf")).unwrap();
    assert_eq!(good["sha256"][0], convgen::digest::sha256_hex(&bytes));
    assert_eq!(
        good["pages"],
        page_count(&out.join("CTG-057-2021-HOUVE.pdf"))
    );
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The manifest entry of the input whose path ends with `name`.
fn manifest_entry(manifest: &serde_json::Value, name: &str) -> serde_json::Value {
    manifest["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["input"].as_str().unwrap().ends_with(name))
        .cloned()
        .unwrap()
}

#[test]
fn unchanged_inputs_are_skipped_and_changed_ones_rendered_again() {
    let dir = tempdir();
    let inputs = two_fixtures(dir.path());
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "render",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let output = convgen(&args);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        stderr(&output)
    };
    assert!(run(&[]).contains("rendered 2, skipped 0"));
    assert!(run(&[]).contains("rendered 0, skipped 2"));
    let houve = inputs.join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&houve).unwrap();
    std::fs::write(
        &houve,
        text.replacen(
            "Houve et Pays Boulageois",
            "Houve et Pays Boulageois (2)",
            1,
        ),
    )
    .unwrap();
    assert!(run(&[]).contains("rendered 1, skipped 1"));
    assert!(pdf_text(&out.join("CTG-057-2021-HOUVE.pdf")).contains("Houve et Pays Boulageois (2)"));
    std::fs::write(out.join("CTG-047-2024-CD47.pdf"), b"tampered").unwrap();
    assert!(
        run(&[]).contains("rendered 1, skipped 1"),
        "a changed output is rendered again"
    );
    assert!(
        run(&["--draft"]).contains("rendered 2, skipped 0"),
        "a draft is another output"
    );
    assert!(run(&["--force"]).contains("rendered 2, skipped 0"));
}

#[test]
fn a_killed_batch_leaves_no_partial_pdf_and_a_rerun_completes_it() {
    let dir = tempdir();
    let (out, args, mut child, count) = batch_under_way(dir.path());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = pdfs_in(&out);
    assert!(
        !written.is_empty() && written.len() < count,
        "killed midway: {} PDFs",
        written.len()
    );
    for pdf in &written {
        let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{}",
            pdf.display()
        );
    }
    // As a killed run leaves it: a temporary file of a process that is gone.
    std::fs::write(out.join(".convgen-999999-AbCdEf.tmp"), b"%PDF-1.7 partial").unwrap();
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(pdfs_in(&out).len(), count);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    assert_eq!(manifest(&out)["entries"].as_array().unwrap().len(), count);
}

/// `render --jobs 2` of 40 copies of RLV (each with its own reference) from `dir/in` into
/// `dir/out`, once some documents are written and others are being made: the output
/// folder, the arguments, the running process and the number of inputs.
fn batch_under_way(dir: &Path) -> (PathBuf, Vec<String>, std::process::Child, usize) {
    let (inputs, out, count) = (dir.join("in"), dir.join("out"), 40);
    std::fs::create_dir(&inputs).unwrap();
    let fixture = fixture("ctg/CTG-063-2021-RLV.toml");
    for i in 0..count {
        let text = fixture.replace(
            "reference = \"CTG-063-2021-RLV\"",
            &format!("reference = \"CTG-063-2021-RLV-{i:02}\""),
        );
        std::fs::write(inputs.join(format!("{i:02}.toml")), text).unwrap();
    }
    let args: Vec<String> = ["render", path(&inputs), "-o", path(&out), "--jobs", "2"]
        .map(String::from)
        .to_vec();
    let child = crate::english(std::process::Command::new(env!("CARGO_BIN_EXE_convgen")))
        .args(&args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while pdfs_in(&out).len() < 5 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (out, args, child, count)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The worker processes of a running batch: the children of `parent` that run as workers.
fn workers_of(parent: u32) -> Vec<i32> {
    let processes = std::fs::read_dir("/proc").unwrap().flatten();
    processes
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let after_name = stat.rsplit(')').next().unwrap_or_default();
            let ppid = after_name.split_whitespace().nth(1);
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            ppid == Some(parent.to_string().as_str())
                && String::from_utf8_lossy(&cmdline).contains("__batch-worker")
        })
        .collect()
}

#[test]
fn a_worker_killed_mid_batch_costs_only_the_convention_it_was_rendering() {
    let dir = tempdir();
    let (out, args, child, count) = batch_under_way(dir.path());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let workers = workers_of(child.id());
    assert_eq!(workers.len(), 2, "two worker processes: {workers:?}");
    // SAFETY: sends a signal to a process this test started.
    assert_eq!(unsafe { libc::kill(workers[0], libc::SIGKILL) }, 0);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "one convention failed");
    let entries = manifest(&out)["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), count);
    let failed: Vec<_> = entries.iter().filter(|e| e["status"] == "failed").collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    let error = failed[0]["error"].as_str().unwrap();
    assert_eq!(
        error,
        "the worker process rendering it stopped (killed by signal 9)"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains(error));
    assert_eq!(
        pdfs_in(&out).len(),
        count - 1,
        "every other convention is written"
    );
    let leftovers = std::fs::read_dir(&out).unwrap().flatten();
    assert!(
        !leftovers
            .into_iter()
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
    );
    // The next run renders only what failed.
    let again = convgen(&args);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(
        stderr(&again).contains("rendered 1, skipped 39 (unchanged), failed 0"),
        "{}",
        stderr(&again)
    );
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
fn huge_conventions_render_in_bounded_time_or_get_a_clear_limit_error() {
    let dir = tempdir();
    let example = include_str!("../../src/examples/ctg.toml");
    let partners: String = (0..200)
        .map(|i| format!("\n[[partners]]\nkind = \"commune\"\nname = \"Commune n° {i}\"\n\n[[partners.signatories]]\nname = \"Maire {i}\"\nrole = \"Maire\"\n"))
        .collect();
    let at = example.find("[[axes]]").unwrap();
    let with_partners = format!("{}{partners}{}", &example[..at], &example[at..]);
    let actions = |n: usize| {
        (0..n)
            .map(|k| format!("  \"Action {k} : réunir les acteurs du territoire\",\n"))
            .collect::<String>()
    };
    let at = example.find("actions = [\n").unwrap() + "actions = [\n".len();
    let with_actions = |n| format!("{}{}{}", &example[..at], actions(n), &example[at..]);
    let out = dir.path().join("out");
    for (name, text) in [("partners", with_partners), ("actions", with_actions(5000))] {
        let input = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &input,
            text.replace("CTG-063-2026-EXEMPLE", &format!("CTG-{name}")),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let output = convgen(&[
            "render",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
        assert!(
            started.elapsed().as_secs() < 60,
            "{name}: {:?}",
            started.elapsed()
        );
    }
    assert!(page_count(&out.join("CTG-partners.pdf")) > 10);
    let input = dir.path().join("too-many.toml");
    std::fs::write(&input, with_actions(10_001)).unwrap();
    let output = convgen(&["check", input.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("10005 actions in all: a convention holds at most 10000"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_first_file_keeps_its_reference_even_when_a_later_one_loads_first() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    // Megabytes of comments make the first file slow to load: the second, on the other
    // job, registers its reference first.
    let padding = "# commentaire de remplissage\n".repeat(150_000);
    std::fs::write(inputs.join("a-slow.toml"), format!("{padding}{houve}")).unwrap();
    std::fs::write(inputs.join("b-fast.toml"), &houve).unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("b-fast.toml:") && err.contains("duplicate reference"),
        "{err}"
    );
    assert!(err.contains("a-slow.toml` already uses it"), "{err}");
    let manifest = manifest(&out);
    assert_eq!(
        manifest_entry(&manifest, "a-slow.toml")["status"],
        "rendered"
    );
    assert_eq!(manifest_entry(&manifest, "b-fast.toml")["status"], "failed");
}

#[test]
fn timings_account_for_all_of_the_jobs_time() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        "fixtures/ctg",
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
        "--timings",
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    let line = err.lines().find(|l| l.starts_with("timings")).unwrap();
    // "timings over 2 jobs × 0.312 s: load and validate 4 ms (0.6 %), …; write 3 ms beside the jobs"
    // (the wall time to the millisecond: on a fast run, rounding it to 10 ms would miss by more
    // than the tolerance)
    let (head, rest) = line.split_once(": ").unwrap();
    let wall: f64 = head
        .split(" × ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" s")
        .parse()
        .unwrap();
    let (phases, write) = rest.split_once("; ").unwrap();
    assert!(
        write.starts_with("write ") && write.ends_with(" ms beside the jobs"),
        "{line}"
    );
    let names = [
        "load and validate",
        "template",
        "typst compile",
        "pdf export",
        "elsewhere",
    ];
    let parts: Vec<&str> = phases.split(", ").collect();
    assert_eq!(parts.len(), names.len(), "{line}");
    let (mut milliseconds, mut percent) = (0.0, 0.0);
    for (part, name) in parts.iter().zip(names) {
        let figures = part.strip_prefix(name).unwrap_or_else(|| panic!("{line}"));
        let (ms, share) = figures.trim().split_once(" ms (").unwrap();
        milliseconds += ms.parse::<f64>().unwrap();
        percent += share.trim_end_matches(" %)").parse::<f64>().unwrap();
    }
    assert!(
        (percent - 100.0).abs() < 0.5,
        "shares add up to the whole: {line}"
    );
    let jobs_time = 2.0 * wall * 1000.0;
    assert!(
        (milliseconds - jobs_time).abs() < 0.02 * jobs_time + 5.0,
        "the phases and elsewhere fill 2 jobs × the wall time: {line}"
    );
}

/// Each line of a `--report json` run, parsed, by file name.
fn report_lines(output: &std::process::Output) -> Vec<(String, serde_json::Value)> {
    let text = stdout(output);
    let lines = text.lines().map(|line| {
        let event: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let file = Path::new(event["file"].as_str().unwrap());
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        (name, event)
    });
    let mut lines: Vec<_> = lines.collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    lines
}

#[test]
fn report_json_tells_another_program_what_became_of_each_input() {
    let dir = tempdir();
    let inputs = two_fixtures_a_broken_file_and_a_duplicate(dir.path());
    let out = dir.path().join("out");
    let input = inputs.to_str().unwrap();
    let check = convgen(&["check", input, "--report", "json"]);
    let render = convgen(&[
        "render",
        input,
        "-o",
        out.to_str().unwrap(),
        "--report",
        "json",
    ]);
    for (output, made) in [(check, "done"), (render, "done")] {
        assert_eq!(code(&output), 1, "{}", stderr(&output));
        let lines = report_lines(&output);
        let verdicts: Vec<(&str, &str)> = (lines.iter())
            .map(|(name, event)| (name.as_str(), event["verdict"].as_str().unwrap()))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("CTG-047-2024-CD47.toml", made),
                ("CTG-057-2021-HOUVE.toml", made),
                ("broken.toml", "rejected"),
                ("zz-duplicate.toml", "duplicate"),
            ]
        );
        let (_, broken) = &lines[2];
        assert!(
            broken["report"]
                .as_str()
                .unwrap()
                .contains("broken.toml:2:"),
            "{broken}"
        );
        assert_eq!(lines[0].1["reference"], "CTG-047-2024-CD47");
        // The summary stays on standard error, for a person.
        assert!(!stderr(&output).is_empty());
    }
    let pdfs = pdfs_in(&out);
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
}
