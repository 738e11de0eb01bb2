-- +goose Up
-- SQLite only (its search index is keyed by rowid); nothing changes here.
SELECT 1;

-- +goose Down
SELECT 1;
