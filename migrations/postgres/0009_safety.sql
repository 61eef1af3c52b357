-- Safety triage. A crisis or emergency message is never stored: only how many there were each
-- day, by kind, for the programme's figures. A fellow who asks a pastoral lead to contact them is
-- remembered for that day only, so a second press does not alert the leads twice.
CREATE TABLE safety_counts (
    day   TEXT    NOT NULL,
    kind  TEXT    NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, kind)
);

CREATE TABLE pastoral_contact_requests (
    user_id BIGINT NOT NULL,
    day     TEXT   NOT NULL,
    PRIMARY KEY (user_id, day)
);
