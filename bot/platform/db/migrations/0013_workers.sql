-- Several `desabot run` processes on one database (README "Several workers",
-- bot/platform/workers.py). Plain SQL that PostgreSQL runs unchanged: times are epoch seconds
-- passed in by the bot (never the database's own clock functions), every change is an
-- INSERT … ON CONFLICT or an UPDATE whose row count says who won.

-- Each process, about twice a second: alive, and how many replies it sends and may send.
CREATE TABLE worker_heartbeats (
    worker TEXT PRIMARY KEY,
    seen_at DOUBLE PRECISION NOT NULL,
    reply_rate DOUBLE PRECISION NOT NULL DEFAULT 0,
    reply_cap INTEGER NOT NULL DEFAULT 0
);

-- Held by one process until expires_at: 'leader' (the one that sends broadcasts) and
-- 'chat:<id>' (the one handling that chat's update). A dead holder's lease simply expires.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);

-- An update is handled by the process that inserted its row first; a second delivery of the
-- same update_id (Telegram retrying a webhook call) finds the row and is dropped.
CREATE TABLE update_claims (
    update_id BIGINT PRIMARY KEY,
    worker TEXT NOT NULL,
    claimed_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX update_claims_by_time ON update_claims (claimed_at);
