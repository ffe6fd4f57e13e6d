//! Fuzz target `log_json`: see `accord_fuzz::log_json` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::log_json(data);
});
