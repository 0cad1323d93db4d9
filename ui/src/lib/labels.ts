// Plain-language labels for the record's fixed choices, and dates shown in the user's locale.
// Every label is our own wording.

import type { BackupAttempt } from './bindings/BackupAttempt';
import type { BackupCheck } from './bindings/BackupCheck';
import type { BackupReason } from './bindings/BackupReason';
import type { BackupStage } from './bindings/BackupStage';
import type { Attendance } from './bindings/Attendance';
import type { AttendedWith } from './bindings/AttendedWith';
import type { CircleChangeKind } from './bindings/CircleChangeKind';
import type { ClientStatus } from './bindings/ClientStatus';
import type { ConditionGroup } from './bindings/ConditionGroup';
import type { CourseKind } from './bindings/CourseKind';
import type { CourseStatus } from './bindings/CourseStatus';
import type { Degree } from './bindings/Degree';
import type { DisputeStage } from './bindings/DisputeStage';
import type { EventType } from './bindings/EventType';
import type { Frequency } from './bindings/Frequency';
import type { GoalStatus } from './bindings/GoalStatus';
import type { Mechanism } from './bindings/Mechanism';
import type { PerinatalStage } from './bindings/PerinatalStage';
import type { Phase } from './bindings/Phase';
import type { ProblemArea } from './bindings/ProblemArea';
import type { RelationshipType } from './bindings/RelationshipType';
import type { SessionFormat } from './bindings/SessionFormat';
import type { SymptomMarker } from './bindings/SymptomMarker';
import type { TransitionType } from './bindings/TransitionType';
import type { Visibility } from './bindings/Visibility';
import type { ConclusionItem } from './bindings/ConclusionItem';
import type { MaintenanceChoice } from './bindings/MaintenanceChoice';
import type { Paper } from './bindings/Paper';
import type { SummarySection } from './bindings/SummarySection';
import type { NoteSection } from './bindings/NoteSection';
import type { RiskAction } from './bindings/RiskAction';
import type { RiskFlagKind } from './bindings/RiskFlagKind';
import type { RiskLevel } from './bindings/RiskLevel';
import type { SearchKind } from './bindings/SearchKind';
import type { TaskStatus } from './bindings/TaskStatus';
import type { Technique } from './bindings/Technique';

export const CLIENT_STATUS: Record<ClientStatus, string> = {
  enquiry: 'Enquiry',
  assessment: 'Assessment',
  active: 'Active',
  concluded: 'Concluded',
  maintenance: 'Maintenance',
  archived: 'Archived',
};

export const CONDITION_GROUP: Record<ConditionGroup, string> = {
  major_depression: 'Major depression',
  perinatal_depression: 'Perinatal depression',
  dysthymia: 'Dysthymia / persistent depression',
  bulimia_nervosa: 'Bulimia nervosa',
  ptsd: 'PTSD',
  other: 'Other',
};

export const PERINATAL_STAGE: Record<PerinatalStage, string> = {
  pregnant: 'Pregnant',
  postpartum: 'Postpartum',
};

export const SESSION_FORMAT: Record<SessionFormat, string> = {
  in_person: 'In person',
  video: 'Video',
  phone: 'Phone',
};

export const COURSE_KIND: Record<CourseKind, string> = {
  acute: 'Acute course',
  continuation: 'Continuation',
  maintenance: 'Maintenance (IPT-M)',
};

export const FREQUENCY: Record<Frequency, string> = {
  twice_weekly: 'Twice a week',
  weekly: 'Weekly',
  fortnightly: 'Every two weeks',
  monthly: 'Monthly',
};

export const COURSE_STATUS: Record<CourseStatus, string> = {
  active: 'Active',
  concluded: 'Concluded',
  ended_early: 'Ended early',
};

export const PHASE: Record<Phase, string> = {
  initial: 'Initial phase',
  middle: 'Middle phase',
  conclusion: 'Conclusion phase',
  maintenance: 'Maintenance (IPT-M)',
};

export const ATTENDANCE: Record<Attendance, string> = {
  scheduled: 'Scheduled',
  attended: 'Attended',
  cancelled: 'Cancelled',
  no_show: 'Did not attend',
};

export const PROBLEM_AREA: Record<ProblemArea, string> = {
  grief: 'Grief',
  role_dispute: 'Role dispute',
  role_transition: 'Role transition',
  interpersonal_deficits: 'Interpersonal deficits / sensitivity',
};

export const RELATIONSHIP: Record<RelationshipType, string> = {
  partner: 'Partner',
  parent: 'Parent',
  child: 'Child',
  sibling: 'Sibling',
  friend: 'Friend',
  colleague: 'Colleague',
  ex_partner: 'Ex-partner',
  other: 'Other',
};

