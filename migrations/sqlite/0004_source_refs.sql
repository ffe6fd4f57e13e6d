-- A source is no longer copied out of the event that logged it. An act's own
-- source, as logged, is read from the act's event; `source_refs` keeps the
-- rest: a source added by a later event (a reference to that event, its
-- fields NULL) and the source of an amended act (a copy, `via_event` NULL).
-- The `sources` view puts both back together, with the event's body beside
-- each row that refers to one, for the application to read the source from.
-- Every act has a row there; the application skips those whose event logged
-- no source (which keeps JSON parsing out of SQL).
CREATE TABLE source_refs (
    event_id  TEXT    NOT NULL,
    ordinal   INTEGER NOT NULL,
    stream    TEXT    NOT NULL,
    via_event TEXT,
    title     TEXT,
    publisher TEXT,
    published TEXT,
    url       TEXT,
    quote     TEXT,
    note      TEXT,
    PRIMARY KEY (event_id, ordinal)
);
INSERT INTO source_refs (event_id, ordinal, stream, via_event, title, publisher, published, url, quote, note)
    SELECT event_id, ordinal, stream, NULL, title, publisher, published, url, quote, note
    FROM sources
    WHERE via_event = event_id AND event_id IN (SELECT event_id FROM timeline WHERE amended);
INSERT INTO source_refs (event_id, ordinal, stream, via_event)
    SELECT event_id, ordinal, stream, via_event FROM sources WHERE via_event <> event_id;
DROP TABLE sources;
CREATE INDEX source_refs_stream ON source_refs (stream);

CREATE VIEW sources AS
SELECT e.id AS event_id,
       0 AS ordinal,
       e.stream AS stream,
       e.id AS via_event,
       NULL AS title,
       NULL AS publisher,
       NULL AS published,
       NULL AS url,
       NULL AS quote,
       NULL AS note,
       e.body AS via_body
FROM events e
JOIN timeline t ON t.log_position = e.position
WHERE NOT t.amended
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
       e.body
FROM source_refs s
LEFT JOIN events e ON s.title IS NULL AND e.id = s.via_event;
