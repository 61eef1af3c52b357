-- Sessions on the programme's calendar. Times are UTC instants; audience is as Audience::to_text.
CREATE TABLE sessions (
    id           BIGSERIAL PRIMARY KEY,
    session_type TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    location     TEXT    NOT NULL,
    audience     TEXT    NOT NULL,
    capacity     BIGINT,
    facilitators TEXT    NOT NULL,
    sequence     BIGINT NOT NULL DEFAULT 0,
    cancelled_at BIGINT,
    created_by   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

-- Who is going, waiting for a place, or not going. arrival orders the waiting list.
CREATE TABLE rsvps (
    session_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    status     TEXT    NOT NULL,
    arrival    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Where each session was announced, so its live counts can be updated.
CREATE TABLE session_posts (
    session_id BIGINT NOT NULL,
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    PRIMARY KEY (session_id, chat_id)
);

-- Who attended: checked in themselves ("I'm here") or marked by a lead afterwards.
CREATE TABLE attendance (
    session_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    marked_by  BIGINT NOT NULL,
    marked_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
