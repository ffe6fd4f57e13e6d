-- A source row no longer copies what its event already holds. `source_refs`
-- keeps the row's key and stream; `via_event` is NULL when the source came with
-- the act itself, and the source's fields are NULL when they read exactly as
-- that event logged them (only an amended act's own source is copied). The
-- `sources` view puts the rows back together, with the event's body beside
-- each compact row for the application to read the source from.
-- Rows written before keep their copies, which read as they did.
ALTER TABLE sources RENAME TO source_refs;
ALTER INDEX sources_stream RENAME TO source_refs_stream;
ALTER TABLE source_refs
    ALTER COLUMN via_event DROP NOT NULL,
    ALTER COLUMN title DROP NOT NULL,
    ALTER COLUMN publisher DROP NOT NULL,
    ALTER COLUMN published DROP NOT NULL,
    ALTER COLUMN quote DROP NOT NULL;

CREATE VIEW sources AS
SELECT s.event_id,
       s.ordinal,
       s.stream,
       coalesce(s.via_event, s.event_id) AS via_event,
       s.title,
       s.publisher,
       s.published,
       s.url,
       s.quote,
       s.note,
       e.body AS via_body
FROM source_refs s
LEFT JOIN events e ON s.title IS NULL AND e.id = coalesce(s.via_event, s.event_id);
