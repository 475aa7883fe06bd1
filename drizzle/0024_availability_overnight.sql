ALTER TABLE "professional_availability" DROP CONSTRAINT "availability_minutes_range";--> statement-breakpoint
ALTER TABLE "professional_availability" ADD CONSTRAINT "availability_minutes_range" CHECK ("professional_availability"."start_minute" BETWEEN 0 AND 1439 AND "professional_availability"."end_minute" BETWEEN 0 AND 1440 AND "professional_availability"."start_minute" <> "professional_availability"."end_minute");--> statement-breakpoint
-- A slot ending at or before its start runs into the next morning (Saturday's into Sunday's), and
-- marks those hours too: the same bits as a shift of those times (shift_hours, 0015). Slots stored
-- before this could not cross midnight, so no stored week_hours change.
CREATE OR REPLACE FUNCTION slot_hours(weekday integer, start_minute integer, end_minute integer) RETURNS bit(168)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT shift_hours(weekday, start_minute, end_minute)
$$;
