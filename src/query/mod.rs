//! Questions asked of the record: who backs an initiative, where a state
//! stands, every initiative, the timeline. Each query returns a plain view
//! (serialisable for `--json`); rendering is separate. `--as-of` views fold
//! the log with a date filter.

pub mod backers;
pub mod cite;
pub mod initiatives;
pub mod picture;
pub mod resolve;
pub mod state;
pub mod timeline;

pub use backers::{BackersView, backers};
pub use resolve::resolve_initiative;
