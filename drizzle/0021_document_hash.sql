CREATE INDEX "documents_sha256_idx" ON "documents" USING btree ("sha256") WHERE "documents"."sha256" IS NOT NULL;--> statement-breakpoint
-- Deleted jobs get a figure of their own, `jobs.deleted`, so the dashboard's states add up to every
-- job ever posted (what the jobs-posted series and the admin job list count) instead of losing them.
CREATE OR REPLACE FUNCTION job_metric_changes(status job_status, deleted_at timestamptz, created_at timestamptz, completed_at timestamptz, sign bigint) RETURNS SETOF metric_change
LANGUAGE sql IMMUTABLE AS $$
  SELECT ('jobs.' || status)::text, NULL::date, sign WHERE deleted_at IS NULL
  UNION ALL SELECT 'jobs.deleted', NULL::date, sign WHERE deleted_at IS NOT NULL
  UNION ALL SELECT 'jobs.posted', (created_at AT TIME ZONE 'Africa/Kampala')::date, sign
  UNION ALL SELECT 'jobs.completed', (completed_at AT TIME ZONE 'Africa/Kampala')::date, sign WHERE completed_at IS NOT NULL
$$;--> statement-breakpoint
SELECT add_metric_changes(ARRAY(SELECT ROW('jobs.deleted', NULL::date, count(*))::metric_change FROM jobs WHERE deleted_at IS NOT NULL));
