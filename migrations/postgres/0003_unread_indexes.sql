-- Two indexes that no query reads, dropped: every append paid to keep them.
-- `timeline_sort` ordered the whole timeline by date, but the timeline is sorted
-- after it is filtered, and its random-date inserts touched a page per event.
-- `events_kind` cannot serve the event listing, whose kind filter is optional.
DROP INDEX IF EXISTS timeline_sort;
DROP INDEX IF EXISTS events_kind;
