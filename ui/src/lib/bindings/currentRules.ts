// Generated from rapport-core's `Rules::CURRENT`; do not edit.
import type { Rules } from './Rules';

export const RULES: Rules = {
  "short_text": 200,
  "long_text": 20000,
  "planned_sessions": {
    "min": 8,
    "max": 20
  },
  "usual_planned_sessions": {
    "min": 12,
    "max": 16
  },
  "default_planned_sessions": 16,
  "maintenance_planned_sessions": {
    "min": 3,
    "max": 60
  },
  "review_every": {
    "min": 2,
    "max": 24
  },
  "measure_every": {
    "min": 2,
    "max": 12
  },
  "default_review_every": 6,
  "default_maintenance_sessions": 12,
  "max_boosters": 4,
  "session_minutes": {
    "min": 15,
    "max": 180
  },
  "session_duration": {
    "min": 5,
    "max": 240
  },
  "mood": {
    "min": 0,
    "max": 10
  },
  "goal_rating": {
    "min": 0,
    "max": 10
  },
  "episode_number": {
    "min": 1,
    "max": 99
  },
  "due_date_weeks_ahead": 44,
  "due_date_weeks_past": 4,
  "birth_weeks_past": 156,
  "contacts_per_week": {
    "min": 0,
    "max": 200
  },
  "circle_ring": {
    "min": 1,
    "max": 3
  },
  "auto_lock_minutes": {
    "min": 1,
    "max": 30
  },
  "unsigned_note_days": {
    "min": 1,
    "max": 60
  },
  "backup_interval_hours": {
    "min": 1,
    "max": 168
  },
  "default_backup_interval_hours": 24,
  "keep_daily": {
    "min": 1,
    "max": 90
  },
  "keep_weekly": {
    "min": 0,
    "max": 52
  },
  "keep_monthly": {
    "min": 0,
    "max": 120
  },
  "passphrase": {
    "min_chars": 10,
    "long_chars": 20,
    "max_chars": 1024,
    "strong_score": 4,
    "long_score": 3,
    "rated_chars": 100,
    "obvious_words": [
      "rapport",
      "therapy",
      "therapist",
      "client"
    ]
  }
};
