-- A fellow's consent to let their current buddy see their arrival checklist: one row per
-- buddy pair the fellow shares with. It ends with the pair (deleted when the pair ends).
CREATE TABLE journey_sharing (
    pair_id   INTEGER PRIMARY KEY,
    fellow_id INTEGER NOT NULL,
    shared_at INTEGER NOT NULL
);
CREATE INDEX journey_sharing_by_fellow ON journey_sharing (fellow_id);
