CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "job_assignees" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_assignees" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_assignees" ADD COLUMN "holds_hours" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Bumps the caches at the end of the UPDATE, not at commit: ALTER TABLE refuses a table with pending trigger events.
SET CONSTRAINTS job_assignees_cache IMMEDIATE;--> statement-breakpoint
-- The rows already there take their jobs' hours, held unless the job was cancelled.
UPDATE job_assignees a SET starts_at = j.starts_at, ends_at = j.ends_at, holds_hours = j.status <> 'cancelled'
FROM jobs j WHERE j.id = a.job_id;--> statement-breakpoint
-- A database may hold two overlapping shifts of one professional: before 2026-12-06 a completed
-- shift did not count against an accept, and the bench's payouts case moves held shifts' times as
-- the tests' endShift does. Both jobs stay as they are; the one taken later holds no hours, so the
-- constraint below can be added, and the one taken first keeps holding them.
UPDATE job_assignees a SET holds_hours = false
WHERE a.holds_hours AND EXISTS (
  SELECT 1 FROM job_assignees earlier
  WHERE earlier.professional_id = a.professional_id AND earlier.holds_hours
    AND (earlier.accepted_at, earlier.job_id) < (a.accepted_at, a.job_id)
    AND earlier.starts_at < a.ends_at AND earlier.ends_at > a.starts_at);--> statement-breakpoint
SET CONSTRAINTS job_assignees_cache DEFERRED;--> statement-breakpoint
ALTER TABLE "job_assignees" ALTER COLUMN "starts_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_assignees" ALTER COLUMN "ends_at" SET NOT NULL;--> statement-breakpoint
-- One professional never holds two shifts whose hours overlap: the accept inserts and this refuses (23P01).
ALTER TABLE job_assignees ADD CONSTRAINT job_assignees_no_overlap
  EXCLUDE USING gist (professional_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (holds_hours);--> statement-breakpoint
CREATE FUNCTION free_cancelled_job_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE job_assignees SET holds_hours = false WHERE job_id = NEW.id AND holds_hours;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER jobs_cancel_frees_hours AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (NEW.status = 'cancelled' AND OLD.status <> 'cancelled') EXECUTE FUNCTION free_cancelled_job_hours();