export const DEGREE: Record<Degree, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
};

export const DISPUTE_STAGE: Record<DisputeStage, string> = {
  renegotiation: 'Renegotiation',
  impasse: 'Impasse',
  dissolution: 'Dissolution',
};

export const VISIBILITY: Record<Visibility, string> = {
  overt: 'Overt (out in the open)',
  covert: 'Covert (unspoken)',
};

export const TRANSITION_TYPE: Record<TransitionType, string> = {
  parenthood: 'Becoming a parent',
  job: 'Work or job change',
  move: 'Moving home',
  illness: 'Illness or diagnosis',
  separation: 'Separation or divorce',
  migration: 'Migration',
  retirement: 'Retirement',
  education: 'Starting or leaving education',
  other: 'Other',
};

export const GOAL_STATUS: Record<GoalStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  partly_achieved: 'Partly achieved',
  achieved: 'Achieved',
  dropped: 'Dropped',
};

export const EVENT_TYPE: Record<EventType, string> = {
  loss: 'Loss',
  conflict: 'Conflict',
  move: 'Move',
  birth: 'Birth',
  job_change: 'Job change',
  illness: 'Illness',
  trauma: 'Trauma',
  isolation: 'Isolation',
  other: 'Other',
};

export const SYMPTOM_MARKER: Record<SymptomMarker, string> = {
  onset: 'Symptoms began',
  worsening: 'Symptoms worsened',
  improvement: 'Symptoms eased',
};

export const CIRCLE_CHANGE: Record<CircleChangeKind, string> = {
  added: 'Added',
  removed: 'No longer in the circle',
  closer: 'Moved closer',
  further: 'Moved further out',
  unchanged: 'Unchanged',
};

export const TECHNIQUE: Record<Technique, string> = {
  clarification: 'Clarification',
  encouragement_of_affect: 'Encouraging affect',
  communication_analysis: 'Communication analysis',
  role_play: 'Role play',
  decision_analysis: 'Decision analysis',
  psychoeducation: 'Psychoeducation',
  therapeutic_relationship: 'Use of the therapeutic relationship',
  exploratory_questions: 'Exploratory questions',
};

/** The four ways an IPT session works on symptoms. */
export const MECHANISM: Record<Mechanism, string> = {
  enhancing_social_support: 'Enhancing social support',
  decreasing_interpersonal_stress: 'Decreasing interpersonal stress',
  facilitating_emotional_processing: 'Facilitating emotional processing',
  improving_interpersonal_skills: 'Improving interpersonal skills',
};

/** Who came to the session. */
export const ATTENDED_WITH: Record<AttendedWith, string> = {
  alone: 'Client alone',
  partner: 'With partner',
  other: 'With someone else',
};

export const RISK_LEVEL: Record<RiskLevel, string> = {
  not_asked: 'Not assessed',
  no_concerns: 'No concerns',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
};

export const RISK_ACTION: Record<RiskAction, string> = {
  safety_plan_reviewed: 'Safety plan reviewed together',
  crisis_contacts_given: 'Crisis contacts given',
  prescriber_or_gp_contacted: 'Prescriber or GP contacted',
  emergency_services: 'Emergency services called',
  other: 'Other',
};

export const NOTE_SECTION: Record<NoteSection, string> = {
  general: 'The note as a whole',
  session: 'Session details',
  mood_and_events: 'Mood and events since last session',
  risk: 'Risk check',
  focus_work: 'Work on the focus area',
  techniques: 'Techniques used',
  homework_review: 'Work-at-home review',
  medication_update: 'Medication update',
  plan_next: 'Plan for next session',
  narrative: 'Narrative',
};

/** How far the client got with something agreed to try: suggestions, not assignments. */
export const TASK_STATUS: Record<TaskStatus, string> = {
  not_started: 'Not yet tried',
  partly: 'Partly tried',
  done: 'Done',
  not_attempted: 'Not attempted',
};

export const CONCLUSION_ITEM: Record<ConclusionItem, string> = {
  discuss_ending: 'Talk about the ending and what it brings up',
  rate_goals: 'Rate progress on each open goal',
  compare_circle: 'Draw the closeness circle again to set beside intake',
  relapse_warning_signs: 'Name the warning signs of a new episode, with what to do and whom to call',
  agree_what_next: 'Agree what follows: nothing, booster sessions or maintenance',
};

/** What follows a course, as the conclusion summary records it. */
export const MAINTENANCE_CHOICE: Record<MaintenanceChoice, string> = {
  none: 'Nothing further',
  boosters: 'Booster sessions',
  maintenance_ipt: 'Maintenance IPT (IPT-M)',
};

