//! The search index: an FTS5 table inside the encrypted database, kept in step with the record
//! by triggers that read one view per record kind (migration 0003). A rebuild reads the same
//! views; it runs after every schema upgrade, so an index is always what the current views
//! make of the record, whichever version wrote it.

use crate::error::Result;
use rusqlite::Connection;

/// Rebuilds the whole index from the record.
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM search_index;
         INSERT INTO search_index (rowid, title, body, scope, kind, client_id, session_id, object_id, day)
         SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_clients
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_notes
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_amendments
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_process_notes
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_people
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_formulations
             WHERE src IN (SELECT max(id) FROM formulations GROUP BY client_id)
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_tasks
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_life_events
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_goals
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_area_work
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheets
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_worksheet_amendments
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_conclusion_summaries
         UNION ALL SELECT key, title, body, scope, kind, client_id, session_id, object_id, day FROM search_conclusion_amendments;",
    )?;
    Ok(())
}
