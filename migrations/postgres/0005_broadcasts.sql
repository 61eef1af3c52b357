-- Broadcasts: a lead's announcement to an audience, and one delivery row per recipient so that
-- sending survives a restart and nobody gets a second copy.
CREATE TABLE broadcasts (
    id                BIGSERIAL PRIMARY KEY,
    author_id         BIGINT NOT NULL,
    content_kind      TEXT    NOT NULL,
    html              TEXT,
    source_chat_id    BIGINT,
    source_message_id BIGINT,
    audience          TEXT,
    pin               BIGINT NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,
    send_at           BIGINT,
    report_chat_id    BIGINT,
    report_message_id BIGINT,
    created_at        BIGINT NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT
);
CREATE INDEX broadcasts_by_status ON broadcasts (status, send_at);

CREATE TABLE broadcast_deliveries (
    broadcast_id BIGINT NOT NULL,
    chat_id      BIGINT NOT NULL,
    thread_id    BIGINT,
    status       TEXT    NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    due_at       BIGINT NOT NULL,
    started_at   BIGINT,
    message_id   BIGINT,
    error        TEXT,
    PRIMARY KEY (broadcast_id, chat_id)
);
CREATE INDEX broadcast_deliveries_due ON broadcast_deliveries (broadcast_id, status, due_at);
