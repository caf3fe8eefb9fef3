-- Announcements written by officers, per language, and their delivery (bot/broadcast.py).
-- status: draft → (scheduled →) sending ⇄ paused → done | cancelled. texts are Telegram HTML
-- (as the officer wrote them, e.g. message.text_html); the recipient's language is picked
-- with the fallback user language → default language → any text that is there.
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'cancelled', 'done')),
    scheduled_at TEXT,
    text_id TEXT,
    text_en TEXT,
    text_jv TEXT,
    media_kind TEXT CHECK (media_kind IS NULL OR media_kind IN ('photo', 'document')),
    media_file_id TEXT,
    audience TEXT NOT NULL DEFAULT '{}',
    total INTEGER NOT NULL DEFAULT 0,
    progress_chat_id INTEGER,
    progress_message_id INTEGER,
    started_at TEXT,
    finished_at TEXT
);
-- The worker looks for sending/due broadcasts and unreported finished ones on every round.
CREATE INDEX broadcasts_by_status ON broadcasts(status, id);

-- The durable outbox: one row per recipient, all created in one transaction with the
-- broadcast's switch to 'sending'. 'sending' is written (committed) before the request to
-- Telegram, so after a crash the only ambiguous row is the one that was in flight.
CREATE TABLE outbox (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    language TEXT NOT NULL DEFAULT 'id',
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'blocked', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, user_id)
);
-- Serves both the worker's "next queued rows in user_id order" and the counts by state.
CREATE INDEX outbox_next ON outbox(broadcast_id, state, user_id);

-- Presses of "Sudah dibaca 👍": Telegram gives bots no read receipts, this is the proxy.
-- One row per recipient, so a double tap or a duplicate message counts once.
CREATE TABLE broadcast_reads (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, user_id)
);

-- Set when the user blocked the bot (a 403 to a broadcast, my_chat_member "kicked") or sent
-- /berhenti; such users are left out of new broadcasts. /start clears it (opt back in).
ALTER TABLE users ADD COLUMN stopped_at TEXT;
