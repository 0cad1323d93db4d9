-- The client record and the IPT case. Dates are ISO text and must be real calendar dates:
-- `date(julianday(d)) IS d` refuses 2023-02-30, which `date(d) IS d` would let through.
-- Enumerations are checked here as well as in Rust, so no other writer can store a value the
-- app cannot show.

CREATE TABLE clients (
    id                  INTEGER PRIMARY KEY,
    full_name           TEXT NOT NULL CHECK (length(trim(full_name)) BETWEEN 1 AND 200),
    preferred_name      TEXT,
    date_of_birth       TEXT CHECK (date_of_birth IS NULL OR date(julianday(date_of_birth)) IS date_of_birth),
    pronouns            TEXT,
    phone               TEXT,
    email               TEXT,
    address             TEXT,
    emergency_contact   TEXT,
    referral_source     TEXT,
    gp_prescriber       TEXT,
    presenting_problem  TEXT,
    diagnosis           TEXT,
    diagnosis_code      TEXT,
    condition_group     TEXT NOT NULL CHECK (condition_group IN
                            ('major_depression', 'perinatal_depression', 'dysthymia', 'bulimia_nervosa', 'ptsd', 'other')),
    perinatal_stage     TEXT CHECK (perinatal_stage IS NULL OR perinatal_stage IN ('pregnant', 'postpartum')),
    perinatal_weeks     INTEGER CHECK (perinatal_weeks IS NULL OR perinatal_weeks BETWEEN 0 AND 104),
    infant_age_weeks    INTEGER CHECK (infant_age_weeks IS NULL OR infant_age_weeks BETWEEN 0 AND 156),
    feeding             TEXT,
    partner_involvement TEXT,
    consent_notes       TEXT,
    session_format      TEXT NOT NULL CHECK (session_format IN ('in_person', 'video', 'phone')),
    status              TEXT NOT NULL CHECK (status IN
                            ('enquiry', 'assessment', 'active', 'concluded', 'maintenance', 'archived')),
    -- The status to return to when an archived client is brought back.
    status_before_archive TEXT CHECK (status_before_archive IS NULL OR status_before_archive IN
                            ('enquiry', 'assessment', 'active', 'concluded', 'maintenance')),
    retention_until     TEXT CHECK (retention_until IS NULL OR date(julianday(retention_until)) IS retention_until),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE INDEX clients_by_name ON clients (full_name COLLATE NOCASE);

CREATE TABLE client_status_history (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN
                    ('enquiry', 'assessment', 'active', 'concluded', 'maintenance', 'archived')),
    changed_on  TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    note        TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX client_status_history_by_client ON client_status_history (client_id, id);

-- A course of IPT: the contract. A client may have several over the years.
CREATE TABLE courses (
    id                   INTEGER PRIMARY KEY,
    client_id            INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('acute', 'continuation', 'maintenance')),
    start_date           TEXT NOT NULL CHECK (date(julianday(start_date)) IS start_date),
    planned_sessions     INTEGER NOT NULL CHECK (planned_sessions BETWEEN 8 AND 20),
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
    CHECK (planned_sessions BETWEEN 12 AND 16 OR coalesce(length(trim(planned_reason)), 0) > 0),
    CHECK (phase_override IS NULL OR coalesce(length(trim(phase_override_reason)), 0) > 0)
) STRICT;

CREATE INDEX courses_by_client ON courses (client_id, start_date);

-- Renegotiations of the number of sessions and phase overrides, dated and reasoned.
CREATE TABLE course_changes (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('planned_sessions', 'phase_override')),
    changed_on  TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    from_value  TEXT,
    to_value    TEXT,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX course_changes_by_course ON course_changes (course_id, id);

