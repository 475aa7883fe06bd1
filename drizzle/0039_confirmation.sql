ALTER TABLE "jobs" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "confirm_reminder_hours" smallint;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "funded_at" timestamp with time zone;--> statement-breakpoint
-- Jobs paid before this migration hold their payment from when it arrived.
UPDATE "jobs" SET "funded_at" = coalesce(t."settled_at", t."updated_at") FROM "transactions" t WHERE t."job_id" = "jobs"."id" AND t."status" = 'completed';
