-- +goose Up
-- The harvest of group work (issue 13): obstacles and opportunities per
-- workshop or table, tagged by theme and by the agreement's six
-- principles. Notes are anonymous (no name, address or IP), so they stay
-- when the participants' data is erased after the event.
CREATE TABLE event_harvests (
    event_id   TEXT PRIMARY KEY NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    is_open    BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE harvest_notes (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    theme       TEXT NOT NULL,
    group_label TEXT NOT NULL,
    source      TEXT NOT NULL,
    -- The note this duplicate was merged into, of the same event. Not a
    -- foreign key: a dump's rows come in id order, and a note may be merged
    -- into a later one; notes are removed only with their event.
    merged_into TEXT,
    hidden      BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX harvest_notes_event ON harvest_notes(event_id, updated_at);
CREATE INDEX harvest_notes_merged ON harvest_notes(merged_into);
CREATE TABLE harvest_note_principles (
    note_id   TEXT NOT NULL REFERENCES harvest_notes(id) ON DELETE CASCADE,
    principle TEXT NOT NULL,
    PRIMARY KEY (note_id, principle)
);

-- +goose Down
DROP TABLE harvest_note_principles;
DROP TABLE harvest_notes;
DROP TABLE event_harvests;
