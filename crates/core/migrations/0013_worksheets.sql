-- IPT worksheets: communication analyses, role plays and decision analyses. Each belongs to one
-- client and may link to one of that client's people, sessions, goals, tasks and (for a
-- communication analysis) role plays. Its fields live in `content`, a JSON object whose shape
-- the core's types give by `kind`; the links are columns so the schema can hold them to the
-- client. A worksheet is a draft until it is signed, like a note: drafts are saved as typed
-- (`revision`, and the caret as `focus_field` and `caret`), a signed worksheet never changes,
-- and corrections are dated amendments. The follow-up (the result of trying a new way of
-- saying it, the outcome of the real attempt after a role play, the outcome of a decision) is
-- recorded later, or dismissed with a reason.
CREATE TABLE worksheets (
    id                 INTEGER PRIMARY KEY,
    client_id          INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('communication_analysis', 'role_play',
                           'decision_analysis')),
    person_id          INTEGER REFERENCES people (id) ON DELETE SET NULL,
    -- The person's name when they were removed from the inventory, so the worksheet still
    -- says whom it was about.
    person_label       TEXT,
    session_id         INTEGER REFERENCES sessions (id) ON DELETE RESTRICT,
    area               TEXT CHECK (area IS NULL OR area IN
                           ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    goal_id            INTEGER REFERENCES goals (id) ON DELETE SET NULL,
    task_id            INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
    role_play_id       INTEGER REFERENCES worksheets (id) ON DELETE SET NULL,
    content            TEXT NOT NULL CHECK (json_valid(content) AND json_type(content) = 'object'),
    -- From this day the follow-up is asked for: the planned attempt or the review date.
    follow_up_from     TEXT CHECK (follow_up_from IS NULL
                                   OR date(julianday(follow_up_from)) IS follow_up_from),
    follow_up          TEXT CHECK (follow_up IS NULL OR length(trim(follow_up)) BETWEEN 1 AND 20000),
    follow_up_dismissed TEXT CHECK (follow_up_dismissed IS NULL
                                    OR length(trim(follow_up_dismissed)) BETWEEN 1 AND 200),
    follow_up_session  INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    follow_up_at       TEXT,
    focus_field        TEXT,
    caret              INTEGER,
    revision           INTEGER NOT NULL DEFAULT 0,
    signed_at          TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (follow_up IS NULL OR follow_up_dismissed IS NULL),
    CHECK ((follow_up IS NULL AND follow_up_dismissed IS NULL) = (follow_up_at IS NULL))
) STRICT;

CREATE INDEX worksheets_by_client ON worksheets (client_id, kind);
CREATE INDEX worksheets_by_person ON worksheets (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX worksheets_by_session ON worksheets (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX worksheets_follow_up ON worksheets (follow_up_from)
    WHERE signed_at IS NOT NULL AND follow_up_at IS NULL;

-- A signed worksheet keeps its fields and links; only its follow-up, the name of a person
-- removed from the inventory and links to records removed later may change.
CREATE TRIGGER worksheets_signed_no_update BEFORE UPDATE OF kind, client_id, session_id, area,
    content, revision, signed_at, created_at ON worksheets
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed worksheet is never changed; add an amendment');
END;

CREATE TRIGGER worksheets_signed_no_delete BEFORE DELETE ON worksheets
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed worksheet is kept for good');
END;

-- Everything a worksheet links to belongs to its client.
CREATE TRIGGER worksheets_links_insert BEFORE INSERT ON worksheets
WHEN (NEW.person_id IS NOT NULL
      AND (SELECT client_id FROM people WHERE id = NEW.person_id) IS NOT NEW.client_id)
  OR (NEW.session_id IS NOT NULL
      AND (SELECT client_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.client_id)
  OR (NEW.goal_id IS NOT NULL
      AND (SELECT client_id FROM goals WHERE id = NEW.goal_id) IS NOT NEW.client_id)
  OR (NEW.task_id IS NOT NULL
      AND (SELECT client_id FROM tasks WHERE id = NEW.task_id) IS NOT NEW.client_id)
  OR (NEW.role_play_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM worksheets r WHERE r.id = NEW.role_play_id
                        AND r.client_id = NEW.client_id AND r.kind = 'role_play'))
BEGIN
    SELECT RAISE(ABORT, 'a worksheet links only to its own client''s records');
END;

CREATE TRIGGER worksheets_links_update BEFORE UPDATE OF client_id, person_id, session_id,
    goal_id, task_id, role_play_id ON worksheets
WHEN NEW.client_id IS NOT OLD.client_id
  OR (NEW.person_id IS NOT NULL
      AND (SELECT client_id FROM people WHERE id = NEW.person_id) IS NOT NEW.client_id)
  OR (NEW.session_id IS NOT NULL
      AND (SELECT client_id FROM sessions WHERE id = NEW.session_id) IS NOT NEW.client_id)
  OR (NEW.goal_id IS NOT NULL
      AND (SELECT client_id FROM goals WHERE id = NEW.goal_id) IS NOT NEW.client_id)
  OR (NEW.task_id IS NOT NULL
      AND (SELECT client_id FROM tasks WHERE id = NEW.task_id) IS NOT NEW.client_id)
  OR (NEW.role_play_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM worksheets r WHERE r.id = NEW.role_play_id
                        AND r.client_id = NEW.client_id AND r.kind = 'role_play'))
BEGIN
    SELECT RAISE(ABORT, 'a worksheet links only to its own client''s records');
END;

-- A person removed from the inventory is still named on the worksheets about them.
CREATE TRIGGER people_keep_name_on_worksheets BEFORE DELETE ON people
BEGIN
    UPDATE worksheets SET person_label = OLD.name WHERE person_id = OLD.id;
END;

CREATE TABLE worksheet_amendments (
    id           INTEGER PRIMARY KEY,
    worksheet_id INTEGER NOT NULL REFERENCES worksheets (id) ON DELETE CASCADE,
    section      TEXT NOT NULL,
    text         TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 20000),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 200),
    made_at      TEXT NOT NULL
) STRICT;

