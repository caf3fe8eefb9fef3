-- Users who have written to the bot. Language is what they chose (or what Telegram said on
-- first contact); role is checked on the server for every privileged action.
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'id',
    language_chosen INTEGER NOT NULL DEFAULT 0,
    role TEXT NOT NULL DEFAULT 'warga'
        CHECK (role IN ('warga', 'operator', 'kepala_desa', 'petugas', 'admin')),
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);

-- One running dialogue per user (e.g. the /iuran calculator). Written at every step, so a
-- restart in the middle of a dialogue continues where the user was.
CREATE TABLE dialogs (
    user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
