-- +goose Up
-- Check-in on the day (issue 13): when a participant with a seat was
-- checked in at the door, NULL until then; confirmed but never checked in
-- is a no-show.
ALTER TABLE registrations ADD COLUMN attended_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE registrations DROP COLUMN attended_at;
