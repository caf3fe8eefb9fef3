-- /poster: a printable village poster whose QR code opens t.me/<bot>?start=p-<token> and
-- subscribes the reader to that village's announcements. The token is random (no personal
-- data, not derivable from the village code); one poster per village and maker, so a reprint
-- keeps its count.
CREATE TABLE posters (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    village_code TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (village_code, created_by)
);
CREATE INDEX posters_by_village ON posters(village_code);

-- Who subscribed through which poster, once per reader (a second scan counts nothing more);
-- deleted with the reader's data (/hapusdata).
CREATE TABLE poster_subscriptions (
    poster_id INTEGER NOT NULL REFERENCES posters(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    PRIMARY KEY (poster_id, user_id)
);
