-- A source row no longer copies what its event already holds. `source_refs`
-- keeps the row's key and stream; `via_event` is NULL when the source came with
-- the act itself, and the source's fields are NULL when they read exactly as
-- that event logged them (only an amended act's own source is copied). The
-- `sources` view puts the rows back together, with the event's body beside
-- each compact row for the application to read the source from.
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
-- Rows written before keep their copies, which read as they did.
INSERT INTO source_refs (event_id, ordinal, stream, via_event, title, publisher, published, url, quote, note)
    SELECT event_id, ordinal, stream, via_event, title, publisher, published, url, quote, note FROM sources;
DROP TABLE sources;
CREATE INDEX source_refs_stream ON source_refs (stream);

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
