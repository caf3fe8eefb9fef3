-- PostgreSQL twin of ../0001_users_and_dialogs.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- Users who have written to the bot. Language is what they chose (or what Telegram said on
-- first contact); role is checked on the server for every privileged action.
CREATE TABLE users (
    user_id BIGINT PRIMARY KEY,
    display_name TEXT COLLATE "C" NOT NULL DEFAULT '',
    language TEXT COLLATE "C" NOT NULL DEFAULT 'id',
    language_chosen BIGINT NOT NULL DEFAULT 0,
    role TEXT COLLATE "C" NOT NULL DEFAULT 'warga'
        CHECK (role IN ('warga', 'operator', 'kepala_desa', 'petugas', 'admin')),
    first_seen TEXT COLLATE "C" NOT NULL,
    last_seen TEXT COLLATE "C" NOT NULL
);

-- One running dialogue per user (e.g. the /iuran calculator). Written at every step, so a
-- restart in the middle of a dialogue continues where the user was.
CREATE TABLE dialogs (
    user_id BIGINT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    flow TEXT COLLATE "C" NOT NULL,
    step TEXT COLLATE "C" NOT NULL,
    data TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    updated_at TEXT COLLATE "C" NOT NULL
);
