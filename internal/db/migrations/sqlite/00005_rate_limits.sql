-- +goose Up
-- Counters for every limit (sign-in, mail-sending forms, invitations),
-- one row per key and fixed window, incremented atomically by an upsert.
-- They replace login_attempts, which was counted and recorded in two steps.
CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits(window_start);
DROP TABLE login_attempts;

-- +goose Down
CREATE TABLE login_attempts (
    id          TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    ip          TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account_key, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);
DROP TABLE rate_limits;
