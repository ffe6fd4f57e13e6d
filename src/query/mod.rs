//! Questions asked of the record: who backs an initiative, the log of events.
//! Each query returns a plain view (serialisable for `--json`); rendering is
//! separate. `--as-of` views fold the streams concerned with a date filter.

pub mod backers;
pub mod resolve;

pub use backers::{BackersView, backers};
pub use resolve::resolve_initiative;
