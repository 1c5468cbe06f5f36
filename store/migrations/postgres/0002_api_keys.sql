-- API keys of the management API. Only the SHA-256 of a key is kept.

CREATE TABLE api_keys (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    hash       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
