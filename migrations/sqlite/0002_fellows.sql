-- People who have written to the bot privately: how to name them and reach them by @username.
CREATE TABLE people (
    user_id    INTEGER PRIMARY KEY,
    first_name TEXT    NOT NULL,
    username   TEXT,
    updated_at INTEGER NOT NULL
);
CREATE INDEX people_by_username ON people (username);

-- Registered fellows. start_date is a calendar date (YYYY-MM-DD) in the programme's time zone.
CREATE TABLE fellows (
    user_id       INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    trust         TEXT    NOT NULL,
    start_date    TEXT    NOT NULL,
    specialty     TEXT    NOT NULL,
    consented_at  INTEGER NOT NULL,
    registered_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    left_on       TEXT
);

-- Roles beyond "fellow": buddy, early support lead, pastoral lead, chief fellow, admin.
CREATE TABLE roles (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL,
    granted_by INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- What leads and admins did, for admins to read.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  INTEGER NOT NULL,
    action TEXT    NOT NULL,
    detail TEXT    NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);
