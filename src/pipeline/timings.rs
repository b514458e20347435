//! Time spent in each phase of a batch, to see the overhead around Typst.

use std::time::Duration;

use crate::diag::plural;

/// Time spent in each phase, to see the overhead around Typst.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
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
            "timings over {jobs} job{} × {:.3} s: {}; write {:.0} ms beside the jobs",
            plural(jobs),
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
