// Typst allocates many small short-lived values; mimalloc makes a batch about a tenth
// faster than glibc's allocator and keeps two jobs from contending on its arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    convgen::cli::run()
}
