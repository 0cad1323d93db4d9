-- Relapse warning signs as a record of their own, and the safety plan's dated versions.

-- The client's personal early signs that a new episode may be starting, what they will do and
-- whom they will contact: not the crisis plan. Versioned: a save adds a version, earlier ones
-- are never changed.
CREATE TABLE relapse_plans (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL CHECK (version >= 1),
    warning_signs   TEXT,
    what_to_do      TEXT,
    whom_to_contact TEXT,
    recorded_at     TEXT NOT NULL,
    UNIQUE (client_id, version),
    CHECK (coalesce(length(trim(warning_signs)), 0) + coalesce(length(trim(what_to_do)), 0)
           + coalesce(length(trim(whom_to_contact)), 0) > 0)
) STRICT;

CREATE TRIGGER relapse_plans_no_update BEFORE UPDATE ON relapse_plans
BEGIN
    SELECT RAISE(ABORT, 'a version of the relapse warning signs is never changed; save a new one');
END;

-- Every saved state of the safety plan, dated: the current plan is the newest, and earlier
-- ones stay readable. Kept by the trigger below whatever path saves the plan.
CREATE TABLE safety_plan_versions (
    id                 INTEGER PRIMARY KEY,
    client_id          INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    warning_signs      TEXT,
    own_strategies     TEXT,
    distractions       TEXT,
    people_to_ask      TEXT,
    professionals      TEXT,
    safe_surroundings  TEXT,
    kept_where         TEXT,
    review_on          TEXT,
    saved_at           TEXT NOT NULL
) STRICT;

CREATE INDEX safety_plan_versions_by_client ON safety_plan_versions (client_id, id);

CREATE TRIGGER safety_plan_versions_no_update BEFORE UPDATE ON safety_plan_versions
BEGIN
    SELECT RAISE(ABORT, 'a version of the safety plan is never changed');
END;

CREATE TRIGGER safety_plans_version_insert AFTER INSERT ON safety_plans
BEGIN
    INSERT INTO safety_plan_versions (client_id, warning_signs, own_strategies, distractions,
        people_to_ask, professionals, safe_surroundings, kept_where, review_on, saved_at)
    VALUES (NEW.client_id, NEW.warning_signs, NEW.own_strategies, NEW.distractions,
        NEW.people_to_ask, NEW.professionals, NEW.safe_surroundings, NEW.kept_where,
        NEW.review_on, NEW.updated_at);
END;

CREATE TRIGGER safety_plans_version_update AFTER UPDATE ON safety_plans
BEGIN
    INSERT INTO safety_plan_versions (client_id, warning_signs, own_strategies, distractions,
        people_to_ask, professionals, safe_surroundings, kept_where, review_on, saved_at)
    VALUES (NEW.client_id, NEW.warning_signs, NEW.own_strategies, NEW.distractions,
        NEW.people_to_ask, NEW.professionals, NEW.safe_surroundings, NEW.kept_where,
        NEW.review_on, NEW.updated_at);
END;

-- The plans saved before now become their first version.
INSERT INTO safety_plan_versions (client_id, warning_signs, own_strategies, distractions,
    people_to_ask, professionals, safe_surroundings, kept_where, review_on, saved_at)
SELECT client_id, warning_signs, own_strategies, distractions, people_to_ask, professionals,
    safe_surroundings, kept_where, review_on, updated_at
FROM safety_plans;
