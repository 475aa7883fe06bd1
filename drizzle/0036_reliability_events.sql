CREATE TYPE "public"."reliability_appeal_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."reliability_event_kind" AS ENUM('completed', 'gave_back', 'no_show');--> statement-breakpoint
CREATE TABLE "reliability_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"professional_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" "reliability_appeal_status" DEFAULT 'pending' NOT NULL,
	"note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reliability_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"professional_id" uuid NOT NULL,
	"kind" "reliability_event_kind" NOT NULL,
	"points" smallint NOT NULL,
	"job_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "reliability_events_points_range" CHECK ("reliability_events"."points" BETWEEN -100 AND 100)
);
--> statement-breakpoint
ALTER TABLE "reliability_appeals" ADD CONSTRAINT "reliability_appeals_event_id_reliability_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."reliability_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reliability_appeals" ADD CONSTRAINT "reliability_appeals_professional_id_professionals_user_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."professionals"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reliability_appeals" ADD CONSTRAINT "reliability_appeals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reliability_events" ADD CONSTRAINT "reliability_events_professional_id_professionals_user_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."professionals"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reliability_events" ADD CONSTRAINT "reliability_events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reliability_appeals_event_key" ON "reliability_appeals" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "reliability_appeals_queue_idx" ON "reliability_appeals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "reliability_appeals_professional_idx" ON "reliability_appeals" USING btree ("professional_id");--> statement-breakpoint
CREATE INDEX "reliability_events_professional_idx" ON "reliability_events" USING btree ("professional_id","at");