-- +goose Up
-- One workshop per block (issue 13): a day with a morning and an afternoon
-- block assigns each participant once in each, so an assignment is keyed
-- by registration and block (the workshop's session). The table is made
-- anew, the same way on both engines, so its columns keep one order.
CREATE TABLE workshop_assignments_blocks (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    session_id      TEXT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    workshop_id     TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, session_id)
);
INSERT INTO workshop_assignments_blocks (registration_id, session_id, workshop_id)
    SELECT a.registration_id, w.session_id, a.workshop_id FROM workshop_assignments a JOIN event_workshops w ON w.id = a.workshop_id;
DROP TABLE workshop_assignments;
ALTER TABLE workshop_assignments_blocks RENAME TO workshop_assignments;
CREATE INDEX workshop_assignments_workshop ON workshop_assignments(workshop_id);

-- +goose Down
-- Back to one workshop per registration: the earliest block's is kept.
CREATE TABLE workshop_assignments_one (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    workshop_id     TEXT NOT NULL REFERENCES event_workshops(id) ON DELETE CASCADE
);
INSERT INTO workshop_assignments_one (registration_id, workshop_id)
    SELECT a.registration_id, a.workshop_id FROM workshop_assignments a JOIN event_sessions s ON s.id = a.session_id
    WHERE NOT EXISTS (SELECT 1 FROM workshop_assignments b JOIN event_sessions t ON t.id = b.session_id
        WHERE b.registration_id = a.registration_id AND (t.starts_at < s.starts_at OR t.starts_at = s.starts_at AND t.id < s.id));
DROP TABLE workshop_assignments;
ALTER TABLE workshop_assignments_one RENAME TO workshop_assignments;
CREATE INDEX workshop_assignments_workshop ON workshop_assignments(workshop_id);
