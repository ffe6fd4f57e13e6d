-- The append-only event log and the projections derived from it (SQLite).

CREATE TABLE events (
    position        INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    stream          TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    act_date        TEXT    NOT NULL,
    actors          TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    recorded_by     TEXT    NOT NULL,
    correlation_id  TEXT,
    causation_id    TEXT,
    body            TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL,
    UNIQUE (stream, version)
);
CREATE INDEX events_kind ON events (kind);

CREATE TABLE initiatives (
    id          TEXT PRIMARY KEY,
    stream      TEXT NOT NULL,
    title       TEXT NOT NULL,
    proposers   TEXT NOT NULL,
    scope       TEXT NOT NULL,
    proposed_on TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    supporters  INTEGER NOT NULL,
    opposers    INTEGER NOT NULL,
    withdrawn   INTEGER NOT NULL,
    silent      INTEGER NOT NULL
);
CREATE INDEX initiatives_stream ON initiatives (stream);

CREATE TABLE positions (
    initiative TEXT NOT NULL,
    state      TEXT NOT NULL,
    stream     TEXT NOT NULL,
    position   TEXT NOT NULL,
    since      TEXT NOT NULL,
    since_key  TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    sources    INTEGER NOT NULL,
    PRIMARY KEY (initiative, state)
);
CREATE INDEX positions_stream ON positions (stream);
CREATE INDEX positions_state ON positions (state);

CREATE TABLE commitments (
    id               TEXT NOT NULL,
    state            TEXT NOT NULL,
    stream           TEXT NOT NULL,
    initiative       TEXT,
    text             TEXT NOT NULL,
    made_on          TEXT NOT NULL,
    deadline         TEXT,
    status           TEXT NOT NULL,
    progress_percent INTEGER,
    progress_text    TEXT,
    last_report_on   TEXT,
    last_activity    TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    PRIMARY KEY (id, state)
);
CREATE INDEX commitments_stream ON commitments (stream);
CREATE INDEX commitments_state ON commitments (state);

CREATE TABLE panels (
    id           TEXT PRIMARY KEY,
    stream       TEXT NOT NULL,
    title        TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    venue        TEXT,
    organisers   TEXT NOT NULL,
    participants TEXT NOT NULL,
    topics       TEXT NOT NULL,
    initiatives  TEXT NOT NULL,
    outcome      TEXT,
    event_id     TEXT NOT NULL
);
CREATE INDEX panels_stream ON panels (stream);

CREATE TABLE timeline (
    log_position INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL,
    stream       TEXT NOT NULL,
    act_date     TEXT NOT NULL,
    sort_key     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    actors       TEXT NOT NULL,
    initiative   TEXT,
    summary      TEXT NOT NULL,
    amended      BOOLEAN NOT NULL
);
CREATE INDEX timeline_stream_sort ON timeline (stream, sort_key);
CREATE INDEX timeline_sort ON timeline (sort_key, log_position);

CREATE TABLE sources (
    event_id  TEXT NOT NULL,
    ordinal   INTEGER NOT NULL,
    stream    TEXT NOT NULL,
    via_event TEXT NOT NULL,
    title     TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT NOT NULL,
    url       TEXT,
    quote     TEXT NOT NULL,
    note      TEXT,
    PRIMARY KEY (event_id, ordinal)
);
CREATE INDEX sources_stream ON sources (stream);
