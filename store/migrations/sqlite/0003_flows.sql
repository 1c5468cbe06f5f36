-- Flows, their Flow JSON revisions and handler scripts, the apps each flow
-- is deployed to (targets) and every target's step log. Times are
-- TIMESTAMP columns holding fixed-width UTC text (see tx.go). Targets name
-- their app without a foreign key: the reconciler reports a deleted app on
-- the target instead of losing the target's record of the remote flow.

CREATE TABLE flows (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    categories         TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'DEPRECATED', 'THROTTLED', 'BLOCKED')),
    current_revision   INTEGER NOT NULL DEFAULT 0,
    published_revision INTEGER NOT NULL DEFAULT 0,
    script_revision    INTEGER NOT NULL DEFAULT 0,
    endpoint_uri       TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

CREATE INDEX flows_status ON flows (status, id);

CREATE TABLE flow_revisions (
    flow_id           TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    number            INTEGER NOT NULL CHECK (number > 0),
    json              BLOB NOT NULL,
    flow_json_version TEXT NOT NULL,
    data_api_version  TEXT NOT NULL DEFAULT '',
    valid             INTEGER NOT NULL,
    diagnostics       TEXT NOT NULL DEFAULT '[]',
    created_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (flow_id, number)
);

CREATE TABLE flow_scripts (
    flow_id    TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL CHECK (revision > 0),
    source     TEXT NOT NULL,
    form       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (flow_id, revision)
);

CREATE TABLE flow_targets (
    flow_id            TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    app_id             TEXT NOT NULL,
    desired            TEXT NOT NULL CHECK (desired IN ('DRAFT', 'PUBLISHED', 'DEPRECATED')),
    revision           INTEGER NOT NULL DEFAULT 0,
    generation         INTEGER NOT NULL DEFAULT 1,
    remote_id          TEXT NOT NULL DEFAULT '',
    remote_status      TEXT NOT NULL DEFAULT '',
    uploaded_revision  INTEGER NOT NULL DEFAULT 0,
    published_revision INTEGER NOT NULL DEFAULT 0,
    endpoint_uri       TEXT NOT NULL DEFAULT '',
    in_flight          TEXT NOT NULL DEFAULT '',
    step               TEXT NOT NULL DEFAULT '',
    step_state         TEXT NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMP,
    last_error         TEXT NOT NULL DEFAULT '',
    unsupported        TEXT NOT NULL DEFAULT '[]',
    claimed_by         TEXT NOT NULL DEFAULT '',
    claimed_until      TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (flow_id, app_id)
);

-- The reconciler's poll: due targets, earliest first.
CREATE INDEX flow_targets_due ON flow_targets (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX flow_targets_app ON flow_targets (app_id, flow_id);

CREATE TABLE flow_target_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_id TEXT NOT NULL,
    app_id  TEXT NOT NULL,
    step    TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'unsupported')),
    attempt INTEGER NOT NULL,
    error   TEXT NOT NULL DEFAULT '',
    at      TIMESTAMP NOT NULL,
    FOREIGN KEY (flow_id, app_id) REFERENCES flow_targets (flow_id, app_id) ON DELETE CASCADE
);

CREATE INDEX flow_target_events_target ON flow_target_events (flow_id, app_id, id);
