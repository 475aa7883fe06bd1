DROP INDEX "ledger_journals_once_per_job";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "cancellation_pay_percent" smallint;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_journals_once_per_job" ON "ledger_journals" USING btree ("job_id","kind") WHERE kind IN ('payment', 'completion', 'resolution', 'cancellation', 'refund');