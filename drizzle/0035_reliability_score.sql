ALTER TABLE "professionals" ADD COLUMN "reliability_score" smallint DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "professionals" ADD COLUMN "restricted_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "professionals" ADD CONSTRAINT "professionals_reliability_range" CHECK ("professionals"."reliability_score" BETWEEN 0 AND 100);