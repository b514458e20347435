// Typst allocates many small short-lived values; mimalloc makes a batch about a quarter
// faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h`, which the Rust bindings leave out.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Never hand freed memory back to the system: each convention frees and allocates
    // again the same few dozen MiB, and faulting them back in cost about 6 % of a batch.
    // SAFETY: sets a plain integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    convgen::cli::run()
}
