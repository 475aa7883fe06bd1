CREATE TYPE "public"."job_status" AS ENUM('open', 'assigned', 'paid', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "job_assignees" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"professional_id" uuid NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"role" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"shift_date" date NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	"rate_amount" integer NOT NULL,
	"rate_unit" "rate_unit" NOT NULL,
	"currency" text DEFAULT 'UGX' NOT NULL,
	"district" text NOT NULL,
	"status" "job_status" DEFAULT 'open' NOT NULL,
	"cancel_reason" text,
	"cancelled_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "jobs_rate_positive" CHECK ("jobs"."rate_amount" > 0),
	CONSTRAINT "jobs_shift_length" CHECK ("jobs"."ends_at" > "jobs"."starts_at" AND "jobs"."ends_at" - "jobs"."starts_at" <= interval '24 hours'),
	CONSTRAINT "jobs_minutes_range" CHECK ("jobs"."start_minute" BETWEEN 0 AND 1439 AND "jobs"."end_minute" BETWEEN 0 AND 1440 AND "jobs"."weekday" BETWEEN 0 AND 6)
);
--> statement-breakpoint
ALTER TABLE "job_assignees" ADD CONSTRAINT "job_assignees_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_assignees" ADD CONSTRAINT "job_assignees_professional_id_users_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_institution_id_users_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_assignees_professional_idx" ON "job_assignees" USING btree ("professional_id");--> statement-breakpoint
CREATE INDEX "jobs_browse_idx" ON "jobs" USING btree ("starts_at","id") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_role_idx" ON "jobs" USING btree ("role","starts_at","id") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_district_idx" ON "jobs" USING btree ("district","starts_at","id") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_skills_gin" ON "jobs" USING gin ("skills") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_institution_idx" ON "jobs" USING btree ("institution_id","starts_at");--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at");