//! accord: an event-sourced record of diplomatic and policy commitments.
//!
//! Every fact is an event in an append-only log ([`store`]); the current
//! picture (positions, initiatives, treaty standings, commitments, meetings,
//! timeline) is a set of
//! projections computed by a pure fold ([`projection`]) and kept in the same
//! database. The [`domain`] holds the event catalogue, actors, dates and
//! validation; [`query`] answers questions; [`render`] prints answers;
//! [`report`] makes the status report (Markdown, HTML, JSON, CSV);
//! [`plover`] writes PLOVER event-data records; [`seeds`] holds the bundled
//! seed articles; [`extract`] drafts events from an article's text; [`cli`] is the
//! command line.

pub mod cli;
pub mod domain;
pub mod error;
pub mod extract;
pub mod plover;
pub mod projection;
pub mod query;
pub mod render;
pub mod report;
pub mod seeds;
pub mod store;

pub use error::{Error, Result};
