-- Verified professionals, counted like jobs and users (see 0012): a running total kept by triggers.
CREATE FUNCTION professional_metric_changes(verified boolean, sign bigint) RETURNS SETOF metric_change
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'professionals.verified'::text, NULL::date, sign WHERE verified
$$;--> statement-breakpoint
CREATE FUNCTION count_professional_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, professional_metric_changes(r.verified, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, professional_metric_changes(r.verified, 1) c
      UNION ALL SELECT c FROM old_rows r, professional_metric_changes(r.verified, -1) c));
  ELSE
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, professional_metric_changes(r.verified, -1) c));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
SELECT add_metric_changes(ARRAY(SELECT c FROM professionals r, professional_metric_changes(r.verified, 1) c));--> statement-breakpoint
CREATE TRIGGER professionals_metrics_insert AFTER INSERT ON professionals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_professional_changes();--> statement-breakpoint
CREATE TRIGGER professionals_metrics_update AFTER UPDATE ON professionals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_professional_changes();--> statement-breakpoint
CREATE TRIGGER professionals_metrics_delete AFTER DELETE ON professionals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_professional_changes();--> statement-breakpoint
DROP INDEX professionals_verified_user_idx;
