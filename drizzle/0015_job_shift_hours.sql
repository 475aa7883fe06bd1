-- The hours of the week a shift overlaps, as availability_hours (0014) marks a professional's slots:
-- bit weekday·24 + hour, an end at or before the start being on the next day, past Saturday
-- midnight wrapping round to Sunday.
CREATE FUNCTION shift_hours(weekday integer, start_minute integer, end_minute integer) RETURNS bit(168)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN last_hour <= 168
    THEN repeat('0', first_hour) || repeat('1', last_hour - first_hour) || repeat('0', 168 - last_hour)
    ELSE repeat('1', last_hour - 168) || repeat('0', first_hour - (last_hour - 168)) || repeat('1', 168 - first_hour)
  END::bit(168)
  FROM (SELECT weekday * 24 + start_minute / 60 AS first_hour,
               (weekday + CASE WHEN end_minute <= start_minute THEN 1 ELSE 0 END) * 24 + (end_minute + 59) / 60 AS last_hour) shift
$$;--> statement-breakpoint
DROP INDEX "jobs_browse_role_idx";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "shift_hours" bit(168) GENERATED ALWAYS AS (shift_hours(weekday, start_minute, end_minute)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_role_idx" ON "jobs" USING btree ("role","starts_at","id","shift_hours","institution_id") WHERE status = 'open' AND deleted_at IS NULL;