/** The parts of a signed conclusion summary an amendment can correct. */
export const SUMMARY_SECTION: Record<SummarySection, string> = {
  record: 'What the record supplied (dates, scores, goals, circles, warning signs)',
  gains: 'Gains in the client’s words',
  skills: 'Skills learned',
  risk: 'Risk at conclusion and protective factors',
  maintenance: 'Maintenance plan',
  medication: 'Medication and hand-over',
  referrals: 'Referrals',
  feedback: 'Client feedback',
};

export const PAPER: Record<Paper, string> = {
  a4: 'A4',
  letter: 'US Letter',
};

export const RISK_FLAG_KIND: Record<RiskFlagKind, string> = {
  raised_risk: 'Raised risk at the last signed check',
  raised_in_draft: 'Raised risk in an unsigned draft',
  missed_while_raised: 'Missed session while at raised risk',
  safety_plan_review: 'Safety plan review due',
  measure_item: 'Measure item flagged',
};

export const SEARCH_KIND: Record<SearchKind, string> = {
  client: 'Client',
  note: 'Session note',
  amendment: 'Amendment',
  process_note: 'Private process note',
  person: 'Inventory',
  formulation: 'Formulation',
  task: 'Work-at-home task',
  life_event: 'Timeline',
  goal: 'Goal',
  area_work: 'Problem area',
  worksheet: 'Worksheet',
  worksheet_amendment: 'Worksheet amendment',
  conclusion_summary: 'Conclusion summary',
  conclusion_amendment: 'Conclusion summary amendment',
};

export const BACKUP_REASON: Record<BackupReason, string> = {
  manual: 'Backed up by hand',
  lock: 'Automatic, on locking',
  quit: 'Automatic, on closing',
  daily: 'Automatic, while open',
  command: 'Scheduled (command line)',
};

export const BACKUP_STAGE: Record<BackupStage, string> = {
  copying: 'Copying the vault',
  checking: 'Checking every page of the copy',
  writing: 'Writing the backup file',
  confirming: 'Reading the file back',
  rotating: 'Tidying older backups',
};

export const BACKUP_CHECK: Record<BackupCheck, string> = {
  ok: 'Verified',
  missing: 'Not reachable',
  damaged: 'Damaged',
  unverified: 'Not yet verified with the key',
};

export const BACKUP_ATTEMPT: Record<BackupAttempt, string> = {
  ok: 'Backed up',
  skipped: 'Skipped: not connected',
  failed: 'Failed',
};

/** Record kinds as counted by the health check and a backup's preview. */
export const RECORD_KIND: Record<string, string> = {
  audit_events: 'Audit trail entries',
  settings: 'Settings',
  clients: 'Clients',
  client_status_changes: 'Status changes',
  courses: 'Courses of therapy',
  course_changes: 'Contract changes',
  sessions: 'Sessions',
  people: 'People in inventories',
  person_changes: 'Inventory changes',
  circle_snapshots: 'Closeness-circle snapshots',
  formulation_versions: 'Formulation versions',
  area_work: 'Problem-area work',
  dispute_stages: 'Dispute stages',
  goals: 'Goals',
  goal_status_changes: 'Goal status changes',
  goal_ratings: 'Goal ratings',
  life_events: 'Timeline events',
  prescribers: 'Prescribers',
  medications: 'Medications',
  medication_changes: 'Medication changes',
  prescriber_contacts: 'Prescriber contacts',
  safety_plans: 'Safety plans',
  notes: 'Session notes',
  note_amendments: 'Amendments',
  process_notes: 'Private process notes',
  tasks: 'Work-at-home tasks',
  conclusion_summaries: 'Conclusion summaries',
  conclusion_amendments: 'Conclusion summary amendments',
};

/** Choices for a select field, in the order the labels were written. */
export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

function isoToDate(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!match) return null;
  const [, y, m, d] = match;
  // Noon local time, so no time zone can move the day.
  const date = new Date(Number(y), Number(m) - 1, d ? Number(d) : 1, 12);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A stored day (YYYY-MM-DD) in the user's locale, e.g. "3 Mar 2026"; raw text if unreadable. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = isoToDate(iso);
  return date ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date) : iso;
}

/** A stored time of day (HH:MM) on a stored day, in the user's locale: "14:00" or "2:00 PM". */
export function time(iso: string, hhmm: string): string {
  const date = isoToDate(iso);
  const match = /^(\d{2}):(\d{2})/.exec(hhmm);
  if (!date || !match) return hhmm;
  date.setHours(Number(match[1]), Number(match[2]), 0, 0);
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
}

/** A stored month (YYYY-MM) in the user's locale, e.g. "March 2026". */
export function month(iso: string): string {
  const date = isoToDate(iso);
  return date
    ? new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long' }).format(date)
    : iso;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const a = isoToDate(from);
  const b = isoToDate(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}
