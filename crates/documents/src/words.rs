//! The record's fixed choices in words, as documents print them. The wording follows the
//! app's labels; the client-facing problem areas are said in plain words.

use rapport_core::{
    CircleChangeKind, ConditionGroup, CourseKind, CourseStatus, Frequency, GoalStatus, MarkerKind,
    Phase, ProblemArea, RelationshipType, Verdict,
};

pub(crate) fn problem_area(area: ProblemArea) -> &'static str {
    match area {
        ProblemArea::Grief => "Grief",
        ProblemArea::RoleDispute => "Role dispute",
        ProblemArea::RoleTransition => "Role transition",
        ProblemArea::InterpersonalDeficits => "Interpersonal deficits / sensitivity",
    }
}

/// A problem area as the client reads it: a name and a sentence, without the jargon.
pub(crate) fn problem_area_plain(area: ProblemArea) -> (&'static str, &'static str) {
    match area {
        ProblemArea::Grief => (
            "Grief",
            "Coming to terms with the death of someone important to you, and finding a way to \
             carry them with you while life goes on.",
        ),
        ProblemArea::RoleDispute => (
            "A disagreement in a close relationship",
            "You and someone important to you want different things from each other. We will \
             look at what each of you expects and at ways to talk it through.",
        ),
        ProblemArea::RoleTransition => (
            "A change in your life",
            "Adjusting to a change in your circumstances or role: saying goodbye to what was, \
             and finding your feet in what is now.",
        ),
        ProblemArea::InterpersonalDeficits => (
            "Feeling alone or cut off from others",
            "Building relationships that support you, and making the ones you have feel closer \
             and more rewarding.",
        ),
    }
}

pub(crate) fn phase(phase: Phase) -> &'static str {
    match phase {
        Phase::Initial => "Initial phase",
        Phase::Middle => "Middle phase",
        Phase::Conclusion => "Conclusion phase",
        Phase::Maintenance => "Maintenance (IPT-M)",
    }
}

pub(crate) fn goal_status(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::NotStarted => "Not started",
        GoalStatus::InProgress => "In progress",
        GoalStatus::PartlyAchieved => "Partly achieved",
        GoalStatus::Achieved => "Achieved",
        GoalStatus::Dropped => "Dropped",
    }
}

pub(crate) fn course_kind(kind: CourseKind) -> &'static str {
    match kind {
        CourseKind::Acute => "Acute course",
        CourseKind::Continuation => "Continuation",
        CourseKind::Maintenance => "Maintenance (IPT-M)",
    }
}

pub(crate) fn course_status(status: CourseStatus) -> &'static str {
    match status {
        CourseStatus::Active => "Under way",
        CourseStatus::Concluded => "Concluded",
        CourseStatus::EndedEarly => "Ended early",
    }
}

pub(crate) fn frequency(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::TwiceWeekly => "Twice a week",
        Frequency::Weekly => "Weekly",
        Frequency::Fortnightly => "Every two weeks",
        Frequency::Monthly => "Monthly",
    }
}

pub(crate) fn condition_group(group: ConditionGroup) -> &'static str {
    match group {
        ConditionGroup::MajorDepression => "Major depression",
        ConditionGroup::PerinatalDepression => "Perinatal depression",
        ConditionGroup::Dysthymia => "Dysthymia / persistent depression",
        ConditionGroup::BulimiaNervosa => "Bulimia nervosa",
        ConditionGroup::Ptsd => "PTSD",
        ConditionGroup::Other => "Other",
    }
}

pub(crate) fn relationship(kind: RelationshipType) -> &'static str {
    match kind {
        RelationshipType::Partner => "Partner",
        RelationshipType::Parent => "Parent",
        RelationshipType::Child => "Child",
        RelationshipType::Sibling => "Sibling",
        RelationshipType::Friend => "Friend",
        RelationshipType::Colleague => "Colleague",
        RelationshipType::ExPartner => "Ex-partner",
        RelationshipType::Other => "Other",
    }
}

pub(crate) fn circle_change(kind: CircleChangeKind) -> &'static str {
    match kind {
        CircleChangeKind::Added => "Added",
        CircleChangeKind::Removed => "No longer in the circle",
        CircleChangeKind::Closer => "Moved closer",
        CircleChangeKind::Further => "Moved further out",
        CircleChangeKind::Unchanged => "Unchanged",
    }
}

pub(crate) fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "Yes",
        Verdict::NotMet => "No",
        Verdict::NotApplicable => "Not applicable",
    }
}

pub(crate) fn marker_kind(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Phase => "phase",
        MarkerKind::Renegotiation => "renegotiation",
        MarkerKind::LifeEvent => "life_event",
    }
}

/// "1 session", "3 sessions".
pub(crate) fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
