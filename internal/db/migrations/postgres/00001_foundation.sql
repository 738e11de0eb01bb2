-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'sv',
    role          TEXT NOT NULL DEFAULT 'member',
    password_hash TEXT,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_links (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
    id          TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    ip          TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account_key, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

CREATE TABLE organisations (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    sort_name         TEXT COLLATE "C" NOT NULL,
    org_number        TEXT UNIQUE,
    sector            TEXT NOT NULL,
    category          TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    address           TEXT NOT NULL DEFAULT '',
    website           TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    verified          BOOLEAN NOT NULL DEFAULT FALSE,
    verified_at       TIMESTAMPTZ,
    verified_by       TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_by        TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisations_sort ON organisations(sort_name, id);
CREATE INDEX organisations_municipality ON organisations(municipality_code);

CREATE TABLE organisation_languages (
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    PRIMARY KEY (organisation_id, lang)
);
CREATE INDEX organisation_languages_lang ON organisation_languages(lang);

CREATE TABLE organisation_descriptions (
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (organisation_id, lang)
);

CREATE TABLE memberships (
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    accepted_at     TIMESTAMPTZ,
    accepted_by     TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    TEXT,
    actor       TEXT NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    to_addr    TEXT NOT NULL,
    lang       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    TIMESTAMPTZ,
    error      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE organisation_descriptions;
DROP TABLE organisation_languages;
DROP TABLE organisations;
DROP TABLE login_attempts;
DROP TABLE api_tokens;
DROP TABLE login_links;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE meta;
