-- Inbound webhooks (raw bodies kept until processed, and the record of
-- every event processed, unique per BSP), the user messages and flow
-- responses they carried, and subscriptions with their outbox of
-- deliveries. Times are TIMESTAMP columns holding fixed-width UTC text
-- (see tx.go).

CREATE TABLE webhook_inbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    bsp           TEXT NOT NULL,
    body          BLOB NOT NULL,
    received_at   TIMESTAMP NOT NULL,
    available_at  TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    processed_at  TIMESTAMP,
    failure       TEXT NOT NULL DEFAULT ''
);

-- The processor's poll: unprocessed entries, oldest first.
CREATE INDEX webhook_inbox_pending ON webhook_inbox (id) WHERE processed_at IS NULL;

CREATE TABLE webhook_events (
    bsp        TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    kind       TEXT NOT NULL,
    inbox_id   INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (bsp, dedupe_key)
);

CREATE TABLE inbound_messages (
    id              TEXT PRIMARY KEY,
    bsp             TEXT NOT NULL,
    app_id          TEXT NOT NULL DEFAULT '',
    phone_number_id TEXT NOT NULL DEFAULT '',
    wamid           TEXT NOT NULL,
    sender          TEXT NOT NULL,
    type            TEXT NOT NULL,
    message         TEXT NOT NULL,
    sent_at         TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (bsp, wamid)
);

CREATE TABLE flow_responses (
    id                 TEXT PRIMARY KEY,
    flow_id            TEXT NOT NULL DEFAULT '',
    app_id             TEXT NOT NULL DEFAULT '',
    bsp                TEXT NOT NULL,
    flow_token         TEXT NOT NULL DEFAULT '',
    message_id         TEXT NOT NULL DEFAULT '',
    context_message_id TEXT NOT NULL DEFAULT '',
    reply_message_id   TEXT NOT NULL,
    recipient          TEXT NOT NULL,
    response_json      TEXT NOT NULL,
    body               TEXT NOT NULL DEFAULT '',
    received_at        TIMESTAMP NOT NULL,
    created_at         TIMESTAMP NOT NULL
);

CREATE INDEX flow_responses_flow ON flow_responses (flow_id, id);

CREATE TABLE subscriptions (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    url           TEXT NOT NULL,
    events        TEXT NOT NULL,
    app_ids       TEXT NOT NULL,
    secret_sealed BLOB NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- seq is the queue order; id is the public, time-sortable name.
CREATE TABLE deliveries (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    ordering_key    TEXT NOT NULL,
    payload         BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_until   TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    last_status     INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP
);

-- The worker's poll, and the check that no earlier delivery of the same
-- conversation is still pending.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX deliveries_conversation ON deliveries (subscription_id, ordering_key, seq) WHERE state = 'pending';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, state, id);
