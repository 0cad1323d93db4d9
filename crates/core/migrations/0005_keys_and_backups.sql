-- The audit chain is keyed from here on: each new entry's link is an HMAC-SHA256 under a key
-- derived from the data key. Entries written before keep their SHA-256 links; `keyed` says
-- which kind an entry has.
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));

-- The chain's key, derived from the data key when the chain was first keyed and kept here
-- (inside the encrypted database) so that the chain stays verifiable after the data key is
-- changed. Written once, by the first unlock after this migration.
CREATE TABLE audit_chain_key (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    key  BLOB NOT NULL CHECK (length(key) = 32)
) STRICT;

CREATE TRIGGER audit_chain_key_no_update BEFORE UPDATE ON audit_chain_key
BEGIN
    SELECT RAISE(ABORT, 'the audit chain key never changes');
END;

CREATE TRIGGER audit_chain_key_no_delete BEFORE DELETE ON audit_chain_key
BEGIN
    SELECT RAISE(ABORT, 'the audit chain key never changes');
END;

-- Backups made without the key (`rapport-cli backup` while the vault is closed) are listed at
-- the next unlock as 'unverified' until they are read back in full with the key, so
-- verified_at may be empty; `with_key` says how a backup was made, and `key_fingerprint` which
-- data key it holds (empty for backups listed before this migration), so that after a change
-- of key the older ones can be told apart.
CREATE TABLE backups_v5 (
    id              INTEGER PRIMARY KEY,
    folder          TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    schema_version  INTEGER NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('manual', 'lock', 'quit', 'daily', 'command')),
    with_key        INTEGER NOT NULL DEFAULT 1 CHECK (with_key IN (0, 1)),
    key_fingerprint TEXT CHECK (key_fingerprint IS NULL OR length(key_fingerprint) = 32),
    -- When the file last passed a full check with the key.
    verified_at     TEXT,
    -- The last check of any kind: 'ok', 'missing' (folder not connected or file gone),
    -- 'damaged', or 'unverified' (made without the key and not yet read back with it).
    checked_at      TEXT NOT NULL,
    check_outcome   TEXT NOT NULL
        CHECK (check_outcome IN ('ok', 'missing', 'damaged', 'unverified')),
    check_message   TEXT,
    -- Removed by rotation after a newer backup verified, or deleted after a change of key.
    pruned_at       TEXT,
    UNIQUE (folder, file_name)
) STRICT;

INSERT INTO backups_v5 (id, folder, file_name, created_at, size, sha256, schema_version, reason,
                        with_key, verified_at, checked_at, check_outcome, check_message, pruned_at)
SELECT id, folder, file_name, created_at, size, sha256, schema_version, reason,
       1, verified_at, checked_at, check_outcome, check_message, pruned_at
FROM backups;

DROP TABLE backups;
ALTER TABLE backups_v5 RENAME TO backups;
CREATE INDEX backups_by_created ON backups (created_at) WHERE pruned_at IS NULL;
