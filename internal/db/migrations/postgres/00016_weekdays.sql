-- +goose Up
-- An activity may meet on several weekdays (issue 12, item 7: a club's
-- table tennis on Tuesdays and Thursdays is one activity, not two copies).
-- The days move from the one activities.weekday column to their own rows;
-- each existing activity keeps its one day. 0 = Sunday … 6 = Saturday, as
-- the search's weekday filter has always counted.
CREATE TABLE activity_weekdays (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    PRIMARY KEY (activity_id, weekday)
);
CREATE INDEX activity_weekdays_day ON activity_weekdays(weekday, activity_id);
INSERT INTO activity_weekdays (activity_id, weekday) SELECT id, weekday FROM activities;
DROP INDEX activities_filter;
ALTER TABLE activities DROP COLUMN weekday;
CREATE INDEX activities_filter ON activities(status, municipality_code, start_time);

-- +goose Down
DROP INDEX activities_filter;
ALTER TABLE activities ADD COLUMN weekday INTEGER NOT NULL DEFAULT 0;
UPDATE activities SET weekday = (SELECT MIN(w.weekday) FROM activity_weekdays w WHERE w.activity_id = activities.id)
    WHERE EXISTS (SELECT 1 FROM activity_weekdays w WHERE w.activity_id = activities.id);
CREATE INDEX activities_filter ON activities(status, municipality_code, weekday, start_time);
DROP TABLE activity_weekdays;
