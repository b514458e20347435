//! Batch benchmark: renders N variants of a 5-page CTG with 1 and 2 jobs, and as two
//! separate processes of one job each on half the files at the same time (what `--jobs 2`
//! should match), and prints documents/s, pages/s, peak memory and the time outside Typst.
//!
//! `cargo bench` (N = 500), `CONVGEN_BENCH_N=10000 cargo bench` for the memory target; the
//! peak memory of a batch is that of all its processes (`--jobs 2` runs two workers).
//! Each setting runs `CONVGEN_BENCH_RUNS` times (3), the settings in turn, and the median
//! run is printed: a shared virtual machine varies by a tenth from one run to the next.
//! `CONVGEN_BENCH_BIN=path` runs another convgen binary, to compare two commits side by side.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const FIXTURE: &str = include_str!("../fixtures/ctg/CTG-047-2024-CD47.toml");
const REFERENCE: &str = "CTG-047-2024-CD47";

/// Writes `n` conventions that differ in reference and territory, as a real campaign does.
fn write_variants(dir: &Path, n: usize) {
    for i in 0..n {
        let reference = format!("{REFERENCE}-{i:05}");
        let text = FIXTURE
            .replace(
                &format!("reference = \"{REFERENCE}\""),
                &format!("reference = \"{reference}\""),
            )
            .replace(
                "territory = \"Lot-et-Garonne\"",
                &format!("territory = \"Lot-et-Garonne, secteur {i}\""),
            );
        std::fs::write(dir.join(format!("{reference}.toml")), text).expect("write variant");
    }
}

struct Run {
    seconds: f64,
    peak_mib: f64,
    pages: usize,
    outside_typst_percent: f64,
}

/// Runs the real binary as a user would, and reads its peak memory from the kernel.
#[allow(clippy::zombie_processes)] // waited for with wait4, which std does not offer
fn run(inputs: &Path, output: &Path, jobs: usize) -> Run {
    let started = Instant::now();
    // `CONVGEN_BENCH_BIN` measures another build (an earlier commit's) on the same inputs.
    let binary = std::env::var("CONVGEN_BENCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_convgen").to_string());
    let child = Command::new(binary)
        .args([
            "render",
            inputs.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--force",
            "--timings",
        ])
        .args(["--jobs", &jobs.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start convgen");
    let pid = child.id() as libc::pid_t;
    let stderr = child.stderr.expect("stderr");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    // With worker processes the batch is several processes: their resident memory summed,
    // every 20 ms, is the batch's.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = std::sync::Arc::clone(&done);
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(tree_rss_kib(pid as u32));
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            peak
        })
    };
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let tree_peak_kib = sampler.join().unwrap_or(0);
    assert_eq!(waited, pid, "wait4");
    let log = reader.join().unwrap_or_default();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "convgen failed:\n{log}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("manifest.json")).expect("manifest"))
            .expect("json");
    let pages = manifest["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["pages"].as_u64().unwrap_or(0) as usize)
        .sum();
    Run {
        seconds,
        // The kernel's peak of the largest process, or the sampled sum when more.
        peak_mib: (usage.ru_maxrss as u64).max(tree_peak_kib) as f64 / 1024.0,
        pages,
        outside_typst_percent: outside_typst(&log),
    }
}

/// Resident memory of a process and of all its descendants, in KiB.
fn tree_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let own: u64 = (status.lines())
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten();
    let children: Vec<u32> = tasks
        .flat_map(|t| {
            let list = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
            list.split_whitespace()
                .filter_map(|c| c.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect();
    own + children.into_iter().map(tree_rss_kib).sum::<u64>()
}

/// Share of time outside "typst compile" and "pdf export", from the `--timings` line.
fn outside_typst(log: &str) -> f64 {
    let line = log
        .lines()
        .find(|l| l.starts_with("timings"))
        .unwrap_or_default();
    let share = |phase: &str| -> f64 {
        line.split(", ")
            .find(|part| part.contains(phase))
            .and_then(|part| part.split('(').nth(1))
            .and_then(|p| p.trim_end_matches([')', '%', ' ']).trim().parse().ok())
            .unwrap_or(0.0)
    };
    100.0 - share("typst compile") - share("pdf export")
}

fn main() {
    let n: usize = std::env::var("CONVGEN_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().expect("temporary directory");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_variants(&inputs, n);
    // The same files in two halves, for two processes side by side.
    let halves = [dir.path().join("half-a"), dir.path().join("half-b")];
    for half in &halves {
        std::fs::create_dir(half).unwrap();
    }
    let mut names: Vec<_> = std::fs::read_dir(&inputs)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        std::fs::copy(inputs.join(name), halves[i % 2].join(name)).unwrap();
    }
    println!("batch of {n} five-page CTGs ({REFERENCE} variants)");
    let runs: usize = std::env::var("CONVGEN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    // The three settings take turns, each run starting with the next one: a setting that
    // runs right after another pays for the writes the disk is still flushing (about a
    // tenth here), and a slower spell of the shared machine weighs on all alike.
    let mut all: [Vec<Run>; 2] = [Vec::new(), Vec::new()];
    let mut pairs: Vec<f64> = Vec::new();
    for turn in 0..runs {
        for setting in (0..3).map(|k| (turn + k) % 3) {
            if setting < 2 {
                let jobs = setting + 1;
                let output = dir.path().join(format!("out-{jobs}"));
                all[setting].push(run(&inputs, &output, jobs));
                continue;
            }
            let started = Instant::now();
            std::thread::scope(|scope| {
                for (i, half) in halves.iter().enumerate() {
                    let output = dir.path().join(format!("out-half-{i}"));
                    scope.spawn(move || run(half, &output, 1));
                }
            });
            pairs.push(started.elapsed().as_secs_f64());
        }
    }
    pairs.sort_by(f64::total_cmp);
    let two_processes = n as f64 / pairs[pairs.len() / 2];
    let mut rates = Vec::new();
    for (jobs, mut runs_of_jobs) in [1, 2].into_iter().zip(all) {
        runs_of_jobs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let run = &runs_of_jobs[runs_of_jobs.len() / 2];
        let rate = n as f64 / run.seconds;
        rates.push(rate);
        println!(
            "jobs {jobs}: {:.2} s, {rate:.1} documents/s, {:.1} pages/s, peak memory {:.0} MiB, time outside typst compile and pdf export {:.1} % (median of {runs})",
            run.seconds,
            run.pages as f64 / run.seconds,
            run.peak_mib,
            run.outside_typst_percent,
        );
    }
    println!(
        "two processes of 1 job, half the files each, at once: {:.2} s, {two_processes:.1} documents/s (median of {runs})",
        pairs[pairs.len() / 2]
    );
    println!(
        "jobs 2 / jobs 1: {:.2}×; two processes / jobs 1: {:.2}×; jobs 2 / two processes: {:.2}×",
        rates[1] / rates[0],
        two_processes / rates[0],
        rates[1] / two_processes
    );
}
