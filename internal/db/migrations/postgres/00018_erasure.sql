-- +goose Up
-- The participants' data of an event is erased a configurable time after
-- it (issue 13). The mark says it was done, and makes the hourly job of
-- several instances erase each event once: the first transaction to
-- insert the row does the work, the others find it there.
CREATE TABLE event_erasures (
    event_id      TEXT PRIMARY KEY NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    erased_at     TIMESTAMPTZ NOT NULL,
    registrations INTEGER NOT NULL
);

-- +goose Down
DROP TABLE event_erasures;
