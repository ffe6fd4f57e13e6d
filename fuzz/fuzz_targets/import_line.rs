//! Fuzz target `import_line`: see `accord_fuzz::import_line` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::import_line(data);
});
