//! Fuzz target `registry_name`: see `accord_fuzz::registry_name` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::registry_name(data);
});
