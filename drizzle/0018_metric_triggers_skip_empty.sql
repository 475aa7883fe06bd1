-- A statement-level trigger fires even when its statement changed no row, and every guarded UPDATE
-- that loses a race is such a statement: the metric triggers now return at once when there is
-- nothing to count (that work was 0.25 ms of a 0.28 ms losing UPDATE). Same totals otherwise.
CREATE OR REPLACE FUNCTION count_job_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, 1) c
      UNION ALL SELECT c FROM old_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, -1) c));
  ELSE
    IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, job_metric_changes(r.status, r.deleted_at, r.created_at, r.completed_at, -1) c));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION count_user_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, user_metric_changes(r.role, r.status, r.created_at, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, user_metric_changes(r.role, r.status, r.created_at, 1) c
      UNION ALL SELECT c FROM old_rows r, user_metric_changes(r.role, r.status, r.created_at, -1) c));
  ELSE
    IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, user_metric_changes(r.role, r.status, r.created_at, -1) c));
  END IF;
  RETURN NULL;
END;
$$;
