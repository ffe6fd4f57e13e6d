//! The domain: events and their envelope, actors, dates, provenance, and the
//! validation of a new event against the current picture.

pub mod actor;
pub mod date;
pub mod event;
pub mod input;
pub mod kind;
pub mod meeting;
pub mod payload;
pub mod source;
pub mod treaty;
pub mod validate;

pub use actor::{Actor, ActorKind, Registry};
pub use date::{ActDate, Partial};
pub use event::{EventData, NewEvent, StoredEvent};
pub use kind::{Kind, Stance};
pub use payload::Payload;
pub use source::{Source, Speaker};
