-- Cached answers are filed under the version of what they read, not of everything: job pages
-- ('browse') read jobs, users and institutions; match and recommendation lists ('matching') read
-- those and professionals, availability, blackouts, assignees, ratings and the weights. A
-- professional editing their hours, or being rated, no longer drops every cached job page.
ALTER TABLE "cache_versions" ADD COLUMN "scope" text DEFAULT 'matching' NOT NULL;--> statement-breakpoint
ALTER TABLE "cache_versions" DROP CONSTRAINT "cache_versions_pkey";--> statement-breakpoint
ALTER TABLE "cache_versions" ADD CONSTRAINT "cache_versions_scope_shard_pk" PRIMARY KEY("scope","shard");--> statement-breakpoint
INSERT INTO cache_versions (scope, shard, version) SELECT 'browse', shard, version FROM cache_versions;--> statement-breakpoint
-- The trigger's arguments name the scopes it bumps, each once per transaction.
CREATE OR REPLACE FUNCTION bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bumped_scope text;
BEGIN
  FOREACH bumped_scope IN ARRAY TG_ARGV LOOP
    IF current_setting('qgig.cache_bumped_' || bumped_scope, true) IS DISTINCT FROM 'on' THEN
      PERFORM set_config('qgig.cache_bumped_' || bumped_scope, 'on', true);
      UPDATE cache_versions SET version = version + 1 WHERE scope = bumped_scope AND shard = pg_backend_pid() % 16;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER jobs_cache_insert_delete ON jobs;--> statement-breakpoint
DROP TRIGGER jobs_cache_update ON jobs;--> statement-breakpoint
DROP TRIGGER job_assignees_cache ON job_assignees;--> statement-breakpoint
DROP TRIGGER users_cache_update ON users;--> statement-breakpoint
DROP TRIGGER users_cache_delete ON users;--> statement-breakpoint
DROP TRIGGER institutions_cache ON institutions;--> statement-breakpoint
DROP TRIGGER professionals_cache ON professionals;--> statement-breakpoint
DROP TRIGGER availability_cache ON professional_availability;--> statement-breakpoint
DROP TRIGGER blackouts_cache ON professional_blackouts;--> statement-breakpoint
DROP TRIGGER match_weights_cache ON match_weights;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER jobs_cache_insert_delete AFTER INSERT OR DELETE ON jobs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
-- Payments move jobs from assigned to paid many times a minute: that changes neither the open jobs
-- nor who is busy, so it leaves the caches alone.
CREATE CONSTRAINT TRIGGER jobs_cache_update AFTER UPDATE ON jobs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'open' OR NEW.status = 'open' OR (OLD.status IN ('assigned', 'paid')) <> (NEW.status IN ('assigned', 'paid')))
  EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER job_assignees_cache AFTER INSERT OR UPDATE OR DELETE ON job_assignees DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_cache_update AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.name, OLD.status) IS DISTINCT FROM (NEW.name, NEW.status))
  EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_rating_cache_update AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.rating_sum, OLD.rating_count) IS DISTINCT FROM (NEW.rating_sum, NEW.rating_count))
  EXECUTE FUNCTION bump_cache_version('matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_cache_delete AFTER DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER institutions_cache AFTER INSERT OR UPDATE OR DELETE ON institutions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER professionals_cache AFTER INSERT OR UPDATE OR DELETE ON professionals DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER availability_cache AFTER INSERT OR UPDATE OR DELETE ON professional_availability DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER blackouts_cache AFTER INSERT OR UPDATE OR DELETE ON professional_blackouts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('matching');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER match_weights_cache AFTER INSERT OR UPDATE OR DELETE ON match_weights DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('matching');
