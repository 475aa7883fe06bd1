-- Payments counted like jobs and users (see 0012): running totals kept by triggers, so the
-- dashboard no longer aggregates the whole transactions table on every request.
-- What one transaction row contributes, times `sign`: one payment, one of its status, and, while
-- completed, its amount in all and on the Kampala day it settled.
CREATE FUNCTION transaction_metric_changes(status transaction_status, amount integer, settled_at timestamptz, sign bigint) RETURNS SETOF metric_change
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'payments.count'::text, NULL::date, sign
  UNION ALL SELECT ('payments.' || status)::text, NULL::date, sign
  UNION ALL SELECT 'payments.completed_amount', NULL::date, sign * amount WHERE status = 'completed'
  UNION ALL SELECT 'payments.completed_ugx', (settled_at AT TIME ZONE 'Africa/Kampala')::date, sign * amount WHERE status = 'completed' AND settled_at IS NOT NULL
$$;--> statement-breakpoint
CREATE FUNCTION count_transaction_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM add_metric_changes(ARRAY(SELECT c FROM new_rows r, transaction_metric_changes(r.status, r.amount, r.settled_at, 1) c));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM add_metric_changes(ARRAY(
      SELECT c FROM new_rows r, transaction_metric_changes(r.status, r.amount, r.settled_at, 1) c
      UNION ALL SELECT c FROM old_rows r, transaction_metric_changes(r.status, r.amount, r.settled_at, -1) c));
  ELSE
    PERFORM add_metric_changes(ARRAY(SELECT c FROM old_rows r, transaction_metric_changes(r.status, r.amount, r.settled_at, -1) c));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
SELECT add_metric_changes(ARRAY(SELECT c FROM transactions r, transaction_metric_changes(r.status, r.amount, r.settled_at, 1) c));--> statement-breakpoint
CREATE TRIGGER transactions_metrics_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_transaction_changes();--> statement-breakpoint
CREATE TRIGGER transactions_metrics_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_transaction_changes();--> statement-breakpoint
CREATE TRIGGER transactions_metrics_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_transaction_changes();--> statement-breakpoint
-- The dashboard reads the last 30 days of every figure.
CREATE INDEX metric_daily_day_idx ON metric_daily (day);
