-- +goose Up
-- Workshops and tables (issue 13): the workshop each confirmed participant
-- was assigned, the tables of an event and who sits where. A seat is held
-- by one registration (the primary key) and a table's seat by one person
-- (the UNIQUE), so two organisers moving people into the last seat of a
-- table at once cannot both win.
CREATE TABLE workshop_assignments (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    workshop_id     TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE
);
CREATE INDEX workshop_assignments_workshop ON workshop_assignments(workshop_id);
CREATE TABLE event_tables (
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    seats       INTEGER NOT NULL CHECK (seats >= 1),
    workshop_id TEXT REFERENCES event_workshops(id) ON DELETE SET NULL,
    PRIMARY KEY (event_id, number)
);
CREATE TABLE table_seats (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    table_number    INTEGER NOT NULL,
    seat            INTEGER NOT NULL CHECK (seat >= 1),
    UNIQUE (event_id, table_number, seat),
    FOREIGN KEY (event_id, table_number) REFERENCES event_tables(event_id, number) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE table_seats;
DROP TABLE event_tables;
DROP TABLE workshop_assignments;
