-- Conclusion summaries: one per course, compiled from the record and completed by the
-- clinician. The clinician's part (gains in the client's own words, skills, risk at conclusion,
-- the maintenance plan, hand-over, referrals, feedback, and the reasons given for anything the
-- record could not supply) lives in `completion`, a JSON object whose shape the core's types
-- give. It is a draft until signed, saved as typed with the caret kept, as notes are. Signing
-- freezes what was compiled from the record at that moment in `compiled`, beside the name it
-- was signed by, so a signed summary always reads and prints as it was signed; a signed
-- summary never changes, and corrections are dated amendments.
CREATE TABLE conclusion_summaries (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL UNIQUE REFERENCES courses (id) ON DELETE CASCADE,
    completion   TEXT NOT NULL CHECK (json_valid(completion) AND json_type(completion) = 'object'),
    focus_field  TEXT,
    caret        INTEGER,
    revision     INTEGER NOT NULL DEFAULT 0,
    compiled     TEXT CHECK (compiled IS NULL
                             OR (json_valid(compiled) AND json_type(compiled) = 'object')),
    signed_at    TEXT,
    signed_by    TEXT CHECK (signed_by IS NULL OR length(trim(signed_by)) BETWEEN 1 AND 200),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((signed_at IS NULL) = (compiled IS NULL)),
    CHECK ((signed_at IS NULL) = (signed_by IS NULL))
) STRICT;

CREATE INDEX conclusion_summaries_by_client ON conclusion_summaries (client_id);

-- A summary belongs to its course's client.
CREATE TRIGGER conclusion_summaries_course_client BEFORE INSERT ON conclusion_summaries
WHEN (SELECT client_id FROM courses WHERE id = NEW.course_id) IS NOT NEW.client_id
BEGIN
    SELECT RAISE(ABORT, 'a conclusion summary belongs to its course''s client');
END;

CREATE TRIGGER conclusion_summaries_no_move BEFORE UPDATE OF client_id, course_id
    ON conclusion_summaries
BEGIN
    SELECT RAISE(ABORT, 'a conclusion summary stays with its course');
END;

CREATE TRIGGER conclusion_summaries_signed_no_update BEFORE UPDATE ON conclusion_summaries
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed conclusion summary is never changed; add an amendment');
END;

CREATE TRIGGER conclusion_summaries_signed_no_delete BEFORE DELETE ON conclusion_summaries
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed conclusion summary is kept for good');
END;

CREATE TABLE conclusion_amendments (
    id          INTEGER PRIMARY KEY,
    summary_id  INTEGER NOT NULL REFERENCES conclusion_summaries (id) ON DELETE CASCADE,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 20000),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 200),
    made_at     TEXT NOT NULL
) STRICT;

CREATE INDEX conclusion_amendments_by_summary ON conclusion_amendments (summary_id);

CREATE TRIGGER conclusion_amendments_only_signed BEFORE INSERT ON conclusion_amendments
WHEN (SELECT signed_at FROM conclusion_summaries WHERE id = NEW.summary_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'only a signed conclusion summary is amended');
END;

CREATE TRIGGER conclusion_amendments_no_update BEFORE UPDATE ON conclusion_amendments
BEGIN
    SELECT RAISE(ABORT, 'an amendment is never changed');
END;

-- Search: kind 13 a conclusion summary (the clinician's text), kind 14 an amendment to one.
-- Choices (risk level, maintenance kind, frequency) are not text to search.
CREATE VIEW search_conclusion_summaries AS
SELECT c.id AS src, 13 * 4294967296 + c.id AS key, 'Conclusion summary' AS title,
       coalesce((SELECT group_concat(j.value, char(10)) FROM json_tree(c.completion) j
                  WHERE j.type = 'text'
                    AND j.key NOT IN ('risk_level', 'maintenance', 'maintenance_frequency',
                                      'item')), '') AS body,
       'conclusion_summary' AS kind, c.client_id, NULL AS session_id, c.id AS object_id,
       substr(coalesce(c.signed_at, c.updated_at), 1, 10) AS day, 'c' || c.client_id AS scope
FROM conclusion_summaries c;

CREATE VIEW search_conclusion_amendments AS
SELECT a.id AS src, 14 * 4294967296 + a.id AS key, '' AS title,
       concat_ws(char(10), a.text, a.reason) AS body,
       'conclusion_amendment' AS kind, c.client_id, NULL AS session_id, a.summary_id AS object_id,
       substr(a.made_at, 1, 10) AS day, 'c' || c.client_id AS scope
FROM conclusion_amendments a JOIN conclusion_summaries c ON c.id = a.summary_id;

CREATE TRIGGER conclusion_summaries_search_insert AFTER INSERT ON conclusion_summaries
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day
    FROM search_conclusion_summaries WHERE src = NEW.id;
END;

CREATE TRIGGER conclusion_summaries_search_update AFTER UPDATE OF completion, signed_at
    ON conclusion_summaries
BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 4294967296 + OLD.id;
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day
    FROM search_conclusion_summaries WHERE src = NEW.id;
END;

CREATE TRIGGER conclusion_summaries_search_delete AFTER DELETE ON conclusion_summaries
BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 4294967296 + OLD.id;
END;

CREATE TRIGGER conclusion_amendments_search_insert AFTER INSERT ON conclusion_amendments
BEGIN
    INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
    SELECT key, title, body, scope, kind, client_id, session_id, object_id, day
    FROM search_conclusion_amendments WHERE src = NEW.id;
END;

CREATE TRIGGER conclusion_amendments_search_delete AFTER DELETE ON conclusion_amendments
BEGIN
    DELETE FROM search_index WHERE rowid = 14 * 4294967296 + OLD.id;
END;
