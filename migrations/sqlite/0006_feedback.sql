-- Feedback after sessions (Situation-Behaviour-Impact) and the leads' improvement cycles.
-- A form is one round of feedback (a session, a service, an exit survey). Anonymous responses
-- are keyed by a hash salted per form; the salt is deleted when the form closes, after which
-- nothing links a response to a fellow.
CREATE TABLE feedback_forms (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    subject      TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    session_id   INTEGER,
    session_type TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    held_on      TEXT    NOT NULL,
    salt         TEXT,
    opened_at    INTEGER NOT NULL,
    closes_at    INTEGER NOT NULL,
    closed_at    INTEGER
);

CREATE TABLE feedback_invitations (
    form_id     INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    trust       TEXT,
    invited_at  INTEGER NOT NULL,
    reminded_at INTEGER,
    PRIMARY KEY (form_id, user_id)
);

CREATE TABLE feedback_responses (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id        INTEGER NOT NULL,
    respondent_key TEXT    NOT NULL,
    user_id        INTEGER,
    trust          TEXT,
    rating         INTEGER,
    situation      TEXT,
    behaviour      TEXT,
    impact         TEXT,
    suggestion     TEXT,
    step           TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (form_id, respondent_key)
);

CREATE TABLE improvement_cycles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_type TEXT    NOT NULL,
    started_on   TEXT    NOT NULL,
    change_note  TEXT    NOT NULL,
    started_by   INTEGER NOT NULL,
    closed_on    TEXT,
    outcome_note TEXT
);
