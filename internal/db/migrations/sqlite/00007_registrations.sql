-- +goose Up
-- Registrations for events (issue 13, second step): binding seats and the
-- waiting list, each with a private manage link stored only hashed.
CREATE TABLE registrations (
    id                TEXT PRIMARY KEY NOT NULL,
    event_id          TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    email_key         TEXT NOT NULL,
    phone             TEXT NOT NULL,
    organisation_id   TEXT REFERENCES organisations(id) ON DELETE SET NULL,
    organisation_name TEXT NOT NULL,
    sector            TEXT NOT NULL,
    dietary           TEXT NOT NULL,
    lang              TEXT NOT NULL,
    manage_token_hash TEXT NOT NULL UNIQUE,
    fee_owed_kr       INTEGER NOT NULL,
    promoted_at       TIMESTAMP,
    cancelled_at      TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- One live registration per address and event: the same e-mail twice gets
-- a clear message, never a second seat.
CREATE UNIQUE INDEX registrations_event_email ON registrations(event_id, email_key) WHERE status <> 'cancelled';
CREATE INDEX registrations_event_status ON registrations(event_id, status, position);
-- Seats taken and the last place in line, kept on the event and changed
-- only while the event row is locked: taking a seat is then O(1), not a
-- count of every registration.
ALTER TABLE events ADD COLUMN confirmed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN last_position INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE events DROP COLUMN last_position;
ALTER TABLE events DROP COLUMN confirmed_count;
DROP TABLE registrations;
