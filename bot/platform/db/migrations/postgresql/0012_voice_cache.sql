-- PostgreSQL twin of ../0012_voice_cache.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- 🔊 Dengarkan: each lesson screen or FAQ answer is synthesised once per language and spoken
-- text, sent, and from then on re-sent by the file_id Telegram gave it (no upload, no
-- synthesis). text_hash covers the spoken text and the voice settings (bot/services/voice.py),
-- so edited content or another voice makes a new row instead of re-sending a stale one.
CREATE TABLE voice_cache (
    language TEXT COLLATE "C" NOT NULL,
    text_hash TEXT COLLATE "C" NOT NULL,
    file_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (language, text_hash)
);

-- A voice note, video note or audio a villager hands to officers: the question has no text,
-- and the officers get a copy of the message itself (copyMessage from the villager's chat,
-- so no name is shown). /hapusdata clears media_message_id with the text.
ALTER TABLE questions ADD COLUMN media_kind TEXT COLLATE "C"
    CHECK (media_kind IN ('voice', 'video_note', 'audio'));
ALTER TABLE questions ADD COLUMN media_message_id BIGINT;
