-- An officer (petugas) acts only inside their scope: one or more kab/kota codes ("35.05").
-- Admins (DESABOT_ADMIN_IDS) have no rows here: their scope is everything.
CREATE TABLE officer_scopes (
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    kab_code TEXT NOT NULL,
    added_by INTEGER,
    added_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kab_code)
);

-- A villager's village for announcements (one per user; /langganan changes it).
CREATE TABLE subscriptions (
    user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    village_code TEXT NOT NULL,
    since TEXT NOT NULL
);
CREATE INDEX subscriptions_by_village ON subscriptions(village_code);

-- The gentle "want announcements for your village?" is asked once, after a first answer.
ALTER TABLE users ADD COLUMN subscription_asked INTEGER NOT NULL DEFAULT 0;