-- Appointments and attendance. Session notes build on these rows.
CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    course_id        INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    held_on          TEXT NOT NULL CHECK (date(julianday(held_on)) IS held_on),
    start_time       TEXT CHECK (start_time IS NULL OR time(start_time || ':00') IS start_time || ':00'),
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 5 AND 240),
    format           TEXT NOT NULL CHECK (format IN ('in_person', 'video', 'phone')),
    attendance       TEXT NOT NULL CHECK (attendance IN ('scheduled', 'attended', 'cancelled', 'no_show')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_course ON sessions (course_id, held_on, start_time);
CREATE INDEX sessions_by_date ON sessions (held_on);

-- The interpersonal inventory: one row per important person.
CREATE TABLE people (
    id                     INTEGER PRIMARY KEY,
    client_id              INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name                   TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    relationship_type      TEXT NOT NULL CHECK (relationship_type IN
                               ('partner', 'parent', 'child', 'sibling', 'friend', 'colleague', 'ex_partner', 'deceased', 'other')),
    deceased               INTEGER NOT NULL CHECK (deceased IN (0, 1)),
    date_of_death          TEXT CHECK (date_of_death IS NULL OR date(julianday(date_of_death)) IS date_of_death),
    lives_with_client      INTEGER NOT NULL CHECK (lives_with_client IN (0, 1)),
    ring                   INTEGER NOT NULL CHECK (ring BETWEEN 1 AND 3),
    contact_frequency      TEXT,
    shared_activities      TEXT,
    can_talk_about         TEXT,
    cannot_talk_about      TEXT,
    support_given          TEXT,
    support_received       TEXT,
    client_expectations    TEXT,
    other_expectations     TEXT,
    expectations_met       TEXT CHECK (expectations_met IS NULL OR expectations_met IN ('yes', 'partly', 'no')),
    satisfying             TEXT,
    unsatisfying           TEXT,
    conflict_frequency     TEXT,
    conflict_pattern       TEXT,
    conflict_resolved      TEXT CHECK (conflict_resolved IS NULL OR conflict_resolved IN ('yes', 'partly', 'no')),
    knows_about_depression INTEGER CHECK (knows_about_depression IS NULL OR knows_about_depression IN (0, 1)),
    changes_wanted         TEXT,
    candidate_area         TEXT CHECK (candidate_area IS NULL OR candidate_area IN
                               ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    notes                  TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK (date_of_death IS NULL OR deceased = 1)
) STRICT;

CREATE INDEX people_by_client ON people (client_id, ring, name);

CREATE TABLE person_changes (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    changed_on  TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX person_changes_by_person ON person_changes (person_id, changed_on);

-- A dated copy of the closeness circle; `people` is a JSON array frozen at the time taken, so
-- later edits or removals in the inventory never change what a snapshot shows.
CREATE TABLE circle_snapshots (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    taken_on    TEXT NOT NULL CHECK (date(julianday(taken_on)) IS taken_on),
    label       TEXT,
    people      TEXT NOT NULL CHECK (json_valid(people) AND json_type(people) = 'array'),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX circle_snapshots_by_client ON circle_snapshots (client_id, taken_on, id);

-- The formulation, versioned: saving adds a version, earlier ones are never changed. A single
-- column for the primary area makes "exactly one primary area" a property of the schema.
CREATE TABLE formulations (
    id                     INTEGER PRIMARY KEY,
    client_id              INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version                INTEGER NOT NULL CHECK (version >= 1),
    effective_on           TEXT NOT NULL CHECK (date(julianday(effective_on)) IS effective_on),
    diagnosis_sick_role    TEXT,
    biological             TEXT,
    psychological          TEXT,
    attachment_style       TEXT,
    social_support         TEXT,
    culture_spirituality   TEXT,
    precipitating_events   TEXT,
    primary_area           TEXT NOT NULL CHECK (primary_area IN
                               ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    secondary_area         TEXT CHECK (secondary_area IS NULL OR secondary_area IN
                               ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    client_statement       TEXT,
    client_agreed          INTEGER CHECK (client_agreed IS NULL OR client_agreed IN (0, 1)),
    agreed_on              TEXT CHECK (agreed_on IS NULL OR date(julianday(agreed_on)) IS agreed_on),
    prognosis              TEXT,
    recorded_at            TEXT NOT NULL,
    UNIQUE (client_id, version),
    CHECK (secondary_area IS NULL OR secondary_area <> primary_area)
) STRICT;

CREATE TRIGGER formulations_no_update BEFORE UPDATE ON formulations
BEGIN
    SELECT RAISE(ABORT, 'a formulation version is never changed; save a new version');
END;

-- Work on one problem area for one client. The area-specific fields are a JSON object whose
-- shape depends on the area; its dates are checked here too.
CREATE TABLE area_work (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    area        TEXT NOT NULL CHECK (area IN
                    ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    details     TEXT NOT NULL CHECK (json_valid(details) AND json_extract(details, '$.area') IS area),
    updated_at  TEXT NOT NULL,
    UNIQUE (client_id, area),
    CHECK (json_extract(details, '$.date_of_death') IS NULL
           OR date(julianday(json_extract(details, '$.date_of_death'))) IS json_extract(details, '$.date_of_death')),
    CHECK (json_extract(details, '$.transition_date') IS NULL
           OR date(julianday(json_extract(details, '$.transition_date'))) IS json_extract(details, '$.transition_date'))
) STRICT;

-- Dated stage changes of a role dispute.
CREATE TABLE dispute_stages (
    id           INTEGER PRIMARY KEY,
    area_work_id INTEGER NOT NULL REFERENCES area_work (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('renegotiation', 'impasse', 'dissolution')),
    changed_on   TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    note         TEXT,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX dispute_stages_by_work ON dispute_stages (area_work_id, changed_on, id);

CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    area        TEXT NOT NULL CHECK (area IN
                    ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    target_date TEXT CHECK (target_date IS NULL OR date(julianday(target_date)) IS target_date),
    status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'partly_achieved', 'achieved', 'dropped')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX goals_by_client ON goals (client_id, id);

CREATE TABLE goal_status_history (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'partly_achieved', 'achieved', 'dropped')),
    changed_on  TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    note        TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX goal_status_history_by_goal ON goal_status_history (goal_id, id);

CREATE TABLE goal_ratings (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    rated_on    TEXT NOT NULL CHECK (date(julianday(rated_on)) IS rated_on),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX goal_ratings_by_goal ON goal_ratings (goal_id, rated_on);

-- Life events and mood. `occurred` is a day (YYYY-MM-DD) or, when only the month is known, a
-- month (YYYY-MM) with `approximate` set.
CREATE TABLE life_events (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    occurred       TEXT NOT NULL,
    approximate    INTEGER NOT NULL CHECK (approximate IN (0, 1)),
    event_type     TEXT NOT NULL CHECK (event_type IN
                       ('loss', 'conflict', 'move', 'birth', 'job_change', 'illness', 'trauma', 'isolation', 'other')),
    description    TEXT NOT NULL CHECK (length(trim(description)) > 0),
    mood           INTEGER CHECK (mood IS NULL OR mood BETWEEN 0 AND 10),
    symptom_marker TEXT CHECK (symptom_marker IS NULL OR symptom_marker IN ('onset', 'worsening', 'improvement')),
    episode_number INTEGER CHECK (episode_number IS NULL OR episode_number BETWEEN 1 AND 99),
    area           TEXT CHECK (area IS NULL OR area IN
                       ('grief', 'role_dispute', 'role_transition', 'interpersonal_deficits')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((approximate = 0 AND date(julianday(occurred)) IS occurred)
        OR (approximate = 1 AND length(occurred) = 7
            AND date(julianday(occurred || '-01')) IS occurred || '-01'))
) STRICT;

CREATE INDEX life_events_by_client ON life_events (client_id, occurred);

CREATE TABLE life_event_people (
    event_id  INTEGER NOT NULL REFERENCES life_events (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, person_id)
) STRICT, WITHOUT ROWID;

-- Medication and coordination with the prescriber.
CREATE TABLE prescribers (
    client_id           INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    name                TEXT,
    contact             TEXT,
    consent_to_share    INTEGER CHECK (consent_to_share IS NULL OR consent_to_share IN (0, 1)),
    consent_on          TEXT CHECK (consent_on IS NULL OR date(julianday(consent_on)) IS consent_on),
    remitted_combined   INTEGER NOT NULL CHECK (remitted_combined IN (0, 1)),
    notes               TEXT,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE TABLE medications (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    dose         TEXT,
    started_on   TEXT CHECK (started_on IS NULL OR date(julianday(started_on)) IS started_on),
    stopped_on   TEXT CHECK (stopped_on IS NULL OR date(julianday(stopped_on)) IS stopped_on),
    adherence    TEXT,
    side_effects TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (stopped_on IS NULL OR started_on IS NULL OR stopped_on >= started_on)
) STRICT;

CREATE INDEX medications_by_client ON medications (client_id, id);

CREATE TABLE medication_changes (
    id            INTEGER PRIMARY KEY,
    medication_id INTEGER NOT NULL REFERENCES medications (id) ON DELETE CASCADE,
    changed_on    TEXT NOT NULL CHECK (date(julianday(changed_on)) IS changed_on),
    description   TEXT NOT NULL CHECK (length(trim(description)) > 0),
    recorded_at   TEXT NOT NULL
) STRICT;

CREATE INDEX medication_changes_by_medication ON medication_changes (medication_id, changed_on);

CREATE TABLE prescriber_contacts (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    contacted_on TEXT NOT NULL CHECK (date(julianday(contacted_on)) IS contacted_on),
    method       TEXT,
    summary      TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    agreed       TEXT,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX prescriber_contacts_by_client ON prescriber_contacts (client_id, contacted_on);

-- The safety plan, in the client's own words.
CREATE TABLE safety_plans (
    client_id          INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    warning_signs      TEXT,
    own_strategies     TEXT,
    distractions       TEXT,
    people_to_ask      TEXT,
    professionals      TEXT,
    safe_surroundings  TEXT,
    kept_where         TEXT,
    review_on          TEXT CHECK (review_on IS NULL OR date(julianday(review_on)) IS review_on),
    updated_at         TEXT NOT NULL
) STRICT;
