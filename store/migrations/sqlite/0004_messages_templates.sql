-- Outbound messages, their status history, and message templates. Times
-- are TIMESTAMP columns holding fixed-width UTC text (see tx.go). Messages
-- and templates name their app without a foreign key: deleting an app must
-- not erase the record of what was sent for it.

CREATE TABLE messages (
    id                TEXT PRIMARY KEY,
    app_id            TEXT NOT NULL,
    bsp               TEXT NOT NULL,
    recipient         TEXT NOT NULL DEFAULT '',
    type              TEXT NOT NULL,
    request           TEXT NOT NULL,
    flow_id           TEXT NOT NULL DEFAULT '',
    flow_token        TEXT NOT NULL DEFAULT '',
    template_id       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED')),
    bsp_message_id    TEXT NOT NULL DEFAULT '',
    wamid             TEXT NOT NULL DEFAULT '',
    error             TEXT NOT NULL DEFAULT '',
    idempotency_scope TEXT NOT NULL DEFAULT '',
    idempotency_key   TEXT NOT NULL DEFAULT '',
    request_hash      TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

-- One send per idempotency key and scope, whatever the races.
CREATE UNIQUE INDEX messages_idempotency ON messages (idempotency_scope, idempotency_key) WHERE idempotency_key <> '';
-- Status reports name the message by the BSP's id or by the wamid.
CREATE INDEX messages_bsp_message_id ON messages (bsp_message_id) WHERE bsp_message_id <> '';
CREATE INDEX messages_wamid ON messages (wamid) WHERE wamid <> '';
CREATE INDEX messages_app ON messages (app_id, id);
CREATE INDEX messages_recipient ON messages (recipient, id);

CREATE TABLE message_statuses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    source      TEXT NOT NULL,
    applied     INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX message_statuses_message ON message_statuses (message_id, id);

CREATE TABLE templates (
    id               TEXT PRIMARY KEY,
    app_id           TEXT NOT NULL,
    name             TEXT NOT NULL,
    language         TEXT NOT NULL,
    category         TEXT NOT NULL,
    parameter_format TEXT NOT NULL,
    components       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('DRAFT', 'PENDING', 'APPROVED', 'PAUSED', 'DISABLED', 'REJECTED', 'FAILED')),
    remote_id        TEXT NOT NULL DEFAULT '',
    raw_status       TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX templates_app_name_language ON templates (app_id, name, language);
CREATE INDEX templates_app_remote_id ON templates (app_id, remote_id) WHERE remote_id <> '';
