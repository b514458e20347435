fn main() -> std::process::ExitCode {
    convgen::cli::run()
}
