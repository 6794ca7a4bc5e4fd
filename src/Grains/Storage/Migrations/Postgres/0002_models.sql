-- The model catalog, keyed by (provider, id). Providers are stored lower-case; keys compare byte by byte.
-- capabilities keeps the sorted, de-duplicated JSON array the API shows (json keeps its text as written);
-- model_capabilities holds the same words one per row, so "has capability X" is an index range.
CREATE TABLE IF NOT EXISTS models (
    provider       text COLLATE "C" NOT NULL,
    id             text COLLATE "C" NOT NULL,
    name           text             NOT NULL,
    context_window bigint           NULL,
    capabilities   json             NOT NULL,
    enabled        boolean          NOT NULL,
    synced_at      timestamptz      NOT NULL,
    PRIMARY KEY (provider, id)
);

CREATE INDEX IF NOT EXISTS ix_models_enabled ON models (enabled, provider, id);

CREATE TABLE IF NOT EXISTS model_capabilities (
    capability text COLLATE "C" NOT NULL,
    provider   text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    PRIMARY KEY (capability, provider, id)
);

-- Removing a model's capabilities when the model goes.
CREATE INDEX IF NOT EXISTS ix_model_capabilities_model ON model_capabilities (provider, id);
