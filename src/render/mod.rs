//! Rendering answers for people (aligned tables that fit 80 columns) and for
//! programs (JSON). Queries never print; commands pick a renderer.

pub mod backers;
pub mod cite;
pub mod event;
pub mod table;
pub mod views;
