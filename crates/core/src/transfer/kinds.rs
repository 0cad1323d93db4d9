//! Every kind of record in an export: where it is stored, what links it to its parent, which
//! of its stored fields are structured text, yes/no, or working state left out. One table of
//! facts serves the export, the published schema's check and (later) the import, so a kind
//! added to the vault and not here fails the test that compares this list with the schema.

/// One kind of record as the export writes it.
#[derive(Debug)]
pub(crate) struct Kind {
    /// Its name in the export (`"courses"`).
    pub name: &'static str,
    pub table: &'static str,
    /// The column holding the parent record's id (`client_id` for a client's own kinds); not
    /// written, since the record sits inside its parent.
    pub parent: &'static str,
    /// The order records are written in.
    pub order: &'static str,
    /// Stored as JSON text; written as JSON values.
    pub json: &'static [&'static str],
    /// Stored as 0 or 1; written as `false` or `true`.
    pub bools: &'static [&'static str],
    /// Working state or always-empty columns, not written.
    pub skip: &'static [&'static str],
    /// At most one per parent (the prescriber, the safety plan): written as an object or null.
    pub single: bool,
    /// A list of one column's values rather than of records (the people of a life event).
    pub values_of: Option<&'static str>,
    /// Private process notes: written only when asked for.
    pub private: bool,
    /// Kinds that belong to each record of this one.
    pub children: &'static [Kind],
}

const fn kind(name: &'static str, table: &'static str, parent: &'static str) -> Kind {
    Kind {
        name,
        table,
        parent,
        order: "id",
        json: &[],
        bools: &[],
        skip: &[],
        single: false,
        values_of: None,
        private: false,
        children: &[],
    }
}

/// Dated corrections of something signed.
const fn amendments(table: &'static str, parent: &'static str) -> Kind {
    kind("amendments", table, parent)
}

/// The client record itself: a row of `clients`, and everything below it.
pub(crate) const CLIENT: Kind = Kind {
    order: "full_name COLLATE NOCASE, id",
    skip: &["perinatal_weeks", "infant_age_weeks"],
    children: KINDS,
    ..kind("clients", "clients", "")
};

/// A client's kinds, in the order they are written.
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        order: "changed_on, id",
        ..kind("status_history", "client_status_history", "client_id")
    },
    Kind {
        order: "start_date, id",
        json: &["measure_plan"],
        bools: &["no_show_counts", "cancellation_counts"],
        children: &[
            kind("changes", "course_changes", "course_id"),
            Kind {
                json: &["dates"],
                single: true,
                ..kind("booster_plan", "booster_plans", "course_id")
            },
        ],
        ..kind("courses", "courses", "client_id")
    },
    Kind { order: "held_on, start_time, id", ..kind("sessions", "sessions", "client_id") },
    Kind {
        bools: &[
            "deceased",
            "lives_with_client",
            "knows_about_depression",
            "relationship_to_confirm",
        ],
        children: &[kind("changes", "person_changes", "person_id")],
        ..kind("people", "people", "client_id")
    },
    Kind {
        order: "taken_on, id",
        json: &["people"],
        ..kind("circle_snapshots", "circle_snapshots", "client_id")
    },
    Kind {
        order: "version",
        bools: &["client_agreed"],
        ..kind("formulations", "formulations", "client_id")
    },
    Kind {
        json: &["details"],
        children: &[Kind {
            order: "changed_on, id",
            ..kind("stages", "dispute_stages", "area_work_id")
        }],
        ..kind("area_work", "area_work", "client_id")
    },
    Kind {
        children: &[
            Kind {
                order: "changed_on, id",
                ..kind("status_history", "goal_status_history", "goal_id")
            },
            Kind { order: "rated_on, id", ..kind("ratings", "goal_ratings", "goal_id") },
        ],
        ..kind("goals", "goals", "client_id")
    },
    Kind {
        order: "occurred, id",
        bools: &["approximate"],
        children: &[Kind {
            order: "person_id",
            values_of: Some("person_id"),
            ..kind("people", "life_event_people", "event_id")
        }],
        ..kind("life_events", "life_events", "client_id")
    },
    Kind { order: "week_of, id", ..kind("social_contacts", "social_contacts", "client_id") },
    Kind {
        order: "client_id",
        bools: &["consent_to_share", "remitted_combined"],
        single: true,
        ..kind("prescriber", "prescribers", "client_id")
    },
    Kind {
        children: &[Kind {
            order: "changed_on, id",
            ..kind("changes", "medication_changes", "medication_id")
        }],
        ..kind("medications", "medications", "client_id")
    },
    Kind {
        order: "contacted_on, id",
        ..kind("prescriber_contacts", "prescriber_contacts", "client_id")
    },
    Kind { order: "client_id", single: true, ..kind("safety_plan", "safety_plans", "client_id") },
    Kind {
        order: "saved_at, id",
        ..kind("safety_plan_versions", "safety_plan_versions", "client_id")
    },
    Kind { order: "version", ..kind("relapse_plans", "relapse_plans", "client_id") },
    Kind {
        json: &["techniques", "risk_actions", "mechanisms", "goals_worked"],
        skip: &["focus_field", "caret", "revision"],
        children: &[amendments("note_amendments", "note_id")],
        ..kind("notes", "notes", "client_id")
    },
    Kind {
        order: "session_id",
        private: true,
        ..kind("process_notes", "process_notes", "client_id")
    },
    Kind {
        children: &[Kind {
            order: "reviewed_on, id",
            ..kind("reviews", "task_reviews", "task_id")
        }],
        ..kind("tasks", "tasks", "client_id")
    },
    Kind {
        order: "given_on, id",
        json: &["responses"],
        bools: &["handed_to_client"],
        ..kind("administrations", "administrations", "client_id")
    },
    Kind {
        json: &["content"],
        skip: &["focus_field", "caret", "revision"],
        children: &[amendments("worksheet_amendments", "worksheet_id")],
        ..kind("worksheets", "worksheets", "client_id")
    },
    Kind {
        json: &["completion", "compiled"],
        skip: &["focus_field", "caret", "revision"],
        children: &[amendments("conclusion_amendments", "summary_id")],
        ..kind("conclusion_summaries", "conclusion_summaries", "client_id")
    },
];

/// Tables that hold no client record: the vault's own workings, written by no export.
#[cfg(test)]
pub(crate) const NOT_RECORDS: &[&str] = &[
    "settings",
    "audit_log",
    "audit_chain_key",
    "backup_targets",
    "backups",
    "search_index",
    "search_index_config",
    "search_index_content",
    "search_index_data",
    "search_index_docsize",
    "search_index_idx",
];

/// Every kind with its children, depth first.
pub(crate) fn all() -> Vec<&'static Kind> {
    fn walk(kinds: &'static [Kind], out: &mut Vec<&'static Kind>) {
        for k in kinds {
            out.push(k);
            walk(k.children, out);
        }
    }
    let mut out = vec![&CLIENT];
    walk(KINDS, &mut out);
    out
}
