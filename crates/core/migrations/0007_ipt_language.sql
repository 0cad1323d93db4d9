-- Sessions in IPT's language, people who keep who they were, agreement never assumed, and
-- perinatal details kept as dates.

-- What a session served, the goals worked on, and who attended with the client.
ALTER TABLE notes ADD COLUMN mechanisms TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(mechanisms) AND json_type(mechanisms) = 'array');
ALTER TABLE notes ADD COLUMN goals_worked TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(goals_worked) AND json_type(goals_worked) = 'array');
ALTER TABLE notes ADD COLUMN attended_with TEXT NOT NULL DEFAULT 'alone'
    CHECK (attended_with IN ('alone', 'partner', 'other'));
ALTER TABLE notes ADD COLUMN attended_with_name TEXT;

-- "Deceased" is not a relationship: a person who died keeps who they were to the client.
-- People recorded with the old type become "other", marked as died, with a flag that asks the
-- practitioner to choose the relationship; the flag clears when they do.
ALTER TABLE people ADD COLUMN relationship_to_confirm INTEGER NOT NULL DEFAULT 0
    CHECK (relationship_to_confirm IN (0, 1));

UPDATE people SET relationship_type = 'other', deceased = 1, relationship_to_confirm = 1
WHERE relationship_type = 'deceased';

-- Circle snapshots hold a frozen copy of each person: the same change there, so a snapshot
-- still shows who had died.
UPDATE circle_snapshots SET people = (
    SELECT json_group_array(
        CASE WHEN json_extract(p.value, '$.relationship_type') = 'deceased'
             THEN json_set(p.value, '$.relationship_type', 'other', '$.deceased', json('true'))
             ELSE json(p.value) END)
    FROM json_each(circle_snapshots.people) AS p)
WHERE EXISTS (SELECT 1 FROM json_each(circle_snapshots.people) AS q
              WHERE json_extract(q.value, '$.relationship_type') = 'deceased');

CREATE TRIGGER people_no_deceased_type_insert BEFORE INSERT ON people
WHEN NEW.relationship_type = 'deceased'
BEGIN
    SELECT RAISE(ABORT, 'a person who died keeps their relationship; mark them as deceased');
END;

CREATE TRIGGER people_no_deceased_type_update BEFORE UPDATE OF relationship_type ON people
WHEN NEW.relationship_type = 'deceased'
BEGIN
    SELECT RAISE(ABORT, 'a person who died keeps their relationship; mark them as deceased');
END;

-- The client's agreement to a formulation is dated on or after the version it agrees to.
CREATE TRIGGER formulations_agreed_after_version BEFORE INSERT ON formulations
WHEN NEW.agreed_on IS NOT NULL AND NEW.agreed_on < NEW.effective_on
BEGIN
    SELECT RAISE(ABORT, 'the agreement date cannot be before the version''s date');
END;

-- Perinatal details as dates: the due date while pregnant, the baby's birth date after. The
-- weeks (pregnant, postpartum, the infant's age) are derived from them, so they are right
-- every week. Counts recorded before are turned into the dates they stood for on the day they
-- were last saved, and no count is stored again.
ALTER TABLE clients ADD COLUMN due_date TEXT CHECK (due_date IS NULL OR date(julianday(due_date)) IS due_date);
ALTER TABLE clients ADD COLUMN birth_date TEXT CHECK (birth_date IS NULL OR date(julianday(birth_date)) IS birth_date);

UPDATE clients SET due_date = date(substr(updated_at, 1, 10), '+' || ((40 - perinatal_weeks) * 7) || ' days')
WHERE perinatal_stage = 'pregnant' AND perinatal_weeks IS NOT NULL;

UPDATE clients SET birth_date = date(substr(updated_at, 1, 10),
        '-' || (coalesce(infant_age_weeks, perinatal_weeks) * 7) || ' days')
WHERE perinatal_stage = 'postpartum' AND coalesce(infant_age_weeks, perinatal_weeks) IS NOT NULL;

UPDATE clients SET perinatal_weeks = NULL, infant_age_weeks = NULL
WHERE perinatal_weeks IS NOT NULL OR infant_age_weeks IS NOT NULL;

CREATE TRIGGER clients_no_perinatal_counts_insert BEFORE INSERT ON clients
WHEN NEW.perinatal_weeks IS NOT NULL OR NEW.infant_age_weeks IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'perinatal weeks are derived from the due date or the birth date');
END;

CREATE TRIGGER clients_no_perinatal_counts_update BEFORE UPDATE OF perinatal_weeks, infant_age_weeks ON clients
WHEN NEW.perinatal_weeks IS NOT NULL OR NEW.infant_age_weeks IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'perinatal weeks are derived from the due date or the birth date');
END;
