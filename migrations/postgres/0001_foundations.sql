-- Updates already handled, so a batch Telegram redelivers after a crash has no second effect.
CREATE TABLE processed_updates (
    update_id    BIGINT PRIMARY KEY,
    processed_at BIGINT NOT NULL
);

-- Chats the bot is in (groups) or talks to (private chats), and whether it can still write there.
CREATE TABLE chats (
    chat_id    BIGINT PRIMARY KEY,
    kind       TEXT    NOT NULL,
    title      TEXT,
    bot_status TEXT    NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A half-filled form (registration, feedback, ...) per person per chat; survives restarts.
CREATE TABLE conversations (
    chat_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    form       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Free-text questions and what the bot did with them. Clinical and emergency questions keep no text.
CREATE TABLE faq_questions (
    id          BIGSERIAL PRIMARY KEY,
    asked_by    BIGINT NOT NULL,
    asked_at    BIGINT NOT NULL,
    question    TEXT    NOT NULL,
    topic       TEXT,
    score       DOUBLE PRECISION    NOT NULL,
    outcome     TEXT    NOT NULL,
    helpful     BIGINT,
    resolved_at BIGINT
);
CREATE INDEX faq_questions_by_time ON faq_questions (asked_at);

-- Aliases leads attached to topics from /unanswered, on top of those in content/.
CREATE TABLE faq_aliases (
    alias    TEXT    PRIMARY KEY,
    topic    TEXT    NOT NULL,
    added_by BIGINT NOT NULL,
    added_at BIGINT NOT NULL
);
