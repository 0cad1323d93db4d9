-- Maintenance IPT (IPT-M) as a course of its own kind, and booster sessions as a plan of their
-- own. The courses table is rebuilt because SQLite cannot change a CHECK constraint in place;
-- the migration runs with foreign keys switched off (so dropping the old table deletes nothing
-- that refers to it) and is checked with `PRAGMA foreign_key_check` before it commits.

-- A maintenance course overridden to an acute phase keeps a dated record of the override being
-- removed: IPT-M has no initial, middle or conclusion phase.
INSERT INTO course_changes (course_id, kind, changed_on, from_value, to_value, reason, recorded_at)
SELECT id, 'phase_override', date('now'), phase_override, NULL,
       'Maintenance IPT has no initial, middle or conclusion phase; the override was removed when maintenance became a course kind of its own.',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM courses WHERE kind = 'maintenance' AND phase_override IS NOT NULL;

CREATE TABLE courses_rebuilt (
    id                   INTEGER PRIMARY KEY,
    client_id            INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('acute', 'continuation', 'maintenance')),
    start_date           TEXT NOT NULL CHECK (date(julianday(start_date)) IS start_date),
    planned_sessions     INTEGER NOT NULL,
    planned_reason       TEXT,
    frequency            TEXT NOT NULL CHECK (frequency IN ('twice_weekly', 'weekly', 'fortnightly', 'monthly')),
    session_minutes      INTEGER NOT NULL CHECK (session_minutes BETWEEN 15 AND 180),
    agreed_focus         TEXT,
    missed_sessions      TEXT,
    measurement_schedule TEXT,
    medication_plan      TEXT,
    emergency_plan       TEXT,
    status               TEXT NOT NULL CHECK (status IN ('active', 'concluded', 'ended_early')),
    ended_on             TEXT CHECK (ended_on IS NULL OR date(julianday(ended_on)) IS ended_on),
    phase_override       TEXT CHECK (phase_override IS NULL OR phase_override IN ('initial', 'middle', 'conclusion')),
    phase_override_reason TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    no_show_counts       INTEGER NOT NULL DEFAULT 1 CHECK (no_show_counts IN (0, 1)),
    cancellation_counts  INTEGER NOT NULL DEFAULT 0 CHECK (cancellation_counts IN (0, 1)),
    -- IPT-M: a review point every this many sessions.
    review_every         INTEGER CHECK (review_every IS NULL OR review_every BETWEEN 2 AND 24),
    -- An acute or continuation course plans 8 to 20 sessions (outside 12-16 with a reason);
    -- maintenance plans 3 to 60, over months or years.
    CHECK (CASE kind WHEN 'maintenance' THEN planned_sessions BETWEEN 3 AND 60
                     ELSE planned_sessions BETWEEN 8 AND 20 END),
    CHECK (kind = 'maintenance' OR planned_sessions BETWEEN 12 AND 16
           OR coalesce(length(trim(planned_reason)), 0) > 0),
    CHECK (phase_override IS NULL OR coalesce(length(trim(phase_override_reason)), 0) > 0),
    CHECK (kind <> 'maintenance' OR phase_override IS NULL),
    CHECK ((kind = 'maintenance') = (review_every IS NOT NULL))
) STRICT;

INSERT INTO courses_rebuilt (id, client_id, kind, start_date, planned_sessions, planned_reason,
    frequency, session_minutes, agreed_focus, missed_sessions, measurement_schedule,
    medication_plan, emergency_plan, status, ended_on, phase_override, phase_override_reason,
    created_at, updated_at, no_show_counts, cancellation_counts, review_every)
SELECT id, client_id, kind, start_date, planned_sessions, planned_reason,
    frequency, session_minutes, agreed_focus, missed_sessions, measurement_schedule,
    medication_plan, emergency_plan, status, ended_on,
    CASE WHEN kind = 'maintenance' THEN NULL ELSE phase_override END,
    CASE WHEN kind = 'maintenance' THEN NULL ELSE phase_override_reason END,
    created_at, updated_at, no_show_counts, cancellation_counts,
    CASE WHEN kind = 'maintenance' THEN 6 END
FROM courses;

DROP TABLE courses;
ALTER TABLE courses_rebuilt RENAME TO courses;
CREATE INDEX courses_by_client ON courses (client_id, start_date);

-- Booster sessions after an acute (or continuation) course: one to four dated sessions agreed
-- at the conclusion, a plan of their own rather than a course with phases.
CREATE TABLE booster_plans (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL UNIQUE REFERENCES courses (id) ON DELETE CASCADE,
    agreed_on  TEXT NOT NULL CHECK (date(julianday(agreed_on)) IS agreed_on),
    dates      TEXT NOT NULL CHECK (json_valid(dates) AND json_type(dates) = 'array'
                                    AND json_array_length(dates) BETWEEN 1 AND 4),
    note       TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Boosters follow a course with phases; maintenance is its own plan.
CREATE TRIGGER booster_plans_not_after_maintenance BEFORE INSERT ON booster_plans
WHEN (SELECT kind FROM courses WHERE id = NEW.course_id) = 'maintenance'
BEGIN
    SELECT RAISE(ABORT, 'booster sessions follow an acute or continuation course');
END;
