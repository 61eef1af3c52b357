-- The update inbox: every Telegram update is written here before its offset is confirmed to
-- Telegram, then handled in order per chat; its replies are kept until each one is settled.
-- It replaces processed_updates (the inbox's key de-duplicates a redelivered update).
CREATE TABLE inbox (
    update_id   BIGINT PRIMARY KEY,
    chat_id     BIGINT NOT NULL,
    -- pending (not handled yet), answering (replies worked out, being sent), done
    state       TEXT   NOT NULL,
    -- the update as Telegram sent it, and the replies as JSON; both cleared when done
    body        TEXT,
    replies     TEXT,
    -- the first reply not yet settled, and whether it was handed to the Bot API
    next_reply  BIGINT NOT NULL DEFAULT 0,
    in_flight   BIGINT NOT NULL DEFAULT 0,
    -- replies whose fate is unknown (a crash or timeout mid-send): never sent again
    unconfirmed BIGINT NOT NULL DEFAULT 0,
    attempts    BIGINT NOT NULL DEFAULT 0,
    claimed_by  TEXT,
    lease_until BIGINT,
    received_at BIGINT NOT NULL,
    done_at     BIGINT,
    outcome     TEXT
);
CREATE INDEX inbox_open ON inbox (chat_id, update_id) WHERE state <> 'done';
CREATE INDEX inbox_done ON inbox (done_at) WHERE state = 'done';
DROP TABLE processed_updates;

-- Jobs record who claimed them (a lease the claimant renews) and keep their replies, so a
-- restart resumes after the last settled reply and never repeats one that was in flight.
ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
ALTER TABLE jobs ADD COLUMN replies TEXT;
ALTER TABLE jobs ADD COLUMN next_reply BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN in_flight BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN unconfirmed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN send_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN useful_until BIGINT;
ALTER TABLE jobs ADD COLUMN outcome TEXT;
CREATE INDEX jobs_claimed ON jobs (claimed_by) WHERE claimed_by IS NOT NULL;

-- A broadcast copy in flight records who sent it and until when that sender vouches for it.
ALTER TABLE broadcast_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE broadcast_deliveries ADD COLUMN lease_until BIGINT;
CREATE INDEX broadcast_deliveries_in_flight ON broadcast_deliveries (claimed_by) WHERE status = 'in_flight';
