//! The whole record of one client as it may leave the practice, for a records request or a
//! hand-over to another clinician: the client's record, every signed note whole with its
//! amendments, every signed worksheet, and every signed conclusion summary.
//!
//! What is not yet part of the record stays out and is only counted: a note, worksheet or
//! summary that was begun and never signed. Private process notes are never read here: a
//! [`Note`] does not carry one, and nothing in this module asks for them.

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::casefile::{self, ClientRecord};
use crate::clock::Clock;
use crate::conclusion::{self, ConclusionSummary};
use crate::error::Result;
use crate::ids::ClientId;
use crate::sessions::notes::{self, Note};
use crate::vault::Vault;
use crate::worksheets::{self, Worksheet};
use rusqlite::Connection;

/// One client's record for release.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleasedRecord {
    pub record: ClientRecord,
    /// Every signed note, whole, in the order of its session.
    pub notes: Vec<Note>,
    /// Notes begun and not signed; they are not released.
    pub unsigned_notes: usize,
    /// Every signed worksheet, in the order they were begun.
    pub worksheets: Vec<Worksheet>,
    /// Worksheets begun and not signed; they are not released.
    pub unsigned_worksheets: usize,
    /// Every signed conclusion summary, oldest course first.
    pub summaries: Vec<ConclusionSummary>,
    /// Summaries begun and not signed; they are not released.
    pub unsigned_summaries: usize,
}

fn read(conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<ReleasedRecord> {
    let record = casefile::read(conn, clock, client)?;
    let mut notes = Vec::new();
    let mut unsigned_notes = 0;
    for line in &record.notes {
        if line.signed_at.is_some() {
            notes.push(notes::get(conn, client, line.id)?);
        } else {
            unsigned_notes += 1;
        }
    }
    let (worksheets, drafts): (Vec<Worksheet>, Vec<Worksheet>) =
        worksheets::all_of_client(conn, clock, client)?
            .into_iter()
            .partition(|w| w.signed_at.is_some());
    let mut summaries = Vec::new();
    let mut unsigned_summaries = 0;
    // Oldest course first: the record lists courses newest first.
    for state in conclusion::states(conn, &record.courses)?.iter().rev() {
        let Some(id) = state.summary_id else { continue };
        if state.signed_at.is_some() {
            summaries.push(conclusion::from_record(conn, &record, id)?);
        } else {
            unsigned_summaries += 1;
        }
    }
    Ok(ReleasedRecord {
        record,
        notes,
        unsigned_notes,
        worksheets,
        unsigned_worksheets: drafts.len(),
        summaries,
        unsigned_summaries,
    })
}

impl Vault {
    /// Reads a client's whole record for release; the reading is audited as viewing it.
    pub fn released_record(&mut self, client: ClientId) -> Result<ReleasedRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let released = read(tx, clock.as_ref(), client)?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordViewed, ObjectKind::Client, client),
            )?;
            Ok(released)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ReleasedRecord;
    use crate::ids::{NoteId, SummaryId};
    use crate::testing;

    impl ReleasedRecord {
        fn note_ids(&self) -> Vec<NoteId> {
            self.notes.iter().map(|n| n.id).collect()
        }

        fn summary_ids(&self) -> Vec<SummaryId> {
            self.summaries.iter().map(|s| s.id).collect()
        }
    }

    #[test]
    fn a_released_record_holds_what_is_signed_and_counts_what_is_not() {
        let (_tmp, mut v, _clock) = testing::vault_and_clock();
        crate::sample::populate(&mut v, crate::sample::SampleSpec::default()).unwrap();
        let mut seen_unsigned = (0, 0);
        let mut seen_summaries = 0;
        for listing in v.client_directory().unwrap() {
            let released = v.released_record(listing.id).unwrap();
            let record = &released.record;
            let signed: Vec<_> =
                record.notes.iter().filter(|n| n.signed_at.is_some()).map(|n| n.id).collect();
            assert_eq!(released.note_ids(), signed, "every signed note, in session order");
            assert_eq!(released.unsigned_notes, record.notes.len() - signed.len());
            for note in &released.notes {
                assert!(note.signed_at.is_some());
                assert_eq!(note.client_id, listing.id);
            }
            assert!(released.worksheets.iter().all(|w| w.signed_at.is_some()));
            assert!(released.summaries.iter().all(|s| s.signed_at.is_some()));
            let courses: Vec<_> = record.courses.iter().rev().map(|c| c.id).collect();
            let order: Vec<_> = released
                .summaries
                .iter()
                .map(|s| courses.iter().position(|c| *c == s.course_id).unwrap())
                .collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "oldest course first");
            seen_unsigned.0 += released.unsigned_notes;
            seen_unsigned.1 += released.unsigned_summaries;
            seen_summaries += released.summary_ids().len();
        }
        assert!(seen_summaries >= 10, "the sample signs its concluded courses' summaries");
        assert!(seen_unsigned.1 >= 1, "the sample leaves a summary as a draft");
    }

    #[test]
    fn a_process_note_is_never_in_a_released_record() {
        let (_tmp, mut v, _clock) = testing::vault_and_clock();
        let (client, session, note) = testing::signed_note(&mut v);
        v.save_process_note(client, session, "PROCESS-SENTINEL my own reactions").unwrap();
        let released = v.released_record(client).unwrap();
        assert_eq!(released.note_ids(), vec![note]);
        let text = format!("{:?}", released.notes);
        assert!(text.contains("Original words."));
        assert!(!text.contains("PROCESS-SENTINEL"));
        assert!(!format!("{released:?}").contains("PROCESS-SENTINEL"));
    }

    #[test]
    fn reading_a_released_record_is_audited_and_another_client_is_refused() {
        let (_tmp, mut v, _clock) = testing::vault_and_clock();
        let client = testing::client(&mut v, "Ada Lindqvist");
        let before = v.audit_trail().unwrap().len();
        let released = v.released_record(client).unwrap();
        assert!(released.notes.is_empty() && released.summaries.is_empty());
        assert_eq!(released.unsigned_notes + released.unsigned_worksheets, 0);
        let trail = v.audit_trail().unwrap();
        assert_eq!(trail.len(), before + 1);
        assert_eq!(trail.last().unwrap().event, crate::AuditEvent::RecordViewed);
        let err = v.released_record(crate::ClientId(client.0 + 100)).unwrap_err();
        assert!(matches!(err, crate::Error::NotFound { .. }), "{err:?}");
    }
}
