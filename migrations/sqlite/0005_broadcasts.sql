-- Broadcasts: a lead's announcement to an audience, and one delivery row per recipient so that
-- sending survives a restart and nobody gets a second copy.
CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id         INTEGER NOT NULL,
    content_kind      TEXT    NOT NULL,
    html              TEXT,
    source_chat_id    INTEGER,
    source_message_id INTEGER,
    audience          TEXT,
    pin               INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,
    send_at           INTEGER,
    report_chat_id    INTEGER,
    report_message_id INTEGER,
    created_at        INTEGER NOT NULL,
    started_at        INTEGER,
    finished_at       INTEGER
);
CREATE INDEX broadcasts_by_status ON broadcasts (status, send_at);

CREATE TABLE broadcast_deliveries (
    broadcast_id INTEGER NOT NULL,
    chat_id      INTEGER NOT NULL,
    thread_id    INTEGER,
    status       TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at       INTEGER NOT NULL,
    started_at   INTEGER,
    message_id   INTEGER,
    error        TEXT,
    PRIMARY KEY (broadcast_id, chat_id)
);
CREATE INDEX broadcast_deliveries_due ON broadcast_deliveries (broadcast_id, status, due_at);
