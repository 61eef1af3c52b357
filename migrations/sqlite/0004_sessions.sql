-- Sessions on the programme's calendar. Times are UTC instants; audience is as Audience::to_text.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_type TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    location     TEXT    NOT NULL,
    audience     TEXT    NOT NULL,
    capacity     INTEGER,
    facilitators TEXT    NOT NULL,
    sequence     INTEGER NOT NULL DEFAULT 0,
    cancelled_at INTEGER,
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

-- Who is going, waiting for a place, or not going. arrival orders the waiting list.
CREATE TABLE rsvps (
    session_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    arrival    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Where each session was announced, so its live counts can be updated.
CREATE TABLE session_posts (
    session_id INTEGER NOT NULL,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (session_id, chat_id)
);

-- Who attended: checked in themselves ("I'm here") or marked by a lead afterwards.
CREATE TABLE attendance (
    session_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    marked_by  INTEGER NOT NULL,
    marked_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
