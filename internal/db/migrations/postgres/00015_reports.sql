-- +goose Up
-- An event's summary report (issue 13): the organisers' summary per
-- language, whether and when it was published, and a snapshot of the
-- participant counts and the organisations represented. The snapshot
-- holds no personal data and is taken when the report is published or
-- before the participants' data is erased, so the report outlives the
-- registrations it was counted from.
CREATE TABLE event_reports (
    event_id     TEXT PRIMARY KEY NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    published_at TIMESTAMPTZ,
    snapshot_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE event_report_texts (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    summary  TEXT NOT NULL,
    PRIMARY KEY (event_id, lang)
);
-- dimension: 'sector' or 'category'; value '' is "not stated".
CREATE TABLE event_participant_counts (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    value     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (event_id, dimension, value)
);
-- registered: the name is the registry's (an organisation_id), not typed
-- in the registration form, and so shown in the public report.
CREATE TABLE event_report_organisations (
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    registered BOOLEAN NOT NULL,
    PRIMARY KEY (event_id, name)
);

-- +goose Down
DROP TABLE event_report_organisations;
DROP TABLE event_participant_counts;
DROP TABLE event_report_texts;
DROP TABLE event_reports;
