//! rapport-core: the domain and the encrypted storage of Rapport, with no knowledge of any
//! user interface. The desktop shell and the command-line tool are thin adapters over it.
//!
//! The modules are folders a newcomer can read as the domain, layered so that no module
//! imports one that imports it back (see ARCHITECTURE.md):
//!
//! - foundation: [`error`], `ids`, `clock`, `input` (the rules for typed values);
//! - `store`: storage plumbing, private to this crate;
//! - `audit`, `vault`: the trail, and the vault itself (folder, keys, passphrase, settings);
//! - `record`: the client record, one module per kind; `sessions`: notes and tasks;
//! - `casefile`: one client's whole record and every change to it; `release`: that record
//!   as it may leave the practice, with every signed note, worksheet and summary;
//! - `practice`: the client list, Today and search across the practice;
//! - `backup`, `sample`.
//!
//! What the shell, the command line and the tests may use is re-exported here, by concept;
//! everything else stays inside.

mod audit;
mod backup;
mod casefile;
mod clock;
mod conclusion;
mod drafts;
mod error;
mod ids;
mod input;
mod measures;
#[cfg(test)]
mod module_graph;
mod practice;
mod record;
mod release;
mod rules;
mod sample;
mod sessions;
mod store;
#[cfg(test)]
mod testing;
mod transfer;
mod vault;
mod worksheets;

pub use secrecy::SecretString;

/// The version of this build, as shown in the app and written into backups.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The database schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = store::migrations::SCHEMA_VERSION;

// Foundation.
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, ErrorCode, Result};
pub use ids::{
    AdministrationId, AmendmentId, AreaWorkId, BackupFolderId, BackupId, ClientId, CourseId,
    FormulationId, GoalId, LifeEventId, MedicationId, NoteId, PersonId, SessionId, SnapshotId,
    SummaryAmendmentId, SummaryId, TaskId, WorksheetAmendmentId, WorksheetId,
};
pub use input::{LONG_TEXT, SHORT_TEXT};
pub use rules::Rules;

// The vault: where it lives, opening and locking it, its keys and settings.
pub use audit::{AuditRecord, Event as AuditEvent, ObjectKind as AuditObject};
pub use store::integrity::RecordCount;
pub use vault::check::CheckReport;
pub use vault::dir::{
    APP_IDENTIFIER, DirLock, DirState, LOCK_FILE, VAULT_DIR_ENV, VaultDir, default_vault_dir,
    sample_dir_beside,
};
pub use vault::idle::{AutoLock, IdleTimer};
pub use vault::keys::{
    FORMAT_VERSION as KEY_FILE_VERSION, KEY_FILE, KEY_FILE_BAK, KEY_FILE_NEXT, KeyFile,
    PASSPHRASE_ITERATIONS, PASSPHRASE_LANES, PASSPHRASE_MEMORY_KIB,
};
pub use vault::passphrase::{PassphraseStrength, assess as assess_passphrase};
pub use vault::recovery::{RecoveryKey, emergency_sheet};
pub use vault::settings::{AUTO_LOCK_DEFAULT, DocumentSettings, Paper, Settings};
pub use vault::{Created, KdfCost, Vault, note_failed_attempt, unlock_wait};

// The client record.
pub use casefile::{ClientRecord, Edit, SnapshotComparison};
pub use record::areas::{
    AreaDetails, AreaWork, DatedItem, DisputeStage, Goal, GoalInput, GoalStatus, TransitionType,
    Visibility,
};
pub use record::boosters::{BoosterPlan, BoosterPlanInput};
pub use record::clients::{
    Client, ClientInput, ClientStatus, ConditionGroup, PerinatalStage, PerinatalWeeks,
    perinatal_weeks_of,
};
pub use record::contacts::{SocialContacts, SocialContactsInput};
pub use record::counting::Place;
pub use record::course::{
    Appointment, Attendance, Course, CourseInput, CourseKind, CourseStatus, Frequency, Progress,
    Session, SessionInput, SessionPurpose, planned_end_of,
};
pub use record::formulation::{Formulation, FormulationInput};
pub use record::inventory::{
    CircleChange, CircleChangeKind, Degree, NewPerson, Person, PersonInput, RelationshipType,
    Snapshot,
};
pub use record::medication::{
    Medication, MedicationInput, Prescriber, PrescriberContact, PrescriberContactInput,
    PrescriberInput,
};
pub use record::relapse::{RelapsePlan, RelapsePlanInput};
pub use record::safety::{SafetyPlan, SafetyPlanInput, SafetyPlanVersion};
pub use record::timeline::{EventType, LifeEvent, LifeEventInput, SymptomMarker};
pub use record::vocabulary::{Phase, ProblemArea, SessionFormat};

