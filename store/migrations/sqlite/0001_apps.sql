-- WhatsApp Apps (one sender on one BSP) and their flows encryption keys.
-- Times are TIMESTAMP columns holding fixed-width UTC text (see tx.go).

CREATE TABLE apps (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    bsp                TEXT NOT NULL,
    phone_number       TEXT NOT NULL DEFAULT '',
    phone_number_id    TEXT NOT NULL DEFAULT '',
    waba_id            TEXT NOT NULL DEFAULT '',
    settings           TEXT NOT NULL DEFAULT '{}',
    credentials_sealed BLOB,
    version            INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

-- Inbound webhooks name the sender by phone_number_id; two apps claiming
-- the same one on the same BSP could not be told apart.
CREATE UNIQUE INDEX apps_bsp_phone_number_id ON apps (bsp, phone_number_id) WHERE phone_number_id <> '';

CREATE TABLE app_keys (
    app_id         TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('ACTIVE', 'PREVIOUS', 'RETIRED')),
    public_pem     TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    private_sealed BLOB,
    created_at     TIMESTAMP NOT NULL,
    retire_at      TIMESTAMP,
    pushed_at      TIMESTAMP,
    push_error     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (app_id, version)
);

CREATE UNIQUE INDEX app_keys_one_active ON app_keys (app_id) WHERE status = 'ACTIVE';
