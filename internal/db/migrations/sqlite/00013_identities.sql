-- +goose Up
-- Accounts linked to an external identity provider (OpenID Connect, issue
-- 12): the provider's issuer and subject name the person for good, even if
-- their e-mail address changes there. An account is linked once, by a
-- verified e-mail address; the link goes with the account.
CREATE TABLE user_identities (
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);

-- +goose Down
DROP TABLE user_identities;
