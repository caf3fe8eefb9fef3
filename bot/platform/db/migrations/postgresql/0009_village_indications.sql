-- PostgreSQL twin of ../0009_village_indications.sql (tests/unit/test_postgres.py checks they make the same
-- tables and columns).
-- The Desa Sadar indication of each village, kept so that statistics over a province or the
-- whole country (and broadcasts to indicated villages) need not judge every village again.
-- bot/indications.py reads and writes it; bot.rules stays the only judge.
--
-- villages.data_version counts changes to what the indication reads (the village's members
-- and reported figures). The triggers below raise it inside the very statement that changes
-- the data, so no code path can forget to. A cached indication counts only while its
-- data_version equals the village's and its basis (a fingerprint of the rules in force and
-- of the jabatan groups) equals the current one; anything else is judged again. Updates
-- that cannot change the indication (a name, a phone, who reported) leave the version alone.
ALTER TABLE villages ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE village_indications (
    village_code TEXT COLLATE "C" PRIMARY KEY REFERENCES villages(code) ON DELETE CASCADE,
    basis TEXT COLLATE "C" NOT NULL,
    data_version BIGINT NOT NULL,
    indicated BIGINT NOT NULL CHECK (indicated IN (0, 1))
);

-- PL/pgSQL twins of the SQLite triggers: the same columns raise the version.
CREATE FUNCTION bump_village_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE villages SET data_version = data_version + 1 WHERE code = OLD.village_code;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.village_code <> OLD.village_code) THEN
        UPDATE villages SET data_version = data_version + 1 WHERE code = NEW.village_code;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER members_inserted AFTER INSERT ON members
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();
CREATE TRIGGER members_updated AFTER UPDATE OF village_code, jabatan, status ON members
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();
CREATE TRIGGER members_deleted AFTER DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();

CREATE TRIGGER reports_inserted AFTER INSERT ON village_reports
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();
CREATE TRIGGER reports_updated AFTER UPDATE OF village_code, field, value ON village_reports
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();
CREATE TRIGGER reports_deleted AFTER DELETE ON village_reports
    FOR EACH ROW EXECUTE FUNCTION bump_village_version();
