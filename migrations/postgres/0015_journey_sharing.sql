-- A fellow's consent to let their current buddy see their arrival checklist: one row per
-- buddy pair the fellow shares with. It ends with the pair (deleted when the pair ends).
CREATE TABLE journey_sharing (
    pair_id   BIGINT PRIMARY KEY,
    fellow_id BIGINT NOT NULL,
    shared_at BIGINT NOT NULL
);
CREATE INDEX journey_sharing_by_fellow ON journey_sharing (fellow_id);
