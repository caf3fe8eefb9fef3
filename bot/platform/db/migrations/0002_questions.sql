-- Every free-text question: what the FAQ search made of it, the user's feedback, and the
-- hand-off to officers. The user id is kept so an officer's answer can reach the villager;
-- /hapusdata sets it to NULL. Outcomes are data, so `desabot faq report` can grow the content.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    normalized TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL
        CHECK (outcome IN ('confident', 'ambiguous', 'not_understood', 'calculator')),
    entry_id TEXT,
    score REAL,
    feedback INTEGER CHECK (feedback IN (-1, 1)),
    asked_at TEXT NOT NULL,
    handed_over_at TEXT,
    answer TEXT,
    answered_by INTEGER,
    answered_at TEXT,
    answer_feedback INTEGER CHECK (answer_feedback IN (-1, 1))
);
CREATE INDEX questions_open ON questions(handed_over_at, answered_at);
CREATE INDEX questions_outcome ON questions(outcome, normalized);

-- Where a question was posted for officers, so a reply to that message finds the question.
CREATE TABLE handover_posts (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);

-- One forum topic per villager in a forum-enabled officers' group.
CREATE TABLE handover_threads (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
