-- Profiles: the system of record behind ProfileGrain and the profile list cache.
-- Timestamps are UTC text of fixed width (yyyy-MM-ddTHH:mm:ss.fffZ), so text order is time order.
CREATE TABLE IF NOT EXISTS profiles (
    id            TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    model         TEXT    NULL,
    provider      TEXT    NULL,
    system_prompt TEXT    NULL,
    temperature   REAL    NULL,
    max_tokens    INTEGER NULL,
    params        TEXT    NULL CHECK (params IS NULL OR json_valid(params)),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1)
) STRICT;

-- GET /api/profiles orders by created_at, then id.
CREATE INDEX IF NOT EXISTS ix_profiles_created_at_id ON profiles (created_at, id);
