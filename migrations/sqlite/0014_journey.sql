-- The arrival journey (content/journey.toml): each fellow's progress, one row per step they
-- marked (done or "not for me") or were nudged about; at most one nudge per step.
CREATE TABLE journey_steps (
    user_id   INTEGER NOT NULL,
    step_id   TEXT    NOT NULL,
    state     TEXT,
    state_at  INTEGER,
    nudge_key TEXT,
    nudged_at INTEGER,
    PRIMARY KEY (user_id, step_id)
);

-- Until when a fellow paused their journey nudges.
CREATE TABLE journey_pauses (
    user_id      INTEGER PRIMARY KEY,
    paused_until INTEGER NOT NULL
);

-- Days a fellow is on nights (YYYY-MM-DD in London): nudges and feedback prompts wait until 14:00.
CREATE TABLE night_shifts (
    user_id INTEGER NOT NULL,
    night   TEXT    NOT NULL,
    PRIMARY KEY (user_id, night)
);
