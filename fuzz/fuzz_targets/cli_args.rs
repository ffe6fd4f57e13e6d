//! Fuzz target `cli_args`: see `accord_fuzz::cli_args` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::cli_args(data);
});
