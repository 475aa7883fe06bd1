CREATE TABLE "pesapal_ipn_receipts" (
	"order_tracking_id" text NOT NULL,
	"notification_type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pesapal_ipn_receipts_pkey" PRIMARY KEY("order_tracking_id","notification_type")
);
--> statement-breakpoint
DROP INDEX "transactions_pending_idx";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "fee_percent" smallint DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "transactions_pending_idx" ON "transactions" USING btree ("last_checked_at" ASC NULLS FIRST,"created_at") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_fee_percent_range" CHECK ("jobs"."fee_percent" BETWEEN 0 AND 100);