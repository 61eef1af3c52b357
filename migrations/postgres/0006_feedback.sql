-- Feedback after sessions (Situation-Behaviour-Impact) and the leads' improvement cycles.
-- A form is one round of feedback (a session, a service, an exit survey). Anonymous responses
-- are keyed by a hash salted per form; the salt is deleted when the form closes, after which
-- nothing links a response to a fellow.
CREATE TABLE feedback_forms (
    id           BIGSERIAL PRIMARY KEY,
    subject      TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    session_id   BIGINT,
    session_type TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    held_on      TEXT    NOT NULL,
    salt         TEXT,
    opened_at    BIGINT NOT NULL,
    closes_at    BIGINT NOT NULL,
    closed_at    BIGINT
);

CREATE TABLE feedback_invitations (
    form_id     BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    trust       TEXT,
    invited_at  BIGINT NOT NULL,
    reminded_at BIGINT,
    PRIMARY KEY (form_id, user_id)
);

CREATE TABLE feedback_responses (
    id             BIGSERIAL PRIMARY KEY,
    form_id        BIGINT NOT NULL,
    respondent_key TEXT    NOT NULL,
    user_id        BIGINT,
    trust          TEXT,
    rating         BIGINT,
    situation      TEXT,
    behaviour      TEXT,
    impact         TEXT,
    suggestion     TEXT,
    step           TEXT    NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (form_id, respondent_key)
);

CREATE TABLE improvement_cycles (
    id           BIGSERIAL PRIMARY KEY,
    session_type TEXT    NOT NULL,
    started_on   TEXT    NOT NULL,
    change_note  TEXT    NOT NULL,
    started_by   BIGINT NOT NULL,
    closed_on    TEXT,
    outcome_note TEXT
);
