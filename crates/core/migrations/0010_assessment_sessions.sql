-- Assessment sessions before a course: held and noted, but not session 1 of any course. A
-- session now names its client itself, and belongs to a course only when it is a course's
-- session. The sessions table is rebuilt (its course becomes optional), with foreign keys off
-- and checked before the migration commits, like migration 9.

CREATE TABLE sessions_rebuilt (
    id               INTEGER PRIMARY KEY,
    course_id        INTEGER REFERENCES courses (id) ON DELETE CASCADE,
    held_on          TEXT NOT NULL CHECK (date(julianday(held_on)) IS held_on),
    start_time       TEXT CHECK (start_time IS NULL OR time(start_time || ':00') IS start_time || ':00'),
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 5 AND 240),
    format           TEXT NOT NULL CHECK (format IN ('in_person', 'video', 'phone')),
    attendance       TEXT NOT NULL CHECK (attendance IN ('scheduled', 'attended', 'cancelled', 'no_show')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    client_id        INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- 'course': a session of its course, counted by it; 'assessment': before a course is agreed.
    purpose          TEXT NOT NULL CHECK (purpose IN ('course', 'assessment')),
    CHECK ((purpose = 'course') = (course_id IS NOT NULL))
) STRICT;

INSERT INTO sessions_rebuilt (id, course_id, held_on, start_time, duration_minutes, format,
    attendance, created_at, updated_at, client_id, purpose)
SELECT s.id, s.course_id, s.held_on, s.start_time, s.duration_minutes, s.format,
    s.attendance, s.created_at, s.updated_at, c.client_id, 'course'
FROM sessions s JOIN courses c ON c.id = s.course_id;

-- The views and triggers that read `sessions` keep their text and read the rebuilt table: the
-- legacy rename leaves them as they are instead of checking them against the dropped one.
PRAGMA legacy_alter_table = ON;
DROP TABLE sessions;
ALTER TABLE sessions_rebuilt RENAME TO sessions;
PRAGMA legacy_alter_table = OFF;

CREATE INDEX sessions_by_course ON sessions (course_id, held_on, start_time);
CREATE INDEX sessions_by_date ON sessions (held_on);
CREATE INDEX sessions_by_client ON sessions (client_id, held_on, start_time);

-- A course's session belongs to the course's client.
CREATE TRIGGER sessions_client_of_course_insert BEFORE INSERT ON sessions
WHEN NEW.course_id IS NOT NULL
 AND NEW.client_id IS NOT (SELECT client_id FROM courses WHERE id = NEW.course_id)
BEGIN
    SELECT RAISE(ABORT, 'a session of a course belongs to that course''s client');
END;

CREATE TRIGGER sessions_client_of_course_update BEFORE UPDATE OF course_id, client_id ON sessions
WHEN NEW.course_id IS NOT NULL
 AND NEW.client_id IS NOT (SELECT client_id FROM courses WHERE id = NEW.course_id)
BEGIN
    SELECT RAISE(ABORT, 'a session of a course belongs to that course''s client');
END;

-- The two triggers of the old table, as they were.
CREATE TRIGGER sessions_signed_no_update BEFORE UPDATE ON sessions
WHEN EXISTS (SELECT 1 FROM notes WHERE session_id = OLD.id AND signed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the note of this session is signed; add an amendment');
END;

CREATE TRIGGER sessions_search_day AFTER UPDATE OF held_on ON sessions
BEGIN
    UPDATE search_index SET day = NEW.held_on
    WHERE rowid IN (SELECT 2 * 4294967296 + id FROM notes WHERE session_id = NEW.id)
       OR rowid = 4 * 4294967296 + NEW.id;
END;

-- A course session's note is signed with its place in the course; an assessment session has
-- no place in a course to freeze.
DROP TRIGGER notes_sign_freezes_place;

CREATE TRIGGER notes_sign_freezes_place BEFORE UPDATE OF signed_at ON notes
WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
 AND (SELECT course_id FROM sessions WHERE id = NEW.session_id) IS NOT NULL
 AND (NEW.signed_planned IS NULL OR NEW.signed_phase IS NULL
   OR (NEW.signed_number IS NULL
       AND (SELECT attendance FROM sessions WHERE id = NEW.session_id) = 'attended'))
BEGIN
    SELECT RAISE(ABORT, 'a note is signed with its session number, plan and phase');
END;

CREATE TRIGGER notes_sign_assessment_has_no_place BEFORE UPDATE OF signed_at ON notes
WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
 AND (SELECT course_id FROM sessions WHERE id = NEW.session_id) IS NULL
 AND (NEW.signed_number IS NOT NULL OR NEW.signed_planned IS NOT NULL OR NEW.signed_phase IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'an assessment session has no place in a course');
END;
