-- +goose Up
-- The audit log is filtered by who, what and when (issue 12), newest first:
-- each filter's index ends in the ID the listing orders and pages by.
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_at ON audit_log(at);

-- +goose Down
DROP INDEX audit_log_at;
DROP INDEX audit_log_action;
DROP INDEX audit_log_actor;
