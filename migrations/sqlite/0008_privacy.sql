-- no-transaction
-- Privacy. Alerts to the leads go at most once per fellow, kind and day. And one VACUUM: rows
-- deleted before every connection ran with secure_delete (the salts of closed feedback forms,
-- forgotten fellows) may still sit in free pages of the file; VACUUM rewrites it without them.
-- It cannot run inside a transaction, hence the first line.
CREATE TABLE lead_alerts (
    kind    TEXT    NOT NULL,
    user_id INTEGER NOT NULL,
    day     TEXT    NOT NULL,
    PRIMARY KEY (kind, user_id, day)
);

VACUUM;
