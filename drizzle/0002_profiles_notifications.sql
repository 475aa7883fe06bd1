CREATE TYPE "public"."institution_type" AS ENUM('school', 'clinic', 'hospital', 'household');--> statement-breakpoint
CREATE TYPE "public"."rate_unit" AS ENUM('hour', 'day');--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" "institution_type" NOT NULL,
	"address" text NOT NULL,
	"district" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "professional_availability" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"professional_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	CONSTRAINT "availability_weekday_range" CHECK ("professional_availability"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "availability_minutes_range" CHECK ("professional_availability"."start_minute" >= 0 AND "professional_availability"."end_minute" <= 1440 AND "professional_availability"."start_minute" < "professional_availability"."end_minute")
);
--> statement-breakpoint
CREATE TABLE "professional_blackouts" (
	"professional_id" uuid NOT NULL,
	"date" date NOT NULL,
	CONSTRAINT "professional_blackouts_pkey" PRIMARY KEY("professional_id","date")
);
--> statement-breakpoint
CREATE TABLE "professionals" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"experience_years" smallint DEFAULT 0 NOT NULL,
	"rate_amount" integer,
	"rate_unit" "rate_unit",
	"district" text,
	"verified" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "professionals_experience_range" CHECK ("professionals"."experience_years" BETWEEN 0 AND 60),
	CONSTRAINT "professionals_rate_positive" CHECK ("professionals"."rate_amount" IS NULL OR "professionals"."rate_amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_availability" ADD CONSTRAINT "professional_availability_professional_id_professionals_user_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."professionals"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_blackouts" ADD CONSTRAINT "professional_blackouts_professional_id_professionals_user_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."professionals"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professionals" ADD CONSTRAINT "professionals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "availability_professional_weekday_idx" ON "professional_availability" USING btree ("professional_id","weekday");--> statement-breakpoint
CREATE INDEX "professionals_roles_gin" ON "professionals" USING gin ("roles");--> statement-breakpoint
CREATE INDEX "professionals_skills_gin" ON "professionals" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "professionals_verified_idx" ON "professionals" USING btree ("verified");