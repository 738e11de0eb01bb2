-- +goose Up
-- Dialogue days and conferences (issue 13), first step: the event itself,
-- its organisers and texts per language, and series of events.
CREATE TABLE event_series (
    id         TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE events (
    id                     TEXT PRIMARY KEY NOT NULL,
    series_id              TEXT REFERENCES event_series(id) ON DELETE SET NULL,
    venue_id               TEXT REFERENCES venues(id) ON DELETE SET NULL,
    online_url             TEXT NOT NULL,
    municipality_code      TEXT NOT NULL,
    starts_at              TIMESTAMPTZ NOT NULL,
    ends_at                TIMESTAMPTZ NOT NULL,
    status                 TEXT NOT NULL,
    capacity               INTEGER,
    registration_opens_at  TIMESTAMPTZ,
    registration_closes_at TIMESTAMPTZ,
    price_kr               INTEGER NOT NULL,
    binding                BOOLEAN NOT NULL,
    substitute_allowed     BOOLEAN NOT NULL,
    transfer_allowed       BOOLEAN NOT NULL,
    cancel_deadline        TIMESTAMPTZ,
    late_fee_kr            INTEGER NOT NULL,
    travel_min_km          INTEGER,
    travel_deadline        TIMESTAMPTZ,
    commissioned_by        TEXT NOT NULL,
    contact                TEXT NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_starts ON events(starts_at);
CREATE INDEX events_series ON events(series_id);

CREATE TABLE event_organisers (
    event_id        TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, organisation_id)
);
CREATE INDEX event_organisers_org ON event_organisers(organisation_id);

CREATE TABLE event_texts (
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    description TEXT NOT NULL,
    audience    TEXT NOT NULL,
    included    TEXT NOT NULL,
    PRIMARY KEY (event_id, lang)
);

-- +goose Down
DROP TABLE event_texts;
DROP TABLE event_organisers;
DROP TABLE events;
DROP TABLE event_series;
