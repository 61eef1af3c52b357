-- Buddy assignments. A fellow has at most one active pair (ended_at IS NULL).
CREATE TABLE buddy_pairs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    fellow_id      INTEGER NOT NULL,
    buddy_id       INTEGER NOT NULL,
    assigned_by    INTEGER NOT NULL,
    assigned_at    INTEGER NOT NULL,
    ended_at       INTEGER,
    checkin_answer TEXT,
    checkin_at     INTEGER
);
CREATE INDEX buddy_pairs_by_fellow ON buddy_pairs (fellow_id);
CREATE INDEX buddy_pairs_by_buddy ON buddy_pairs (buddy_id);

-- Work due later (check-ins, reminders, deliveries): claimed, done, then marked; never lost.
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL,
    dedupe_key TEXT    NOT NULL UNIQUE,
    payload    TEXT    NOT NULL,
    due_at     INTEGER NOT NULL,
    claimed_at INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    done_at    INTEGER,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);

-- Programme groups: confirmed by an admin, optionally for one trust; the last welcome message.
ALTER TABLE chats ADD COLUMN programme_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN trust TEXT;
ALTER TABLE chats ADD COLUMN welcome_message_id INTEGER;
-- The forum topic announcements go to, where the group uses topics.
ALTER TABLE chats ADD COLUMN announce_thread_id INTEGER;

-- Who has been welcomed in which group, so nobody is welcomed twice.
CREATE TABLE welcomes (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- A heartbeat the running bot writes, so a health check can tell it is alive.
CREATE TABLE heartbeats (
    name TEXT    PRIMARY KEY,
    at   INTEGER NOT NULL
);
