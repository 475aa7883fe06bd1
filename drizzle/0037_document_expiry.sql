ALTER TYPE "public"."document_status" ADD VALUE 'expired';--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "expiry_reminded_days_before" smallint;--> statement-breakpoint
CREATE INDEX "documents_approved_expiry_idx" ON "documents" USING btree ("expires_on") WHERE "documents"."status" = 'approved' AND "documents"."expires_on" IS NOT NULL;--> statement-breakpoint
-- Every pending migration runs in one transaction, and PostgreSQL refuses a new enum value in the
-- transaction that added it: nothing here, nor in a migration applied with this one, may use 'expired'.
