-- +goose Up
-- Registration, third step of issue 13: the rules still missing from the
-- event (who may ask for travel money, carpooling, the privacy text), custom
-- questions and their answers, who held a seat (substitutes, transfers),
-- travel requests, and walk-ins added on the day.
ALTER TABLE events ADD COLUMN travel_sectors TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN travel_carpool BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE event_texts ADD COLUMN privacy TEXT NOT NULL DEFAULT '';
-- Walk-ins are counted apart from confirmed_count: they never take a seat
-- someone on the waiting list is due.
ALTER TABLE registrations ADD COLUMN walk_in BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE event_questions (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    required   BOOLEAN NOT NULL,
    max_length INTEGER NOT NULL,
    max_chosen INTEGER NOT NULL,
    -- The wording per language and the choices, as JSON: read and written
    -- whole with the event, never queried inside.
    texts      TEXT NOT NULL,
    options    TEXT NOT NULL
);
CREATE INDEX event_questions_event ON event_questions(event_id, position);

CREATE TABLE registration_answers (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
    value           TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_id, value)
);
CREATE INDEX registration_answers_question ON registration_answers(question_id);

-- Everyone who has held a seat, in order; the registration row names the
-- current holder.
CREATE TABLE registration_holders (
    registration_id   TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    change            TEXT NOT NULL,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    at                TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (registration_id, seq)
);

CREATE TABLE travel_requests (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    distance_km     INTEGER NOT NULL,
    from_place      TEXT NOT NULL,
    carpool         BOOLEAN NOT NULL,
    note            TEXT NOT NULL,
    status          TEXT NOT NULL,
    decided_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    decided_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE travel_requests;
DROP TABLE registration_holders;
DROP TABLE registration_answers;
DROP TABLE event_questions;
ALTER TABLE registrations DROP COLUMN walk_in;
ALTER TABLE event_texts DROP COLUMN privacy;
ALTER TABLE events DROP COLUMN travel_carpool;
ALTER TABLE events DROP COLUMN travel_sectors;
