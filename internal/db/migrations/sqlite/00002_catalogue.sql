-- +goose Up
CREATE TABLE venues (
    id                TEXT PRIMARY KEY,
    organisation_id   TEXT REFERENCES organisations(id) ON DELETE SET NULL,
    name              TEXT NOT NULL,
    sort_name         TEXT NOT NULL,
    address           TEXT NOT NULL DEFAULT '',
    municipality_code TEXT NOT NULL,
    lat               REAL,
    lon               REAL,
    opening_hours     TEXT NOT NULL DEFAULT '',
    accessibility     TEXT NOT NULL DEFAULT '',
    is_meeting_place  INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX venues_municipality ON venues(municipality_code);

CREATE TABLE venue_descriptions (
    venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (venue_id, lang)
);

CREATE TABLE activities (
    id                TEXT PRIMARY KEY,
    organisation_id   TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    venue_id          TEXT REFERENCES venues(id) ON DELETE SET NULL,
    online_url        TEXT NOT NULL DEFAULT '',
    municipality_code TEXT NOT NULL,
    status            TEXT NOT NULL,
    cost_kr           INTEGER NOT NULL DEFAULT 0,
    signup            TEXT NOT NULL DEFAULT '',
    contact           TEXT NOT NULL DEFAULT '',
    age_min           INTEGER,
    age_max           INTEGER,
    accessibility     TEXT NOT NULL DEFAULT '',
    recurrence        TEXT NOT NULL,
    starts_on         TEXT NOT NULL,
    ends_on           TEXT NOT NULL DEFAULT '',
    start_time        TEXT NOT NULL,
    end_time          TEXT NOT NULL,
    weekday           INTEGER NOT NULL,
    rrule             TEXT NOT NULL DEFAULT '',
    last_confirmed_at TIMESTAMP NOT NULL,
    reminded_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX activities_org ON activities(organisation_id);
CREATE INDEX activities_venue ON activities(venue_id);
CREATE INDEX activities_filter ON activities(status, municipality_code, weekday, start_time);

CREATE TABLE activity_texts (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, lang)
);

CREATE TABLE activity_tags (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (activity_id, kind, value)
);
CREATE INDEX activity_tags_value ON activity_tags(kind, value);

CREATE TABLE activity_coorganisers (
    activity_id     TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, organisation_id)
);

CREATE TABLE activity_cancellations (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    PRIMARY KEY (activity_id, day)
);

-- Folded search text (see catalog.Fold); FTS5 keeps å, ä, ö as letters.
CREATE VIRTUAL TABLE activity_search USING fts5(activity_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0');

-- A virtual table has no foreign keys: remove an activity's row with it.
-- +goose StatementBegin
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activity_search WHERE activity_id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER activities_search_delete;
DROP TABLE activity_search;
DROP TABLE activity_cancellations;
DROP TABLE activity_coorganisers;
DROP TABLE activity_tags;
DROP TABLE activity_texts;
DROP TABLE activities;
DROP TABLE venue_descriptions;
DROP TABLE venues;