CREATE INDEX worksheet_amendments_by_worksheet ON worksheet_amendments (worksheet_id);

CREATE TRIGGER worksheet_amendments_only_signed BEFORE INSERT ON worksheet_amendments
WHEN (SELECT signed_at FROM worksheets WHERE id = NEW.worksheet_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'only a signed worksheet is amended');
END;

CREATE TRIGGER worksheet_amendments_no_update BEFORE UPDATE ON worksheet_amendments
BEGIN
    SELECT RAISE(ABORT, 'an amendment is never changed');
END;

-- Search: kind 11 a worksheet (its text fields, its person and its follow-up), kind 12 an
-- amendment to one. Names of choices (speakers, problems, roles) and dates are not text to
-- search.
CREATE VIEW search_worksheets AS
SELECT w.id AS src, 11 * 4294967296 + w.id AS key,
       coalesce(p.name, w.person_label, '') AS title,
       concat_ws(char(10),
           (SELECT group_concat(j.value, char(10)) FROM json_tree(w.content) j
             WHERE j.type = 'text'
               AND j.key NOT IN ('kind', 'speaker', 'problem', 'client_played', 'need_met')
               AND j.value NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
           w.follow_up, w.follow_up_dismissed) AS body,
       'worksheet' AS kind, w.client_id, w.session_id, w.id AS object_id,
       coalesce(s.held_on, substr(w.created_at, 1, 10)) AS day, 'c' || w.client_id AS scope
FROM worksheets w
LEFT JOIN people p ON p.id = w.person_id
LEFT JOIN sessions s ON s.id = w.session_id;

CREATE VIEW search_worksheet_amendments AS
SELECT a.id AS src, 12 * 4294967296 + a.id AS key, '' AS title,
       concat_ws(char(10), a.text, a.reason) AS body,
       'worksheet_amendment' AS kind, w.client_id, w.session_id, a.worksheet_id AS object_id,
       substr(a.made_at, 1, 10) AS day, 'c' || w.client_id AS scope
FROM worksheet_amendments a JOIN worksheets w ON w.id = a.worksheet_id;

CREATE TRIGGER worksheets_search_insert AFTER INSERT ON worksheets
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheets WHERE src = NEW.id;
END;

CREATE TRIGGER worksheets_search_update AFTER UPDATE OF person_id, person_label, session_id,
    content, follow_up, follow_up_dismissed ON worksheets
BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheets WHERE src = NEW.id;
END;

CREATE TRIGGER worksheets_search_delete AFTER DELETE ON worksheets
BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 4294967296 + OLD.id;
END;

CREATE TRIGGER people_search_worksheets AFTER UPDATE OF name ON people
BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT 11 * 4294967296 + id FROM worksheets WHERE person_id = NEW.id);
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheets
    WHERE src IN (SELECT id FROM worksheets WHERE person_id = NEW.id);
END;

CREATE TRIGGER worksheet_amendments_search_insert AFTER INSERT ON worksheet_amendments
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheet_amendments WHERE src = NEW.id;
END;

CREATE TRIGGER worksheet_amendments_search_delete AFTER DELETE ON worksheet_amendments
BEGIN
    DELETE FROM search_index WHERE rowid = 12 * 4294967296 + OLD.id;
END;
