-- A source is no longer copied out of the event that logged it. An act's own
-- source, as logged, is read from the act's event; `source_refs` keeps the
-- rest: a source added by a later event (a reference to that event, its
-- fields NULL) and the source of an amended act (a copy, `via_event` NULL).
-- The `sources` view puts both back together, with the event's body beside
-- each row that refers to one, for the application to read the source from.
-- Every act has a row there; the application skips those whose event logged
-- no source (which keeps JSON parsing out of SQL).
ALTER TABLE sources RENAME TO source_refs;
ALTER TABLE source_refs RENAME CONSTRAINT sources_pkey TO source_refs_pkey;
ALTER INDEX sources_stream RENAME TO source_refs_stream;
ALTER TABLE source_refs
    ALTER COLUMN via_event DROP NOT NULL,
    ALTER COLUMN title DROP NOT NULL,
    ALTER COLUMN publisher DROP NOT NULL,
    ALTER COLUMN published DROP NOT NULL,
    ALTER COLUMN quote DROP NOT NULL;
DELETE FROM source_refs s
    WHERE s.via_event = s.event_id
      AND NOT EXISTS (SELECT 1 FROM timeline t WHERE t.event_id = s.event_id AND t.amended);
UPDATE source_refs SET via_event = NULL WHERE via_event = event_id;
UPDATE source_refs
    SET title = NULL, publisher = NULL, published = NULL, url = NULL, quote = NULL, note = NULL
    WHERE via_event IS NOT NULL;

-- Subqueries, not joins: a lookup per row whatever the planner's statistics,
-- which a freshly loaded store does not have yet.
CREATE VIEW sources AS
SELECT e.id AS event_id,
       0::BIGINT AS ordinal,
       e.stream AS stream,
       e.id AS via_event,
       NULL::TEXT AS title,
       NULL::TEXT AS publisher,
       NULL::TEXT AS published,
       NULL::TEXT AS url,
       NULL::TEXT AS quote,
       NULL::TEXT AS note,
       e.body AS via_body
FROM events e
WHERE (SELECT NOT t.amended FROM timeline t WHERE t.log_position = e.position)
UNION ALL
SELECT s.event_id,
       s.ordinal,
       s.stream,
       coalesce(s.via_event, s.event_id),
       s.title,
       s.publisher,
       s.published,
       s.url,
       s.quote,
       s.note,
       CASE WHEN s.title IS NULL THEN (SELECT e.body FROM events e WHERE e.id = s.via_event) END
FROM source_refs s;
