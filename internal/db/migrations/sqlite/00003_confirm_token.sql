-- +goose Up
ALTER TABLE activities ADD COLUMN confirm_token_hash TEXT;
CREATE UNIQUE INDEX activities_confirm_token ON activities(confirm_token_hash);

-- +goose Down
DROP INDEX activities_confirm_token;
ALTER TABLE activities DROP COLUMN confirm_token_hash;
