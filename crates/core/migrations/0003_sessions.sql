-- Session notes, private process notes, amendments, work-at-home tasks and the search index.
-- A signed note is never changed: the triggers below refuse it whatever path the change takes.

CREATE TABLE notes (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE RESTRICT,
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    phase             TEXT CHECK (phase IS NULL OR phase IN ('initial', 'middle', 'conclusion')),
    mood              INTEGER CHECK (mood IS NULL OR mood BETWEEN 0 AND 10),
    mood_and_events   TEXT,
    risk_level        TEXT NOT NULL CHECK (risk_level IN ('not_asked', 'no_concerns', 'low', 'moderate', 'high')),
    risk_notes        TEXT,
    risk_action       TEXT,
    focus_work        TEXT,
    techniques        TEXT NOT NULL CHECK (json_valid(techniques) AND json_type(techniques) = 'array'),
    homework_review   TEXT,
    medication_update TEXT,
    plan_next         TEXT,
    narrative         TEXT,
    -- The previous note's plan for this session, as it read when this note began.
    carried_plan      TEXT,
    -- Where the practitioner was typing, so a reopened draft puts them back there.
    focus_field       TEXT,
    caret             INTEGER,
    revision          INTEGER NOT NULL CHECK (revision >= 0),
    signed_at         TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX notes_by_client ON notes (client_id);
CREATE INDEX notes_unsigned ON notes (signed_at) WHERE signed_at IS NULL;
-- The few notes whose risk check found moderate or high risk, for the Today view.
CREATE INDEX notes_raised_risk ON notes (client_id) WHERE risk_level IN ('moderate', 'high');

CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed note is never changed; add an amendment');
END;

CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed note is never removed');
END;

-- The session a signed note describes keeps its date, time, format and attendance.
CREATE TRIGGER sessions_signed_no_update BEFORE UPDATE ON sessions
WHEN EXISTS (SELECT 1 FROM notes WHERE session_id = OLD.id AND signed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the note of this session is signed; add an amendment');
END;

-- Dated changes to a signed note; the original stays as it was signed.
CREATE TABLE note_amendments (
    id         INTEGER PRIMARY KEY,
    note_id    INTEGER NOT NULL REFERENCES notes (id) ON DELETE RESTRICT,
    section    TEXT NOT NULL CHECK (section IN ('general', 'session', 'mood_and_events', 'risk',
                   'focus_work', 'techniques', 'homework_review', 'medication_update', 'plan_next', 'narrative')),
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    made_at    TEXT NOT NULL
) STRICT;

CREATE INDEX note_amendments_by_note ON note_amendments (note_id, id);

CREATE TRIGGER note_amendments_only_signed BEFORE INSERT ON note_amendments
WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'only a signed note is amended; edit the draft instead');
END;

CREATE TRIGGER note_amendments_no_update BEFORE UPDATE ON note_amendments
BEGIN
    SELECT RAISE(ABORT, 'an amendment is never changed; add another');
END;

CREATE TRIGGER note_amendments_no_delete BEFORE DELETE ON note_amendments
BEGIN
    SELECT RAISE(ABORT, 'an amendment is never removed');
END;

-- The practitioner's private process note for a session: kept apart from the record, never
-- printed, exported or summarised.
CREATE TABLE process_notes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE RESTRICT,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX process_notes_by_client ON process_notes (client_id);

-- Work-at-home tasks: suggestions agreed in a session and reviewed in a later one.
CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    client_id           INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    set_in_session      INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    description         TEXT NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 20000),
    goal_id             INTEGER REFERENCES goals (id) ON DELETE SET NULL,
    area                TEXT CHECK (area IS NULL OR area IN
                            ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    due_on              TEXT CHECK (due_on IS NULL OR date(julianday(due_on)) IS due_on),
    status              TEXT NOT NULL CHECK (status IN ('not_started', 'partly', 'done', 'not_attempted')),
    barriers            TEXT,
    outcome             TEXT,
    reviewed_in_session INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE INDEX tasks_by_client ON tasks (client_id, status, due_on);
CREATE INDEX tasks_open_by_due ON tasks (due_on) WHERE status IN ('not_started', 'partly');

-- Full-text search over the record, inside the encrypted database. Each indexed row's rowid is
-- its kind's number times 2^32 plus the source row's id, so a trigger can replace it directly.
-- Kinds: 1 client, 2 note, 3 amendment, 4 process note, 5 person, 6 formulation, 7 task,
-- 8 life event, 9 goal, 10 problem-area work.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    -- "c" and the client's id, searched only when results are limited to one client: the index
    -- then finds that client's rows itself instead of ranking every match in the practice.
    scope,
    kind UNINDEXED,
    client_id UNINDEXED,
    session_id UNINDEXED,
    object_id UNINDEXED,
    day UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- One view per kind gives what is indexed for each row; the triggers and a full rebuild both
-- read from these, so the two can never disagree.
CREATE VIEW search_clients AS
SELECT c.id AS src, 1 * 4294967296 + c.id AS key, concat_ws(' ', c.full_name, c.preferred_name) AS title,
       concat_ws(char(10), c.pronouns, c.phone, c.email, c.address, c.emergency_contact, c.referral_source,
                 c.gp_prescriber, c.presenting_problem, c.diagnosis, c.diagnosis_code, c.feeding,
                 c.partner_involvement, c.consent_notes) AS body,
       'client' AS kind, c.id AS client_id, NULL AS session_id, c.id AS object_id, NULL AS day, 'c' || c.id AS scope
FROM clients c;

CREATE VIEW search_notes AS
SELECT n.id AS src, 2 * 4294967296 + n.id AS key, '' AS title,
       concat_ws(char(10), n.mood_and_events, n.risk_notes, n.risk_action, n.focus_work,
                 n.homework_review, n.medication_update, n.plan_next, n.narrative) AS body,
       'note' AS kind, n.client_id, n.session_id, n.id AS object_id, s.held_on AS day, 'c' || n.client_id AS scope
FROM notes n JOIN sessions s ON s.id = n.session_id;

CREATE VIEW search_amendments AS
SELECT a.id AS src, 3 * 4294967296 + a.id AS key, '' AS title,
       concat_ws(char(10), a.text, a.reason) AS body,
       'amendment' AS kind, n.client_id, n.session_id, a.note_id AS object_id, substr(a.made_at, 1, 10) AS day, 'c' || n.client_id AS scope
FROM note_amendments a JOIN notes n ON n.id = a.note_id;

CREATE VIEW search_process_notes AS
SELECT p.session_id AS src, 4 * 4294967296 + p.session_id AS key, '' AS title, p.text AS body,
       'process_note' AS kind, p.client_id, p.session_id, p.session_id AS object_id, s.held_on AS day, 'c' || p.client_id AS scope
FROM process_notes p JOIN sessions s ON s.id = p.session_id;

CREATE VIEW search_people AS
SELECT p.id AS src, 5 * 4294967296 + p.id AS key, p.name AS title,
       concat_ws(char(10), p.contact_frequency, p.shared_activities, p.can_talk_about, p.cannot_talk_about,
                 p.support_given, p.support_received, p.client_expectations, p.other_expectations,
                 p.satisfying, p.unsatisfying, p.conflict_frequency, p.conflict_pattern,
                 p.changes_wanted, p.notes) AS body,
       'person' AS kind, p.client_id, NULL AS session_id, p.id AS object_id, NULL AS day, 'c' || p.client_id AS scope
FROM people p;

CREATE VIEW search_formulations AS
SELECT f.id AS src, 6 * 4294967296 + f.id AS key, '' AS title,
       concat_ws(char(10), f.diagnosis_sick_role, f.biological, f.psychological, f.attachment_style,
                 f.social_support, f.culture_spirituality, f.precipitating_events, f.client_statement,
                 f.prognosis) AS body,
       'formulation' AS kind, f.client_id, NULL AS session_id, f.id AS object_id,
       substr(f.recorded_at, 1, 10) AS day, 'c' || f.client_id AS scope
FROM formulations f;

CREATE VIEW search_tasks AS
SELECT t.id AS src, 7 * 4294967296 + t.id AS key, t.description AS title,
       concat_ws(char(10), t.barriers, t.outcome) AS body,
       'task' AS kind, t.client_id, t.set_in_session AS session_id, t.id AS object_id, t.due_on AS day, 'c' || t.client_id AS scope
FROM tasks t;

CREATE VIEW search_life_events AS
SELECT e.id AS src, 8 * 4294967296 + e.id AS key, '' AS title, e.description AS body,
       'life_event' AS kind, e.client_id, NULL AS session_id, e.id AS object_id,
       CASE WHEN length(e.occurred) = 7 THEN e.occurred || '-01' ELSE e.occurred END AS day, 'c' || e.client_id AS scope
FROM life_events e;

CREATE VIEW search_goals AS
SELECT g.id AS src, 9 * 4294967296 + g.id AS key, g.description AS title, '' AS body,
       'goal' AS kind, g.client_id, NULL AS session_id, g.id AS object_id, g.target_date AS day, 'c' || g.client_id AS scope
FROM goals g;

CREATE VIEW search_area_work AS
SELECT w.id AS src, 10 * 4294967296 + w.id AS key, '' AS title,
       (SELECT group_concat(j.value, char(10)) FROM json_tree(w.details) j
         WHERE j.type = 'text' AND j.key IS NOT 'area' AND j.value NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*')
         AS body,
       'area_work' AS kind, w.client_id, NULL AS session_id, w.id AS object_id, NULL AS day, 'c' || w.client_id AS scope
FROM area_work w;

-- Keeping the index in step with every change, whichever path makes it.

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_clients WHERE src = NEW.id;
END;

CREATE TRIGGER clients_search_update AFTER UPDATE ON clients
BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_clients WHERE src = NEW.id;
END;

CREATE TRIGGER clients_search_delete AFTER DELETE ON clients
BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 4294967296 + OLD.id;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_notes WHERE src = NEW.id;
END;

CREATE TRIGGER notes_search_update AFTER UPDATE OF mood_and_events, risk_notes, risk_action, focus_work, homework_review, medication_update, plan_next, narrative ON notes
BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_notes WHERE src = NEW.id;
END;

CREATE TRIGGER notes_search_delete AFTER DELETE ON notes
BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 4294967296 + OLD.id;
END;

CREATE TRIGGER note_amendments_search_insert AFTER INSERT ON note_amendments
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_amendments WHERE src = NEW.id;
END;

CREATE TRIGGER process_notes_search_insert AFTER INSERT ON process_notes
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_process_notes WHERE src = NEW.session_id;
END;

CREATE TRIGGER process_notes_search_update AFTER UPDATE ON process_notes
BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 4294967296 + OLD.session_id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_process_notes WHERE src = NEW.session_id;
END;

CREATE TRIGGER process_notes_search_delete AFTER DELETE ON process_notes
BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 4294967296 + OLD.session_id;
END;

CREATE TRIGGER people_search_insert AFTER INSERT ON people
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_people WHERE src = NEW.id;
END;

CREATE TRIGGER people_search_update AFTER UPDATE ON people
BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_people WHERE src = NEW.id;
END;

CREATE TRIGGER people_search_delete AFTER DELETE ON people
BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 4294967296 + OLD.id;
END;

CREATE TRIGGER formulations_search_insert AFTER INSERT ON formulations
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_formulations WHERE src = NEW.id;
END;

CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_tasks WHERE src = NEW.id;
END;

CREATE TRIGGER tasks_search_update AFTER UPDATE ON tasks
BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_tasks WHERE src = NEW.id;
END;

CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks
BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 4294967296 + OLD.id;
END;

CREATE TRIGGER life_events_search_insert AFTER INSERT ON life_events
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_life_events WHERE src = NEW.id;
END;

CREATE TRIGGER life_events_search_update AFTER UPDATE ON life_events
BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_life_events WHERE src = NEW.id;
END;

CREATE TRIGGER life_events_search_delete AFTER DELETE ON life_events
BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 4294967296 + OLD.id;
END;

CREATE TRIGGER goals_search_insert AFTER INSERT ON goals
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_goals WHERE src = NEW.id;
END;

CREATE TRIGGER goals_search_update AFTER UPDATE ON goals
BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_goals WHERE src = NEW.id;
END;

CREATE TRIGGER goals_search_delete AFTER DELETE ON goals
BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 4294967296 + OLD.id;
END;

CREATE TRIGGER area_work_search_insert AFTER INSERT ON area_work
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_area_work WHERE src = NEW.id;
END;

CREATE TRIGGER area_work_search_update AFTER UPDATE ON area_work
BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_area_work WHERE src = NEW.id;
END;

CREATE TRIGGER area_work_search_delete AFTER DELETE ON area_work
BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 4294967296 + OLD.id;
END;

-- Only the newest formulation version is found by search.
CREATE TRIGGER formulations_search_newest AFTER INSERT ON formulations
BEGIN
    DELETE FROM search_index WHERE rowid IN
        (SELECT 6 * 4294967296 + id FROM formulations WHERE client_id = NEW.client_id AND id <> NEW.id);
END;

-- A session moved to another date moves its note and process note in the index too.
CREATE TRIGGER sessions_search_day AFTER UPDATE OF held_on ON sessions
BEGIN
    UPDATE search_index SET day = NEW.held_on
    WHERE rowid IN (SELECT 2 * 4294967296 + id FROM notes WHERE session_id = NEW.id)
       OR rowid = 4 * 4294967296 + NEW.id;
END;

-- What was recorded before this version is indexed now.
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_clients;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_notes;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_amendments;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_process_notes;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_people;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_formulations
WHERE src IN (SELECT max(id) FROM formulations GROUP BY client_id);
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_tasks;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_life_events;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_goals;
INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day) SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_area_work;
