-- +goose Up
-- Reminders already sent, one row per reminder (internal/remind): the run
-- that inserts the row is the one that queues the mail, in the same
-- transaction, so several server instances running the hourly job never
-- mail anyone twice. due_key names the occasion (a deadline's time, an
-- event's day), so a moved deadline is a new occasion.
CREATE TABLE sent_reminders (
    kind       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    due_key    TEXT NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, subject_id, due_key)
);
CREATE INDEX sent_reminders_sent_at ON sent_reminders(sent_at);

-- +goose Down
DROP TABLE sent_reminders;
