-- +goose Up
-- The FTS row of an activity is keyed by the activity's rowid: deleting by
-- the UNINDEXED activity_id column scanned the whole index on every save.
DROP TRIGGER activities_search_delete;
-- +goose StatementBegin
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activity_search WHERE rowid = old.rowid;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER activities_search_delete;
-- +goose StatementBegin
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activity_search WHERE activity_id = old.id;
END;
-- +goose StatementEnd
