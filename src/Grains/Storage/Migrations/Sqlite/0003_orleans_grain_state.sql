-- Orleans grain state (CacheStatsGrain's cumulative counters), for Microsoft.Orleans.Persistence.AdoNet.
-- Written for this project to the provider's query contract: it reads the query texts below from
-- OrleansQuery by key, binds @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
-- @GrainIdExtensionString, @ServiceId, @GrainStateVersion and @PayloadBinary, reads PayloadBinary and
-- Version back from a read, and NewGrainStateVersion from a write or clear (no row means a version conflict).
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

-- One row per grain identity, enforced by the primary key (the hashes the provider also sends are not
-- needed for lookups here). The version is the grain state's ETag.
CREATE TABLE IF NOT EXISTS orleans_grain_state (
    service_id         TEXT    NOT NULL,
    grain_type         TEXT    NOT NULL,
    grain_id_n0        INTEGER NOT NULL,
    grain_id_n1        INTEGER NOT NULL,
    grain_id_extension TEXT    NOT NULL,
    payload            BLOB    NULL,
    version            INTEGER NOT NULL,
    modified_at        TEXT    NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
) STRICT, WITHOUT ROWID;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''');
'),
-- Insert when the grain expects no row (@GrainStateVersion is NULL); otherwise update only the version it read.
-- A conflict (row exists but the version differs, or the grain expected none) updates nothing and returns no row.
('WriteToStorageKey', '
INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1,
       strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE true
ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension) DO UPDATE
SET payload = excluded.payload, version = orleans_grain_state.version + 1, modified_at = excluded.modified_at
WHERE orleans_grain_state.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
'),
('ClearStorageKey', '
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
