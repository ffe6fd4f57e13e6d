-- Meetings of every format (panels become meetings of format `panel`), and
-- treaties: initiatives with a legal lifecycle and each state's standing.
-- Projection tables only; the log is untouched.

ALTER TABLE panels RENAME TO meetings;
ALTER TABLE meetings ADD COLUMN format TEXT NOT NULL DEFAULT 'panel';
ALTER TABLE meetings ADD COLUMN host TEXT;

ALTER TABLE initiatives ADD COLUMN form TEXT NOT NULL DEFAULT 'initiative';
ALTER TABLE initiatives ADD COLUMN parent TEXT;
ALTER TABLE initiatives ADD COLUMN adopted_on TEXT;
ALTER TABLE initiatives ADD COLUMN in_force_on TEXT;

CREATE TABLE standings (
    treaty       TEXT NOT NULL,
    state        TEXT NOT NULL,
    stream       TEXT NOT NULL,
    standing     TEXT NOT NULL,
    signed_on    TEXT,
    ratified_on  TEXT,
    consent      TEXT,
    in_force_on  TEXT,
    withdrawn_on TEXT,
    evidence     TEXT NOT NULL,
    sources      INTEGER NOT NULL,
    PRIMARY KEY (treaty, state)
);
CREATE INDEX standings_stream ON standings (stream);
CREATE INDEX standings_state ON standings (state);
