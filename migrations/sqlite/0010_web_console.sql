-- The leads' web console. A sign-in link's token and a browser's session are never stored
-- themselves, only their SHA-256: a copy of the database opens nothing.
CREATE TABLE web_login_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX web_login_tokens_by_user ON web_login_tokens (user_id);

CREATE TABLE web_sessions (
    session_hash TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);

-- Every save of an article from the console: which file, who, when, the text before and after.
CREATE TABLE article_revisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    file      TEXT    NOT NULL,
    author_id INTEGER NOT NULL,
    saved_at  INTEGER NOT NULL,
    old_text  TEXT    NOT NULL,
    new_text  TEXT    NOT NULL
);
CREATE INDEX article_revisions_by_file ON article_revisions (file, id);
