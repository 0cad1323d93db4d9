-- The time limit that holds, signed notes that stay as signed, and a risk check on every signed
-- note.

-- How missed sessions are handled, per course: a no-show counts against the planned sessions
-- and a cancellation with notice is rebooked and does not, unless the contract says otherwise.
ALTER TABLE courses ADD COLUMN no_show_counts INTEGER NOT NULL DEFAULT 1 CHECK (no_show_counts IN (0, 1));
ALTER TABLE courses ADD COLUMN cancellation_counts INTEGER NOT NULL DEFAULT 0 CHECK (cancellation_counts IN (0, 1));

-- The risk check: why risk was not assessed, and what was done at moderate or high risk.
ALTER TABLE notes ADD COLUMN risk_not_assessed_reason TEXT;
ALTER TABLE notes ADD COLUMN risk_actions TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(risk_actions) AND json_type(risk_actions) = 'array');

-- Where the session stood in its course when its note was signed. Frozen with the note: the
-- trigger that refuses any change to a signed note covers these columns too. `signed_left`
-- and `signed_missed` are empty for notes signed before they were counted.
ALTER TABLE notes ADD COLUMN signed_number INTEGER CHECK (signed_number IS NULL OR signed_number >= 1);
ALTER TABLE notes ADD COLUMN signed_planned INTEGER CHECK (signed_planned IS NULL OR signed_planned >= 1);
ALTER TABLE notes ADD COLUMN signed_left INTEGER CHECK (signed_left IS NULL OR signed_left >= 0);
ALTER TABLE notes ADD COLUMN signed_missed INTEGER CHECK (signed_missed IS NULL OR signed_missed >= 0);
ALTER TABLE notes ADD COLUMN signed_phase TEXT
    CHECK (signed_phase IS NULL OR signed_phase IN ('initial', 'middle', 'conclusion', 'maintenance'));

-- Notes signed before now get the numbers of the rule that held when they were signed: the
-- attended sessions before them that existed at signing, the plan in force at signing (read
-- back through the dated renegotiations), and the phase the note showed (its own choice, else
-- sessions 1-3 initial and the last three of the plan conclusion). A missed session's note
-- keeps no number.
DROP TRIGGER notes_signed_no_update;

UPDATE notes SET signed_number = 1 + (
        SELECT count(*) FROM sessions p JOIN sessions s ON s.id = notes.session_id
        WHERE p.course_id = s.course_id AND p.attendance = 'attended' AND p.created_at <= notes.signed_at
          AND (p.held_on, coalesce(p.start_time, ''), p.id) < (s.held_on, coalesce(s.start_time, ''), s.id))
WHERE signed_at IS NOT NULL;

UPDATE notes SET signed_planned = (
        SELECT coalesce(
            (SELECT CAST(ch.to_value AS INTEGER) FROM course_changes ch
             WHERE ch.course_id = c.id AND ch.kind = 'planned_sessions' AND ch.recorded_at <= notes.signed_at
             ORDER BY ch.id DESC LIMIT 1),
            (SELECT CAST(ch.from_value AS INTEGER) FROM course_changes ch
             WHERE ch.course_id = c.id AND ch.kind = 'planned_sessions' AND ch.recorded_at > notes.signed_at
             ORDER BY ch.id LIMIT 1),
            c.planned_sessions)
        FROM sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = notes.session_id)
WHERE signed_at IS NOT NULL;

UPDATE notes SET signed_phase = coalesce(phase,
        CASE WHEN signed_number <= 3 THEN 'initial'
             WHEN signed_number > signed_planned - 3 THEN 'conclusion'
             ELSE 'middle' END)
WHERE signed_at IS NOT NULL;

-- A missed session has no number of its own.
UPDATE notes SET signed_number = NULL
WHERE signed_at IS NOT NULL
  AND (SELECT attendance FROM sessions WHERE id = notes.session_id) <> 'attended';

CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed note is never changed; add an amendment');
END;

-- Signing freezes the session's place in the course: a note is never signed without it.
CREATE TRIGGER notes_sign_freezes_place BEFORE UPDATE OF signed_at ON notes
WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
 AND (NEW.signed_planned IS NULL OR NEW.signed_phase IS NULL
   OR (NEW.signed_number IS NULL
       AND (SELECT attendance FROM sessions WHERE id = NEW.session_id) = 'attended'))
BEGIN
    SELECT RAISE(ABORT, 'a note is signed with its session number, plan and phase');
END;

-- No note is signed without a risk check: a level, or "not assessed" with the reason; at
-- moderate or high risk, with the action taken.
CREATE TRIGGER notes_sign_needs_risk_check BEFORE UPDATE OF signed_at ON notes
WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
 AND ((NEW.risk_level = 'not_asked' AND coalesce(length(trim(NEW.risk_not_assessed_reason)), 0) = 0)
   OR (NEW.risk_level IN ('moderate', 'high') AND json_array_length(NEW.risk_actions) = 0))
BEGIN
    SELECT RAISE(ABORT, 'a note is signed with its risk check, and at moderate or high risk with the action taken');
END;

-- The search index reads the reason for not assessing risk too.
DROP TRIGGER notes_search_update;
DROP VIEW search_notes;

CREATE VIEW search_notes AS
SELECT n.id AS src, 2 * 4294967296 + n.id AS key, '' AS title,
       concat_ws(char(10), n.mood_and_events, n.risk_notes, n.risk_not_assessed_reason, n.risk_action,
                 n.focus_work, n.homework_review, n.medication_update, n.plan_next, n.narrative) AS body,
       'note' AS kind, n.client_id, n.session_id, n.id AS object_id, s.held_on AS day, 'c' || n.client_id AS scope
FROM notes n JOIN sessions s ON s.id = n.session_id;

CREATE TRIGGER notes_search_update AFTER UPDATE OF mood_and_events, risk_notes, risk_not_assessed_reason, risk_action, focus_work, homework_review, medication_update, plan_next, narrative ON notes
BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_notes WHERE src = NEW.id;
END;

-- Today's risk list finds a client's latest risk checks by session order.
CREATE INDEX notes_signed_risk ON notes (client_id, signed_at) WHERE risk_level <> 'not_asked';
