//! Rebuild when a migration or a bundled seed changes, so none ships missing.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=seeds");
    println!("cargo:rerun-if-changed=data");
}
