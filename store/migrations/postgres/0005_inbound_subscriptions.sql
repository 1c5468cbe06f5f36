-- Inbound webhooks (raw bodies kept until processed, and the record of
-- every event processed, unique per BSP), the user messages and flow
-- responses they carried, and subscriptions with their outbox of
-- deliveries. Times are TIMESTAMPTZ; identifiers use the "C" collation so
-- that ORDER BY id is byte order, as in SQLite, which cursors rely on.

CREATE TABLE webhook_inbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bsp           TEXT NOT NULL,
    body          BYTEA NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    available_at  TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    processed_at  TIMESTAMPTZ,
    failure       TEXT NOT NULL DEFAULT ''
);

-- The processor's poll: unprocessed entries, oldest first.
CREATE INDEX webhook_inbox_pending ON webhook_inbox (id) WHERE processed_at IS NULL;

CREATE TABLE webhook_events (
    bsp        TEXT COLLATE "C" NOT NULL,
    dedupe_key TEXT COLLATE "C" NOT NULL,
    kind       TEXT NOT NULL,
    inbox_id   BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bsp, dedupe_key)
);

CREATE TABLE inbound_messages (
    id              TEXT COLLATE "C" PRIMARY KEY,
    bsp             TEXT NOT NULL,
    app_id          TEXT NOT NULL DEFAULT '',
    phone_number_id TEXT NOT NULL DEFAULT '',
    wamid           TEXT NOT NULL,
    sender          TEXT NOT NULL,
    type            TEXT NOT NULL,
    message         TEXT NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (bsp, wamid)
);

CREATE TABLE flow_responses (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    flow_id            TEXT COLLATE "C" NOT NULL DEFAULT '',
    app_id             TEXT NOT NULL DEFAULT '',
    bsp                TEXT NOT NULL,
    flow_token         TEXT NOT NULL DEFAULT '',
    message_id         TEXT NOT NULL DEFAULT '',
    context_message_id TEXT NOT NULL DEFAULT '',
    reply_message_id   TEXT NOT NULL,
    recipient          TEXT NOT NULL,
    response_json      TEXT NOT NULL,
    body               TEXT NOT NULL DEFAULT '',
    received_at        TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX flow_responses_flow ON flow_responses (flow_id, id);

CREATE TABLE subscriptions (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    url           TEXT NOT NULL,
    events        TEXT NOT NULL,
    app_ids       TEXT NOT NULL,
    secret_sealed BYTEA NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- seq is the queue order; id is the public, time-sortable name.
CREATE TABLE deliveries (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT COLLATE "C" NOT NULL UNIQUE,
    subscription_id TEXT COLLATE "C" NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    ordering_key    TEXT COLLATE "C" NOT NULL,
    payload         BYTEA NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    last_status     INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ
);

-- The worker's poll, and the check that no earlier delivery of the same
-- conversation is still pending.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX deliveries_conversation ON deliveries (subscription_id, ordering_key, seq) WHERE state = 'pending';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, state, id);
