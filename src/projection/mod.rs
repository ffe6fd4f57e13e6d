//! Projections: the current picture derived from the log (positions,
//! initiatives, commitments, panels, timeline, sources), computed by a pure
//! fold that both backends persist.

pub mod diff;
pub mod fold;
pub mod rows;

pub use diff::{Delta, diff};
pub use fold::{apply, finalize, fold};
pub use rows::*;
