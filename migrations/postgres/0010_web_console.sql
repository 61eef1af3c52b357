-- The leads' web console. A sign-in link's token and a browser's session are never stored
-- themselves, only their SHA-256: a copy of the database opens nothing.
CREATE TABLE web_login_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT
);
CREATE INDEX web_login_tokens_by_user ON web_login_tokens (user_id);

CREATE TABLE web_sessions (
    session_hash TEXT    PRIMARY KEY,
    user_id      BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);

-- Every save of an article from the console: which file, who, when, the text before and after.
CREATE TABLE article_revisions (
    id        BIGSERIAL PRIMARY KEY,
    file      TEXT    NOT NULL,
    author_id BIGINT  NOT NULL,
    saved_at  BIGINT  NOT NULL,
    old_text  TEXT    NOT NULL,
    new_text  TEXT    NOT NULL
);
CREATE INDEX article_revisions_by_file ON article_revisions (file, id);
