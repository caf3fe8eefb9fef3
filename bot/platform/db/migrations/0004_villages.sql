-- Villages that have an official in the bot. `verified_*` is set by an officer (/verifikasi).
CREATE TABLE villages (
    code TEXT PRIMARY KEY,
    claimed_at TEXT NOT NULL,
    verified_at TEXT,
    verified_by INTEGER
);

-- Who speaks for a village: one kepala desa, a few operators. A user is official of one village.
CREATE TABLE village_officials (
    user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    village_code TEXT NOT NULL REFERENCES villages(code),
    role TEXT NOT NULL CHECK (role IN ('kepala_desa', 'operator')),
    since TEXT NOT NULL
);
CREATE UNIQUE INDEX one_kepala_desa ON village_officials(village_code) WHERE role = 'kepala_desa';
CREATE INDEX officials_of_village ON village_officials(village_code);

-- One-time invites an officer gives to a village official (deep link /start <code>).
CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    village_code TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('kepala_desa', 'operator')),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by INTEGER,
    used_at TEXT,
    revoked_at TEXT
);

-- A request to speak for a village without an invite; an officer approves or rejects it.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    village_code TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('kepala_desa', 'operator')),
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by INTEGER,
    decided_at TEXT,
    decision_note TEXT
);
CREATE INDEX claims_pending ON claims(status, created_at);

-- The village apparatus. The NIK is stored encrypted (Fernet) with a keyed blind index, so the
-- same NIK twice (in one village or two) is found without keeping it in clear (UU PDP).
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    village_code TEXT NOT NULL REFERENCES villages(code),
    name TEXT NOT NULL,
    jabatan TEXT NOT NULL,
    nik_encrypted TEXT NOT NULL,
    nik_index TEXT NOT NULL,
    nik_masked TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('aktif', 'nonaktif', 'belum')),
    kpj TEXT,
    phone_encrypted TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX members_nik ON members(nik_index);
CREATE INDEX members_of_village ON members(village_code, jabatan, name);

-- Village figures, one row per report of one field: history is kept, the latest is used.
CREATE TABLE village_reports (
    id INTEGER PRIMARY KEY,
    village_code TEXT NOT NULL REFERENCES villages(code),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    reported_by INTEGER,
    reported_at TEXT NOT NULL
);
CREATE INDEX reports_latest ON village_reports(village_code, field, id);

-- Consent to the personal-data notice (UU PDP 27/2022), asked before the first NIK is entered.
CREATE TABLE consents (
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    given_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Every officer, admin and official action that changes something: who, what, when, on what.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
