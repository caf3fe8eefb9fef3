-- PostgreSQL twin of ../0010_senders_and_command_menus.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- The office that signs an officer's announcements ("BPJS Ketenagakerjaan Cabang Jember"), so
-- villagers can tell them from a scam. Set by an admin in /petugas; without one the
-- announcement is signed with DESABOT_SENDER.
CREATE TABLE officer_offices (
    user_id BIGINT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    office TEXT COLLATE "C" NOT NULL,
    set_by BIGINT,
    set_at TEXT COLLATE "C" NOT NULL
);

-- The signature a broadcast goes out with, fixed at launch: what the officer previewed.
ALTER TABLE broadcasts ADD COLUMN sender TEXT COLLATE "C";

-- The version of the "/" command list last published for the user's own chat (0: never; the
-- villagers' default list applies). Start-up republishes lists older than the bot's.
ALTER TABLE users ADD COLUMN menu_version BIGINT NOT NULL DEFAULT 0;
