//! Which backups in a folder to keep: the newest of each of the last N days, weeks and months
//! that have a backup, and always the newest verified backup of all.

use super::{container, rfc3339};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::error::Result;
use crate::ids::BackupId;
use crate::store::files;
use crate::vault::Vault;
use chrono::{DateTime, Datelike, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use ts_rs::TS;

/// How many generations of each kind are kept in every backup folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupKeep {
    /// Days (1–90): the newest backup of each of the last N days that have one.
    pub daily: u32,
    /// Weeks (0–52), counted as ISO weeks.
    pub weekly: u32,
    /// Months (0–120).
    pub monthly: u32,
}

impl Default for BackupKeep {
    fn default() -> Self {
        BackupKeep { daily: 7, weekly: 4, monthly: 12 }
    }
}

pub const DAILY_RANGE: std::ops::RangeInclusive<u32> = 1..=90;
pub const WEEKLY_RANGE: std::ops::RangeInclusive<u32> = 0..=52;
pub const MONTHLY_RANGE: std::ops::RangeInclusive<u32> = 0..=120;

/// Given verified backups as `(id, created)`, returns the ids to remove. The newest is never
/// among them, and neither is anything when the list is empty.
pub fn prune<I: Copy + Ord>(backups: &[(I, DateTime<Utc>)], keep: BackupKeep) -> Vec<I> {
    let mut sorted: Vec<(I, DateTime<Utc>)> = backups.to_vec();
    // Newest first; ties broken by id so the result does not depend on input order.
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut kept: BTreeSet<I> = BTreeSet::new();
    if let Some((newest, _)) = sorted.first() {
        kept.insert(*newest);
    }
    let mut keep_per = |count: u32, bucket: &dyn Fn(&DateTime<Utc>) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for (id, at) in &sorted {
            if seen.len() >= count as usize {
                break;
            }
            let b = bucket(at);
            if !seen.contains(&b) {
                seen.push(b);
                kept.insert(*id);
            }
        }
    };
    keep_per(keep.daily, &|at| (at.year(), at.ordinal()));
    keep_per(keep.weekly, &|at| {
        let w = at.iso_week();
        (w.year(), w.week())
    });
    keep_per(keep.monthly, &|at| (at.year(), at.month()));
    sorted.into_iter().map(|(id, _)| id).filter(|id| !kept.contains(id)).collect()
}

impl Vault {
    /// Removes older generations in `folder` as the schedule says. Only backups that passed
    /// their last check count; the newest of them is never removed, and a file is removed only
    /// if it is still this vault's backup.
    pub(super) fn rotate(&mut self, folder: &Path) -> Result<Vec<BackupId>> {
        let keep = self.backup_schedule()?.keep;
        let text = folder.display().to_string();
        let candidates: Vec<(BackupId, DateTime<Utc>, String)> = {
            let mut stmt = self.conn().prepare(
                "SELECT id, created_at, file_name FROM backups
                 WHERE folder = ?1 AND pruned_at IS NULL AND check_outcome = 'ok'",
            )?;
            stmt.query_map([&text], |r| {
                Ok((r.get::<_, BackupId>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(id, at, name)| {
                DateTime::parse_from_rfc3339(&at).ok().map(|t| (id, t.with_timezone(&Utc), name))
            })
            .collect()
        };
        let list: Vec<(BackupId, DateTime<Utc>)> =
            candidates.iter().map(|(i, t, _)| (*i, *t)).collect();
        let mut pruned = Vec::new();
        for id in prune(&list, keep) {
            let Some((_, _, name)) = candidates.iter().find(|(i, _, _)| *i == id) else {
                continue;
            };
            let path = folder.join(name);
            let ours = container::peek_vault_id(&path).is_some_and(|v| v == self.vault_id());
            if path.exists() && (!ours || fs::remove_file(&path).is_err()) {
                continue;
            }
            let now = self.clock().now();
            self.write(|tx| {
                tx.execute(
                    "UPDATE backups SET pruned_at = ?2 WHERE id = ?1",
                    params![id, rfc3339(now)],
                )?;
                audit::append(tx, now, Entry::about(Event::BackupPruned, ObjectKind::Backup, id))
            })?;
            pruned.push(id);
        }
        if !pruned.is_empty() {
            let _ = files::sync_dir(folder);
        }
        Ok(pruned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn keeps_the_newest_of_each_day_week_and_month() {
        // Two backups a day for 60 days.
        let mut list = Vec::new();
        let start = at(2026, 1, 1, 9);
        for i in 0..120i64 {
            list.push((i, start + chrono::Duration::hours(12 * i)));
        }
        let keep = BackupKeep { daily: 3, weekly: 2, monthly: 2 };
        let pruned = prune(&list, keep);
        let kept: Vec<i64> = list.iter().map(|(i, _)| *i).filter(|i| !pruned.contains(i)).collect();
        // The newest is id 119 (the 60th day, 21:00); the newest of the last three days are
        // 119, 117 and 115.
        for id in [119, 117, 115] {
            assert!(kept.contains(&id), "daily {id} kept");
        }
        assert!(!kept.contains(&118), "the earlier backup of the newest day goes");
        // Every kept backup is the newest of its day.
        for id in &kept {
            assert_eq!(id % 2, 1, "only the 21:00 backups are kept, got {id}");
        }
        assert!(kept.len() <= 3 + 2 + 2);
        // The newest of the previous month is kept.
        let feb_newest = list
            .iter()
            .filter(|(_, t)| t.month() == 2)
            .max_by_key(|(_, t)| *t)
            .map(|(i, _)| *i)
            .unwrap();
        assert!(kept.contains(&feb_newest));
    }

    #[test]
    fn nothing_to_prune_in_an_empty_or_single_list() {
        assert!(prune::<i64>(&[], BackupKeep::default()).is_empty());
        assert!(
            prune(&[(1i64, at(2026, 1, 1, 0))], BackupKeep { daily: 1, weekly: 0, monthly: 0 })
                .is_empty()
        );
    }

    proptest! {
        #[test]
        fn the_newest_is_never_pruned(
            offsets in proptest::collection::vec(0i64..5_000_000, 1..60),
            daily in 1u32..10, weekly in 0u32..5, monthly in 0u32..5,
        ) {
            let base = at(2025, 1, 1, 0);
            let list: Vec<(usize, DateTime<Utc>)> = offsets
                .iter()
                .enumerate()
                .map(|(i, s)| (i, base + chrono::Duration::seconds(*s * 13)))
                .collect();
            let pruned = prune(&list, BackupKeep { daily, weekly, monthly });
            let newest = list.iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))).unwrap().0;
            prop_assert!(!pruned.contains(&newest));
            prop_assert!(list.len() - pruned.len() <= 1 + (daily + weekly + monthly) as usize);
            prop_assert!(list.len() - pruned.len() >= 1);
        }
    }
}
