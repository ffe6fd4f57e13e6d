//! Fuzz target `act_date`: see `accord_fuzz::act_date` (fuzz/src/surfaces.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = accord_fuzz::act_date(data);
});
