CREATE TABLE "invoice_counters" (
	"year" smallint PRIMARY KEY NOT NULL,
	"last_sequence" integer NOT NULL,
	CONSTRAINT "invoice_counters_last_sequence_range" CHECK ("invoice_counters"."last_sequence" BETWEEN 1 AND 999999)
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text GENERATED ALWAYS AS ('QG-' || year::text || '-' || lpad(sequence::text, 6, '0')) STORED NOT NULL,
	"year" smallint NOT NULL,
	"sequence" integer NOT NULL,
	"job_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"confirmation_code" text,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoices_sequence_range" CHECK ("invoices"."sequence" BETWEEN 1 AND 999999)
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_job_key" ON "invoices" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_transaction_key" ON "invoices" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_year_sequence_key" ON "invoices" USING btree ("year","sequence");--> statement-breakpoint
-- Jobs paid before invoices existed get theirs now, numbered in the order they were paid (Kampala
-- year): every payment that made its job paid, recorded by its `completed` event, less those whose
-- job had been cancelled meanwhile (`job_not_payable`, refunded), one per job.
INSERT INTO "invoices" ("year", "sequence", "job_id", "transaction_id", "confirmation_code", "issued_at")
SELECT year, row_number() OVER (PARTITION BY year ORDER BY paid_at, id), job_id, id, confirmation_code, paid_at
FROM (
	SELECT DISTINCT ON (t.job_id) t.id, t.job_id, t.confirmation_code, e.at AS paid_at,
		extract(year FROM e.at AT TIME ZONE 'Africa/Kampala')::smallint AS year
	FROM "transactions" t
	JOIN "transaction_events" e ON e.transaction_id = t.id AND e.type = 'completed'
	WHERE NOT EXISTS (SELECT 1 FROM "transaction_events" n WHERE n.transaction_id = t.id AND n.type = 'job_not_payable')
	ORDER BY t.job_id, e.at, t.id
) paid;
--> statement-breakpoint
INSERT INTO "invoice_counters" ("year", "last_sequence") SELECT "year", max("sequence") FROM "invoices" GROUP BY "year";
