-- Buddy assignments. A fellow has at most one active pair (ended_at IS NULL).
CREATE TABLE buddy_pairs (
    id             BIGSERIAL PRIMARY KEY,
    fellow_id      BIGINT NOT NULL,
    buddy_id       BIGINT NOT NULL,
    assigned_by    BIGINT NOT NULL,
    assigned_at    BIGINT NOT NULL,
    ended_at       BIGINT,
    checkin_answer TEXT,
    checkin_at     BIGINT
);
CREATE INDEX buddy_pairs_by_fellow ON buddy_pairs (fellow_id);
CREATE INDEX buddy_pairs_by_buddy ON buddy_pairs (buddy_id);

-- Work due later (check-ins, reminders, deliveries): claimed, done, then marked; never lost.
CREATE TABLE jobs (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT    NOT NULL,
    dedupe_key TEXT    NOT NULL UNIQUE,
    payload    TEXT    NOT NULL,
    due_at     BIGINT NOT NULL,
    claimed_at BIGINT,
    attempts   BIGINT NOT NULL DEFAULT 0,
    done_at    BIGINT,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);

-- Programme groups: confirmed by an admin, optionally for one trust; the last welcome message.
ALTER TABLE chats ADD COLUMN programme_group BIGINT NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN trust TEXT;
ALTER TABLE chats ADD COLUMN welcome_message_id BIGINT;
-- The forum topic announcements go to, where the group uses topics.
ALTER TABLE chats ADD COLUMN announce_thread_id BIGINT;

-- Who has been welcomed in which group, so nobody is welcomed twice.
CREATE TABLE welcomes (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- A heartbeat the running bot writes, so a health check can tell it is alive.
CREATE TABLE heartbeats (
    name TEXT    PRIMARY KEY,
    at   BIGINT NOT NULL
);
