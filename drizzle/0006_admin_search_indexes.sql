-- Admin search finds users by any part of a name, email or phone: trigram indexes keep ILIKE '%…%' fast.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX users_name_trgm_idx ON users USING gin (name gin_trgm_ops);--> statement-breakpoint
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);--> statement-breakpoint
CREATE INDEX users_phone_trgm_idx ON users USING gin (phone gin_trgm_ops);--> statement-breakpoint
CREATE INDEX users_created_idx ON users (created_at, id);