// Measures: the instruments as data, scoring and outcomes.
pub use measures::definition::{
    Band, ClusterRule, Combine, Definition, FlagRule, Group, Instrument, Item, Rater, RciConstants,
    TotalRule, Values,
};
pub use measures::given::{Administration, AdministrationStart, AdministrationStatus, MeasureFlag};
pub use measures::outcome::{Finding, Outcome, OutcomeKind, Verdict, outcome};
pub use measures::plan::{Cadence, PlannedMeasure};
pub use measures::progress::{
    Chart, ChartBand, ChartMarker, ChartPoint, CourseMeasures, InstrumentProgress, MarkerKind,
    Track, TrackChart, TrackKind, TrackPoint,
};
pub use measures::score::{
    Answer, BehaviourCount, ClusterCount, ClusterResult, GroupScore, RaisedFlag, Responses, Score,
    figure_text, score,
};

// Sessions.
pub use sessions::notes::{
    Amendment, AttendedWith, Caret, DraftSaved, Mechanism, Note, NoteInput, NoteSection,
    NoteSummary, NoteView, ProcessNote, RiskAction, RiskLevel, SignedPlace, Technique,
};
pub use sessions::tasks::{Task, TaskInput, TaskStatus};

// The conclusion summary of a course.
pub use conclusion::checklist::{ChecklistItem, FixIn};
pub use conclusion::compiled::{
    Circles, Compiled, CourseFigures, FollowingCourse, FormulationAtEnd, GoalAtEnd, Identifiers,
    MaintenanceInRecord, MedicationAtEnd, MedicationLine, Rated, RelapseAtEnd, RiskAt,
};
pub use conclusion::{
    Completion, ConclusionSummary, DocumentOutput, MAINTENANCE_MONTHS, MaintenanceChoice,
    SummaryAmendment, SummarySection, SummaryStage, SummaryState, Waiver,
};

// Worksheets: communication analyses, role plays and decision analyses.
pub use worksheets::pattern::{
    ClientWorksheets, NeedMetCount, PersonPattern, ProblemCount, ProblemSeenAt, RolePlayTrack,
    RunRatings,
};
pub use worksheets::{
    Alternative, CommunicationAnalysis, CommunicationProblem, DecisionAnalysis, DecisionOption,
    FollowUp, FollowUpInput, FollowUpPrompt, FollowUpState, NeedMet, ProblemSeen, RolePart,
    RolePlay, Run, SessionRef, Speaker, Turn, Worksheet, WorksheetAmendment, WorksheetContent,
    WorksheetInput, WorksheetKind, WorksheetSection, WorksheetStart, WorksheetSummary,
};

// One client's whole record as it may leave the practice (a records request, a hand-over).
pub use release::ReleasedRecord;

// The portable export of the practice or of one client.
pub use transfer::{
    EXPORT_FORMAT, EXPORT_FORMAT_VERSION, EXPORT_PASSPHRASE_MIN, ExportScope, IMPORT_FILE_LIMIT,
    ImportClient, ImportFile, ImportOutcome, ImportPreview, ImportProblem, check_export_passphrase,
    export_file, export_file_name, is_sealed, open_sealed, seal,
};

// Across the practice.
pub use practice::clients::{ClientListing, ClientSummary, CourseListing};
pub use practice::outcomes::{
    InstrumentShares, OutcomeGroup, OutcomeGroupKey, OutcomesFilter, PracticeOutcomes, Share,
};
pub use practice::search::{SearchHit, SearchKind, SearchQuery, SearchResults, Segment};
pub use practice::today::{ConclusionItem, RiskFlagKind, SummaryWaiting, TodayView};

// Backups and restore.
pub use backup::container::{EXTENSION as BACKUP_EXTENSION, MAGIC as BACKUP_MAGIC};
pub use backup::restore;
pub use backup::{
    BackupAttempt, BackupCheck, BackupContents, BackupEntry, BackupFolder, BackupKeep,
    BackupOverview, BackupProgress, BackupReason, BackupRunner, BackupSchedule, BackupStage,
    VaultLoan, back_up_without_key,
};
pub use vault::unverified::{PENDING_FILE as UNVERIFIED_BACKUPS_FILE, PendingBackup};

// The sample practice.
pub use sample::{SAMPLE_PASSPHRASE, SampleSpec};

/// The sample practice: a fictional caseload in a vault of its own.
pub mod sample_practice {
    pub use crate::sample::{create_vault, open, populate};
}
