-- PostgreSQL twin of ../0006_officers_and_subscriptions.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- An officer (petugas) acts only inside their scope: one or more kab/kota codes ("35.05").
-- Admins (DESABOT_ADMIN_IDS) have no rows here: their scope is everything.
CREATE TABLE officer_scopes (
    user_id BIGINT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    kab_code TEXT COLLATE "C" NOT NULL,
    added_by BIGINT,
    added_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, kab_code)
);

-- A villager's village for announcements (one per user; /langganan changes it).
CREATE TABLE subscriptions (
    user_id BIGINT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    village_code TEXT COLLATE "C" NOT NULL,
    since TEXT COLLATE "C" NOT NULL
);
CREATE INDEX subscriptions_by_village ON subscriptions(village_code);

-- The gentle "want announcements for your village?" is asked once, after a first answer.
ALTER TABLE users ADD COLUMN subscription_asked BIGINT NOT NULL DEFAULT 0;
