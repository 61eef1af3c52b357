-- A send budget shared by every replica of the bot (webhook mode), on the database's clock.
-- Time is cut into slots of (1 s + a margin) / 30; each send reserves one slot, so any second
-- holds at most 30 sends whatever replica sends them, and a chat's next slot is at least its
-- spacing (a second for a private chat, three for a group, each with the margin) after its
-- last one. Rows older than a minute are pruned by the reservations themselves.
CREATE TABLE send_slots (
    slot    BIGINT PRIMARY KEY,
    chat_id BIGINT NOT NULL
);
CREATE INDEX send_slots_by_chat ON send_slots (chat_id, slot);

-- Telegram's last "retry after": no slot before `until_us` (Unix microseconds on the database's
-- clock) is reserved, and a send whose slot falls before it reserves again. One row at most.
CREATE TABLE send_freeze (
    id       SMALLINT PRIMARY KEY CHECK (id = 1),
    until_us BIGINT NOT NULL
);

-- Reserves the first free slot for a message to `p_chat`, slots being `p_slot_us` microseconds
-- long and the chat's messages `p_spacing` slots apart, giving up `p_replace` first (a slot the
-- caller woke too late for, or that a freeze overtook). Returns the slot and how long until it
-- starts (negative if already past). One statement, so one round trip and one short transaction:
-- the advisory lock (two-key form, clear of single-key locks such as the migrator's) makes
-- reservations for one chat take turns, so each sees the chat's last slot; reservations for
-- different chats run side by side and settle a clash on a free slot by the primary key.
-- Each statement below takes a fresh snapshot (READ COMMITTED, volatile function), so after
-- the lock it sees every reservation committed before.
CREATE FUNCTION reserve_send_slot(p_chat BIGINT, p_slot_us BIGINT, p_spacing BIGINT, p_replace BIGINT,
                                  OUT reserved BIGINT, OUT wait_us BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    now_us   BIGINT;
    earliest BIGINT;
    bound    BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(1936024948, hashint8(p_chat));
    IF p_replace IS NOT NULL THEN
        DELETE FROM send_slots s WHERE s.slot = p_replace AND s.chat_id = p_chat;
    END IF;
    now_us := floor(extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT;
    -- The first slot starting at or after now, after the chat's spacing and after any freeze.
    earliest := (now_us + p_slot_us - 1) / p_slot_us;
    SELECT max(s.slot) + p_spacing INTO bound FROM send_slots s WHERE s.chat_id = p_chat;
    earliest := greatest(earliest, bound);
    SELECT (f.until_us + p_slot_us - 1) / p_slot_us INTO bound FROM send_freeze f;
    earliest := greatest(earliest, bound);
    LOOP
        -- The first free slot at or after `earliest`: itself, or the one after the run of taken
        -- slots that starts there (an index walk over the reservations ahead).
        IF EXISTS (SELECT 1 FROM send_slots s WHERE s.slot = earliest) THEN
            SELECT s.slot + 1 INTO reserved FROM send_slots s
            WHERE s.slot >= earliest
              AND NOT EXISTS (SELECT 1 FROM send_slots n WHERE n.slot = s.slot + 1)
            ORDER BY s.slot LIMIT 1;
        ELSE
            reserved := earliest;
        END IF;
        INSERT INTO send_slots (slot, chat_id) VALUES (reserved, p_chat) ON CONFLICT DO NOTHING;
        EXIT WHEN FOUND;
        -- Another replica took it meanwhile (committed, or waited for): look further on.
        earliest := reserved + 1;
    END LOOP;
    wait_us := reserved * p_slot_us - floor(extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT;
    -- Now and then (every 64th slot), if no one else is at it, slots over a minute old go: no
    -- limit looks back further than a group's spacing.
    IF reserved % 64 = 0 AND pg_try_advisory_xact_lock(1936024949, 0) THEN
        DELETE FROM send_slots s WHERE s.slot < now_us / p_slot_us - 60000000 / p_slot_us;
    END IF;
END;
$$;
