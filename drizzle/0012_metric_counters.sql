-- Running totals for the admin dashboard, kept by statement-level triggers in the same transaction
-- as the change, so GET /admin/metrics reads a few hundred rows instead of counting a million jobs.
-- Each backend adds to its own shard row (pg_backend_pid() % 16), so concurrent writers rarely wait
-- on one another; every statement upserts its keys in sorted order, so they never deadlock.
CREATE TABLE metric_totals (
  name text NOT NULL,
  shard smallint NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (name, shard)
);--> statement-breakpoint
CREATE TABLE metric_daily (
  name text NOT NULL,
  day date NOT NULL,
  shard smallint NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (name, day, shard)
);--> statement-breakpoint
CREATE TYPE metric_change AS (name text, day date, delta bigint);--> statement-breakpoint
-- Adds the changes (totals where day is null, daily figures otherwise) to this backend's shard.
CREATE FUNCTION add_metric_changes(changes metric_change[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO metric_totals (name, shard, value)
  SELECT c.name, (pg_backend_pid() % 16)::smallint, sum(c.delta) FROM unnest(changes) c
  WHERE c.day IS NULL GROUP BY c.name HAVING sum(c.delta) <> 0 ORDER BY c.name
  ON CONFLICT (name, shard) DO UPDATE SET value = metric_totals.value + EXCLUDED.value;
  INSERT INTO metric_daily (name, day, shard, value)
  SELECT c.name, c.day, (pg_backend_pid() % 16)::smallint, sum(c.delta) FROM unnest(changes) c
  WHERE c.day IS NOT NULL GROUP BY c.name, c.day HAVING sum(c.delta) <> 0 ORDER BY c.name, c.day
  ON CONFLICT (name, day, shard) DO UPDATE SET value = metric_daily.value + EXCLUDED.value;
$$;--> statement-breakpoint
-- What one job row contributes, times `sign`: its state while live, the day it was posted, the day it was completed.
CREATE FUNCTION job_metric_changes(status job_status, deleted_at timestamptz, created_at timestamptz, completed_at timestamptz, sign bigint) RETURNS SETOF metric_change
LANGUAGE sql IMMUTABLE AS $$
  SELECT ('jobs.' || status)::text, NULL::date, sign WHERE deleted_at IS NULL
  UNION ALL SELECT 'jobs.posted', (created_at AT TIME ZONE 'Africa/Kampala')::date, sign
  UNION ALL SELECT 'jobs.completed', (completed_at AT TIME ZONE 'Africa/Kampala')::date, sign WHERE completed_at IS NOT NULL
$$;--> statement-breakpoint
CREATE FUNCTION user_metric_changes(role user_role, status user_status, created_at timestamptz, sign bigint) RETURNS SETOF metric_change
LANGUAGE sql IMMUTABLE AS $$
  SELECT ('users.' || role || '.' || status)::text, NULL::date, sign
  UNION ALL SELECT 'users.new', (created_at AT TIME ZONE 'Africa/Kampala')::date, sign
$$;--> statement-breakpoint
CREATE FUNCTION count_job_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, 1) c
      UNION ALL SELECT c FROM old_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, -1) c));
  ELSE
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, -1) c));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION count_user_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, user_metric_changes(r.role, r.status, r.created_at, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, user_metric_changes(r.role, r.status, r.created_at, 1) c
      UNION ALL SELECT c FROM old_rows r, user_metric_changes(r.role, r.status, r.created_at, -1) c));
  ELSE
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, user_metric_changes(r.role, r.status, r.created_at, -1) c));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- The figures for what is already there, then the triggers that keep them, in one migration transaction.
SELECT add_metric_changes(ARRAY(SELECT c FROM jobs r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, 1) c));--> statement-breakpoint
SELECT add_metric_changes(ARRAY(SELECT c FROM users r, user_metric_changes(r.role, r.status, r.created_at, 1) c));--> statement-breakpoint
CREATE TRIGGER jobs_metrics_insert AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_job_changes();--> statement-breakpoint
CREATE TRIGGER jobs_metrics_update AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_job_changes();--> statement-breakpoint
CREATE TRIGGER jobs_metrics_delete AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_job_changes();--> statement-breakpoint
CREATE TRIGGER users_metrics_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_user_changes();--> statement-breakpoint
CREATE TRIGGER users_metrics_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_user_changes();--> statement-breakpoint
CREATE TRIGGER users_metrics_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_user_changes();--> statement-breakpoint
CREATE INDEX professionals_verified_user_idx ON professionals (user_id) WHERE verified;
