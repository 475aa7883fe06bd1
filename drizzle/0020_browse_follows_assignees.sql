-- Job pages ('browse') show a job's assignee, so a change to job_assignees bumps 'browse' as well as
-- 'matching' (test/cache-scopes.test.ts finds every table a cached answer reads). An accept or a
-- withdrawal also changes the job's status, which bumps 'browse' already in that transaction, and
-- each scope is bumped once per transaction: in practice this costs nothing.
DROP TRIGGER job_assignees_cache ON job_assignees;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER job_assignees_cache AFTER INSERT OR UPDATE OR DELETE ON job_assignees DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('browse', 'matching');
