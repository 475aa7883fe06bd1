ALTER TYPE "public"."job_status" ADD VALUE IF NOT EXISTS 'checked_in' BEFORE 'completed';--> statement-breakpoint
ALTER TYPE "public"."job_status" ADD VALUE IF NOT EXISTS 'checked_out' BEFORE 'completed';--> statement-breakpoint
ALTER TYPE "public"."job_status" ADD VALUE IF NOT EXISTS 'disputed' BEFORE 'completed';--> statement-breakpoint
ALTER TYPE "public"."job_status" ADD VALUE IF NOT EXISTS 'no_show';--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "checked_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "checked_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "auto_checkout" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "timesheet_by_owner" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "dispute_reason" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "no_check_in_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "payment_reminder_at" timestamp with time zone;