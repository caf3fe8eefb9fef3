-- A village asks BPJS TK to check its self-check ("Ajukan verifikasi"); an officer approves
-- (villages.verified_at is set) or rejects with a note. One open request at a time.
ALTER TABLE villages ADD COLUMN verification_requested_at TEXT;
ALTER TABLE villages ADD COLUMN verification_decided_at TEXT;
ALTER TABLE villages ADD COLUMN verification_note TEXT;
