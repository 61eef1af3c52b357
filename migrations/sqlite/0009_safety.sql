-- Safety triage. A crisis or emergency message is never stored: only how many there were each
-- day, by kind, for the programme's figures.
CREATE TABLE safety_counts (
    day   TEXT    NOT NULL,
    kind  TEXT    NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, kind)
);

