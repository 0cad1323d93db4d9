-- History kept where the clinical story needs it: each review of a work-at-home task, each
-- change of a medication's dose, and the client's social contacts week by week.

-- A task's reviews, one per session it was reviewed in, kept as a dated list. The task keeps
-- its latest status, barriers and outcome as before.
CREATE TABLE task_reviews (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    reviewed_on TEXT NOT NULL CHECK (date(julianday(reviewed_on)) IS reviewed_on),
    status      TEXT NOT NULL CHECK (status IN ('not_started', 'partly', 'done', 'not_attempted')),
    barriers    TEXT,
    outcome     TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (task_id, session_id)
) STRICT;

CREATE INDEX task_reviews_by_task ON task_reviews (task_id, reviewed_on);

-- The reviews made before now survive as the one review each task had.
INSERT INTO task_reviews (task_id, session_id, reviewed_on, status, barriers, outcome, recorded_at)
SELECT t.id, t.reviewed_in_session, s.held_on, t.status, t.barriers, t.outcome, t.updated_at
FROM tasks t JOIN sessions s ON s.id = t.reviewed_in_session;

-- A change of a medication can set its new dose; the medication's dose follows the latest.
ALTER TABLE medication_changes ADD COLUMN new_dose TEXT
    CHECK (new_dose IS NULL OR length(trim(new_dose)) BETWEEN 1 AND 200);

-- Social contacts in a week (interpersonal deficits), as a dated series to follow its trend.
CREATE TABLE social_contacts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    week_of     TEXT NOT NULL CHECK (date(julianday(week_of)) IS week_of),
    contacts    INTEGER NOT NULL CHECK (contacts BETWEEN 0 AND 200),
    note        TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (client_id, week_of)
) STRICT;

-- The single number the interpersonal-deficits details held becomes the series' first entry,
-- dated when those details were last saved.
INSERT INTO social_contacts (client_id, week_of, contacts, note, recorded_at)
SELECT client_id, date(updated_at), json_extract(details, '$.contacts_per_week'),
       'Carried over from the interpersonal-deficits details.', updated_at
FROM area_work
WHERE area = 'interpersonal_deficits'
  AND json_type(details, '$.contacts_per_week') = 'integer'
  AND json_extract(details, '$.contacts_per_week') BETWEEN 0 AND 200;

UPDATE area_work SET details = json_remove(details, '$.contacts_per_week')
WHERE area = 'interpersonal_deficits';
