-- Measures given: each administration of an instrument with its answers as given. An open
-- administration takes answers one at a time (saved as they are given, so an interrupted form
-- loses nothing); a finished one (complete, or saved as incomplete) is never changed again: a
-- correction is a new administration linked to the one it corrects, with a reason.
CREATE TABLE administrations (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    course_id         INTEGER REFERENCES courses (id) ON DELETE RESTRICT,
    session_id        INTEGER REFERENCES sessions (id) ON DELETE RESTRICT,
    instrument        TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7', 'epds', 'hamd17',
                          'wsas', 'qids_sr16', 'pcl5', 'ede_q')),
    given_on          TEXT NOT NULL CHECK (date(julianday(given_on)) IS given_on),
    responses         TEXT NOT NULL CHECK (json_valid(responses)
                                           AND json_type(responses) = 'array'),
    status            TEXT NOT NULL CHECK (status IN ('open', 'incomplete', 'complete')),
    -- The total of a complete administration (hundredths for a mean), for charts and outcomes.
    total             INTEGER,
    -- When an answer first raised a risk flag; the flag stays open until a note signed after
    -- it records a risk assessment.
    flagged_at        TEXT,
    handed_to_client  INTEGER NOT NULL DEFAULT 0 CHECK (handed_to_client IN (0, 1)),
    corrects          INTEGER UNIQUE REFERENCES administrations (id) ON DELETE RESTRICT,
    correction_reason TEXT CHECK (correction_reason IS NULL
                                  OR length(trim(correction_reason)) BETWEEN 1 AND 2000),
    started_at        TEXT NOT NULL,
    finished_at       TEXT,
    CHECK ((corrects IS NULL) = (correction_reason IS NULL)),
    CHECK ((status = 'complete') = (total IS NOT NULL)),
    CHECK ((status = 'open') = (finished_at IS NULL))
) STRICT;

CREATE INDEX administrations_by_client ON administrations (client_id, instrument, given_on);
CREATE INDEX administrations_by_session ON administrations (session_id);
CREATE INDEX administrations_flagged ON administrations (client_id, flagged_at)
    WHERE flagged_at IS NOT NULL;

-- A finished administration is never changed or removed.
CREATE TRIGGER administrations_finished_no_update BEFORE UPDATE ON administrations
WHEN OLD.status <> 'open'
BEGIN
    SELECT RAISE(ABORT, 'a finished administration is never changed; record a correction');
END;

CREATE TRIGGER administrations_finished_no_delete BEFORE DELETE ON administrations
WHEN OLD.status <> 'open'
BEGIN
    SELECT RAISE(ABORT, 'a finished administration is never removed');
END;

-- Everything an administration links to belongs to its client; a correction is of the same
-- instrument, and only a finished administration is corrected.
CREATE TRIGGER administrations_links_insert BEFORE INSERT ON administrations
WHEN (NEW.session_id IS NOT NULL
      AND (SELECT client_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.client_id)
  OR (NEW.course_id IS NOT NULL
      AND (SELECT client_id FROM courses WHERE id = NEW.course_id) IS NOT NEW.client_id)
  OR (NEW.corrects IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM administrations o WHERE o.id = NEW.corrects
                        AND o.client_id = NEW.client_id AND o.instrument = NEW.instrument
                        AND o.status <> 'open'))
BEGIN
    SELECT RAISE(ABORT, 'an administration links only to its own client''s records');
END;

CREATE TRIGGER administrations_links_update BEFORE UPDATE OF client_id, session_id, course_id,
    corrects, instrument ON administrations
BEGIN
    SELECT RAISE(ABORT, 'an administration keeps its client, instrument and links');
END;

-- The measures a course plans to give, and how often: a JSON array of
-- {"instrument": .., "cadence": "every_session" | "every_n_sessions" | "start_and_end",
--  "every": n}. The free-text measurement schedule stays as notes beside it.
ALTER TABLE courses ADD COLUMN measure_plan TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(measure_plan) AND json_type(measure_plan) = 'array');
