-- The send budget shared by replicas (webhook mode) lives in PostgreSQL only: a bot on SQLite
-- is one process and paces its sends in memory. The tables are here so that both schemas keep
-- the same numbered steps and the same tables; nothing uses them on SQLite.
CREATE TABLE send_slots (
    slot    INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL
);
CREATE INDEX send_slots_by_chat ON send_slots (chat_id, slot);

CREATE TABLE send_freeze (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    until_us INTEGER NOT NULL
);
