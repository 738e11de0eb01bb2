-- +goose Up
-- Publishing and keeping the registry right (issue 12, items 9 and 10).
--
-- An organisation registered by a person from the public form waits for a
-- coordinator before it is listed: review is '' (listed), 'pending' or
-- 'rejected'. Its activities wait with it, with the same values.
ALTER TABLE organisations ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN review TEXT NOT NULL DEFAULT '';
CREATE INDEX organisations_review ON organisations(review);
CREATE INDEX activities_review ON activities(review);
-- A venue of a deleted organisation is archived (or handed over), never
-- left without an owner.
ALTER TABLE venues ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE;

-- A request to register a new organisation, or to take over an unverified
-- one, made by e-mail from the public form. The link mailed to the address
-- is stored only hashed; confirming it proves the address. A claim is then
-- decided by a coordinator.
CREATE TABLE organisation_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations(id) ON DELETE CASCADE,
    fields          TEXT NOT NULL,
    person_name     TEXT NOT NULL,
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL,
    lang            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    user_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    confirmed_at    TIMESTAMP,
    decision        TEXT NOT NULL DEFAULT '',
    decided_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    decided_at      TIMESTAMP
);
CREATE INDEX organisation_requests_queue ON organisation_requests(kind, decision, confirmed_at);

-- +goose Down
DROP TABLE organisation_requests;
ALTER TABLE venues DROP COLUMN archived;
DROP INDEX activities_review;
DROP INDEX organisations_review;
ALTER TABLE activities DROP COLUMN review;
ALTER TABLE organisations DROP COLUMN review;
