-- Privacy. Alerts to the leads go at most once per fellow, kind and day. (On SQLite this
-- migration also VACUUMs; on PostgreSQL the store runs VACUUM FULL after each deletion that
-- matters, see store/erasure.rs.)
CREATE TABLE lead_alerts (
    kind    TEXT    NOT NULL,
    user_id BIGINT  NOT NULL,
    day     TEXT    NOT NULL,
    PRIMARY KEY (kind, user_id, day)
);

-- ANALYZE copies sampled column values into pg_statistic, where deleting a row does not reach
-- them: a salt and a respondent key kept there would link an anonymous answer to its fellow, and
-- a name or a comment would outlive /forgetme. Never sample these columns (the bot finds rows by
-- id, so the planner needs no samples of them), and drop what was sampled (changing a column's
-- type, even to the same type, removes its statistics).
ALTER TABLE feedback_forms
    ALTER COLUMN salt SET STATISTICS 0, ALTER COLUMN salt TYPE TEXT;
ALTER TABLE feedback_responses
    ALTER COLUMN respondent_key SET STATISTICS 0, ALTER COLUMN respondent_key TYPE TEXT,
    ALTER COLUMN situation SET STATISTICS 0, ALTER COLUMN situation TYPE TEXT,
    ALTER COLUMN behaviour SET STATISTICS 0, ALTER COLUMN behaviour TYPE TEXT,
    ALTER COLUMN impact SET STATISTICS 0, ALTER COLUMN impact TYPE TEXT,
    ALTER COLUMN suggestion SET STATISTICS 0, ALTER COLUMN suggestion TYPE TEXT;
ALTER TABLE fellows
    ALTER COLUMN name SET STATISTICS 0, ALTER COLUMN name TYPE TEXT;
ALTER TABLE people
    ALTER COLUMN first_name SET STATISTICS 0, ALTER COLUMN first_name TYPE TEXT,
    ALTER COLUMN username SET STATISTICS 0, ALTER COLUMN username TYPE TEXT;
ALTER TABLE faq_questions
    ALTER COLUMN question SET STATISTICS 0, ALTER COLUMN question TYPE TEXT;
ALTER TABLE audit_log
    ALTER COLUMN detail SET STATISTICS 0, ALTER COLUMN detail TYPE TEXT;
