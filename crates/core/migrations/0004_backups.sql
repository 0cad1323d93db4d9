-- Backup folders and the backups Rapport made into them. Paths live only in here, inside the
-- encrypted database; a backup file itself never names a client.

CREATE TABLE backup_targets (
    id                INTEGER PRIMARY KEY,
    folder            TEXT NOT NULL UNIQUE CHECK (length(folder) BETWEEN 1 AND 4096),
    -- Included in the automatic backups (on lock, on quit, daily while open).
    automatic         INTEGER NOT NULL CHECK (automatic IN (0, 1)),
    added_at          TEXT NOT NULL,
    -- The last attempt and what became of it: 'ok', 'skipped' (not connected) or 'failed'.
    last_attempt_at   TEXT,
    last_outcome      TEXT CHECK (last_outcome IS NULL OR last_outcome IN ('ok', 'skipped', 'failed')),
    last_message      TEXT
) STRICT;

CREATE TABLE backups (
    id              INTEGER PRIMARY KEY,
    folder          TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    schema_version  INTEGER NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('manual', 'lock', 'quit', 'daily', 'command')),
    -- When the file last passed a full check (it always did once, right after it was written).
    verified_at     TEXT NOT NULL,
    -- The last check of any kind: 'ok', 'missing' (folder not connected or file gone) or
    -- 'damaged'.
    checked_at      TEXT NOT NULL,
    check_outcome   TEXT NOT NULL CHECK (check_outcome IN ('ok', 'missing', 'damaged')),
    check_message   TEXT,
    -- Removed by rotation after a newer backup verified.
    pruned_at       TEXT,
    UNIQUE (folder, file_name)
) STRICT;

CREATE INDEX backups_by_created ON backups (created_at) WHERE pruned_at IS NULL;
