CREATE TYPE "public"."doc_type" AS ENUM('nin', 'certificate', 'license');--> statement-breakpoint
CREATE TYPE "public"."document_status" AS ENUM('pending', 'approved', 'rejected', 'superseded');--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"doc_type" "doc_type" NOT NULL,
	"status" "document_status" DEFAULT 'pending' NOT NULL,
	"rejection_reason" text,
	"number_encrypted" text,
	"number_hint" text,
	"expires_on" date,
	"storage_key" text,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"original_name" text,
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "documents_mime_allowed" CHECK ("documents"."mime" IN ('application/pdf', 'image/jpeg', 'image/png')),
	CONSTRAINT "documents_size_positive" CHECK ("documents"."size" > 0),
	CONSTRAINT "documents_rejection_has_reason" CHECK ("documents"."status" <> 'rejected' OR "documents"."rejection_reason" IS NOT NULL),
	CONSTRAINT "documents_decision_recorded" CHECK ("documents"."status" NOT IN ('approved', 'rejected') OR "documents"."decided_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_one_pending_per_type" ON "documents" USING btree ("user_id","doc_type") WHERE "documents"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "documents_one_approved_per_type" ON "documents" USING btree ("user_id","doc_type") WHERE "documents"."status" = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX "documents_storage_key_key" ON "documents" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "documents_status_created_idx" ON "documents" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "documents_user_created_idx" ON "documents" USING btree ("user_id","created_at");