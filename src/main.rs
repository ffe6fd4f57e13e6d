//! The `accord` binary: parse arguments, run the command on a current-thread
//! runtime, exit with the command's code.

use clap::Parser;

/// mimalloc: the append path allocates many small strings and rows; under glibc
/// malloc they took a third of bulk ingest (BENCHMARKS.md, session 5).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = accord::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            std::process::exit(accord::error::exit::INTERNAL);
        }
    };
    let code = runtime.block_on(accord::cli::run(cli));
    std::process::exit(code);
}
