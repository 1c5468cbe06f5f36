-- WhatsApp Apps (one sender on one BSP) and their flows encryption keys.
-- Identifiers use the "C" collation so that ORDER BY id is byte order, the
-- order SQLite uses and list cursors rely on.

CREATE TABLE apps (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    bsp                TEXT NOT NULL,
    phone_number       TEXT NOT NULL DEFAULT '',
    phone_number_id    TEXT NOT NULL DEFAULT '',
    waba_id            TEXT NOT NULL DEFAULT '',
    settings           TEXT NOT NULL DEFAULT '{}',
    credentials_sealed BYTEA,
    version            INTEGER NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- Inbound webhooks name the sender by phone_number_id; two apps claiming
-- the same one on the same BSP could not be told apart.
CREATE UNIQUE INDEX apps_bsp_phone_number_id ON apps (bsp, phone_number_id) WHERE phone_number_id <> '';

CREATE TABLE app_keys (
    app_id         TEXT COLLATE "C" NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('ACTIVE', 'PREVIOUS', 'RETIRED')),
    public_pem     TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    private_sealed BYTEA,
    created_at     TIMESTAMPTZ NOT NULL,
    retire_at      TIMESTAMPTZ,
    pushed_at      TIMESTAMPTZ,
    push_error     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (app_id, version)
);

CREATE UNIQUE INDEX app_keys_one_active ON app_keys (app_id) WHERE status = 'ACTIVE';
