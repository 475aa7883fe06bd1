CREATE TABLE "pesapal_ipn_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"api_base_url" text NOT NULL,
	"ipn_url" text NOT NULL,
	"notification_type" text NOT NULL,
	"ipn_id" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pesapal_ipn_registrations_base_url_key" ON "pesapal_ipn_registrations" USING btree ("api_base_url","ipn_url");