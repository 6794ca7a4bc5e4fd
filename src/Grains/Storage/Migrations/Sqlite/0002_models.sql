-- The model catalog, keyed by (provider, id). Providers are stored lower-case.
-- capabilities keeps the sorted, de-duplicated JSON array the API shows; model_capabilities holds the same
-- words one per row, so "has capability X" is an index lookup rather than a scan of JSON text.
CREATE TABLE IF NOT EXISTS models (
    provider       TEXT    NOT NULL,
    id             TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    context_window INTEGER NULL,
    capabilities   TEXT    NOT NULL CHECK (json_valid(capabilities)),
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    synced_at      TEXT    NOT NULL,
    PRIMARY KEY (provider, id)
) STRICT;

CREATE INDEX IF NOT EXISTS ix_models_enabled ON models (enabled, provider, id);

CREATE TABLE IF NOT EXISTS model_capabilities (
    capability TEXT NOT NULL,
    provider   TEXT NOT NULL,
    id         TEXT NOT NULL,
    PRIMARY KEY (capability, provider, id)
) STRICT, WITHOUT ROWID;

-- Removing a model's capabilities when the model goes.
CREATE INDEX IF NOT EXISTS ix_model_capabilities_model ON model_capabilities (provider, id);
