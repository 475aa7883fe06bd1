CREATE INDEX "users_inactive_idx" ON "users" USING btree ("id") WHERE status <> 'active';--> statement-breakpoint
CREATE INDEX "jobs_live_status_idx" ON "jobs" USING btree ("status") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_completed_idx" ON "jobs" USING btree ("completed_at") WHERE completed_at IS NOT NULL;