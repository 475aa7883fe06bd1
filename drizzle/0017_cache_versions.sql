CREATE TABLE "cache_versions" (
	"shard" smallint PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Cached answers (browse pages, match lists) are keyed by sum(version): any change that could alter
-- one bumps it in the same transaction, so a request that reads the sum sees every change committed
-- before it, and a cached answer is never older than the version it is filed under.
INSERT INTO cache_versions (shard) SELECT generate_series(0, 15);--> statement-breakpoint
-- Constraint triggers deferred to commit: the shard row is the last lock a transaction takes, so it
-- is held only while committing and cannot be part of a deadlock; the transaction-local setting
-- makes it one bump per transaction, however many rows changed.
CREATE FUNCTION bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('qgig.cache_version_bumped', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('qgig.cache_version_bumped', 'on', true);
    UPDATE cache_versions SET version = version + 1 WHERE shard = pg_backend_pid() % 16;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER jobs_cache_insert_delete AFTER INSERT OR DELETE ON jobs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
-- Payments move jobs from assigned to paid many times a minute: that changes neither the open jobs
-- nor who is busy, so it leaves the caches alone.
CREATE CONSTRAINT TRIGGER jobs_cache_update AFTER UPDATE ON jobs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'open' OR NEW.status = 'open' OR (OLD.status IN ('assigned', 'paid')) <> (NEW.status IN ('assigned', 'paid')))
  EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER job_assignees_cache AFTER INSERT OR UPDATE OR DELETE ON job_assignees DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_cache_update AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.name, OLD.status, OLD.rating_sum, OLD.rating_count) IS DISTINCT FROM (NEW.name, NEW.status, NEW.rating_sum, NEW.rating_count))
  EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_cache_delete AFTER DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER institutions_cache AFTER INSERT OR UPDATE OR DELETE ON institutions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER professionals_cache AFTER INSERT OR UPDATE OR DELETE ON professionals DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER availability_cache AFTER INSERT OR UPDATE OR DELETE ON professional_availability DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER blackouts_cache AFTER INSERT OR UPDATE OR DELETE ON professional_blackouts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER match_weights_cache AFTER INSERT OR UPDATE OR DELETE ON match_weights DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version();
