//! The whole picture a query reads: the stored projections now, or a fold of
//! the whole log as of a past day (acts that certainly happened by then).

use chrono::NaiveDate;

use crate::error::Result;
use crate::projection::{Projection, fold};
use crate::store::{EventFilter, RowSelect, Store};

/// The projections now, or as of a day.
pub async fn picture(
    store: &Store,
    select: RowSelect,
    as_of: Option<NaiveDate>,
) -> Result<Projection> {
    match as_of {
        None => store.rows(&select).await,
        Some(d) => {
            let events = store.events(&EventFilter::default()).await?;
            Ok(fold(events.iter(), Some(d)))
        }
    }
}

/// The day statuses are judged on: the as-of day, else today (UTC).
pub fn judged_on(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| chrono::Utc::now().date_naive())
}
