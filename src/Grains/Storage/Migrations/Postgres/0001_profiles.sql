-- Profiles: the system of record behind ProfileGrain and the profile list cache.
-- Ids compare byte by byte (COLLATE "C"), as on SQLite, so GET /api/profiles has one order whatever the server's locale.
-- params keeps the JSON text exactly as the API wrote it (json, not jsonb, which would reorder keys).
CREATE TABLE IF NOT EXISTS profiles (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    name          text             NOT NULL,
    model         text             NULL,
    provider      text             NULL,
    system_prompt text             NULL,
    temperature   double precision NULL,
    max_tokens    integer          NULL,
    params        json             NULL,
    created_at    timestamptz      NOT NULL,
    updated_at    timestamptz      NOT NULL,
    version       bigint           NOT NULL CHECK (version >= 1)
);

-- GET /api/profiles orders by created_at, then id.
CREATE INDEX IF NOT EXISTS ix_profiles_created_at_id ON profiles (created_at, id);
