-- +goose Up
-- The programme of an event (issue 13): sessions in time order, the
-- parallel workshops of a workshop block, and the participants' ranked
-- workshop preferences, which the assignment reads.
CREATE TABLE event_sessions (
    id                     TEXT PRIMARY KEY NOT NULL,
    event_id               TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind                   TEXT NOT NULL,
    starts_at              TIMESTAMP NOT NULL,
    ends_at                TIMESTAMP NOT NULL,
    room                   TEXT NOT NULL,
    moderator_name         TEXT NOT NULL,
    moderator_role         TEXT NOT NULL,
    moderator_organisation TEXT NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX event_sessions_event ON event_sessions(event_id, starts_at);

CREATE TABLE event_session_texts (
    session_id  TEXT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (session_id, lang)
);

-- Speakers in the order the programme names them.
CREATE TABLE event_session_speakers (
    session_id   TEXT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);

-- A workshop runs during its block (a session of kind workshop_block);
-- event_id is kept beside it so preferences are checked against the
-- event in one lookup.
CREATE TABLE event_workshops (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    theme      TEXT NOT NULL,
    room       TEXT NOT NULL,
    capacity   INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX event_workshops_event ON event_workshops(event_id);
CREATE INDEX event_workshops_session ON event_workshops(session_id);

CREATE TABLE event_workshop_texts (
    workshop_id TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (workshop_id, lang)
);

CREATE TABLE event_workshop_inspirers (
    workshop_id  TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    PRIMARY KEY (workshop_id, position)
);

-- A participant's ranked choices: one rank per workshop and one workshop
-- per rank.
CREATE TABLE workshop_preferences (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    workshop_id     TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE,
    rank            INTEGER NOT NULL,
    PRIMARY KEY (registration_id, rank),
    UNIQUE (registration_id, workshop_id)
);
CREATE INDEX workshop_preferences_workshop ON workshop_preferences(workshop_id);

-- +goose Down
DROP TABLE workshop_preferences;
DROP TABLE event_workshop_inspirers;
DROP TABLE event_workshop_texts;
DROP TABLE event_workshops;
DROP TABLE event_session_speakers;
DROP TABLE event_session_texts;
DROP TABLE event_sessions;
