//! Fuzz target `seed_file`: see `accord_fuzz::seed_file` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::seed_file(data);
});
