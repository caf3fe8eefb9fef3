-- PostgreSQL twin of ../0007_village_verification.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- A village asks BPJS TK to check its self-check ("Ajukan verifikasi"); an officer approves
-- (villages.verified_at is set) or rejects with a note. One open request at a time.
ALTER TABLE villages ADD COLUMN verification_requested_at TEXT COLLATE "C";
ALTER TABLE villages ADD COLUMN verification_decided_at TEXT COLLATE "C";
ALTER TABLE villages ADD COLUMN verification_note TEXT COLLATE "C";
