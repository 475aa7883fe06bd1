DROP INDEX "jobs_browse_idx";--> statement-breakpoint
DROP INDEX "jobs_browse_role_idx";--> statement-breakpoint
DROP INDEX "jobs_browse_district_idx";--> statement-breakpoint
ALTER TABLE "job_skills" ADD COLUMN "role" text;--> statement-breakpoint
ALTER TABLE "job_skills" ADD COLUMN "district" text;--> statement-breakpoint
ALTER TABLE "job_skills" ADD COLUMN "rate_amount" integer;--> statement-breakpoint
ALTER TABLE "job_skills" ADD COLUMN "institution_id" uuid;--> statement-breakpoint
ALTER TABLE "job_skills" ADD COLUMN "head_start_ends_at" timestamp with time zone;--> statement-breakpoint
UPDATE "job_skills" s SET "role" = j.role, "district" = j.district, "rate_amount" = j.rate_amount, "institution_id" = j.institution_id, "head_start_ends_at" = j.head_start_ends_at
FROM "jobs" j WHERE j.id = s.job_id;--> statement-breakpoint
ALTER TABLE "job_skills" ALTER COLUMN "role" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_skills" ALTER COLUMN "district" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_skills" ALTER COLUMN "rate_amount" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_skills" ALTER COLUMN "institution_id" SET NOT NULL;--> statement-breakpoint
-- The skill rows carry the job's other filtered columns too, and follow them when an edit changes them.
CREATE OR REPLACE FUNCTION job_skills_follow_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM job_skills WHERE job_id = OLD.id;
  END IF;
  IF NEW.status = 'open' AND NEW.deleted_at IS NULL THEN
    INSERT INTO job_skills (skill, starts_at, job_id, role, district, rate_amount, institution_id, head_start_ends_at)
    SELECT DISTINCT wanted.skill, NEW.starts_at, NEW.id, NEW.role, NEW.district, NEW.rate_amount, NEW.institution_id, NEW.head_start_ends_at
    FROM unnest(NEW.skills) AS wanted(skill);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER jobs_skills ON jobs;--> statement-breakpoint
CREATE TRIGGER jobs_skills AFTER INSERT OR UPDATE OF status, deleted_at, starts_at, skills, role, district, rate_amount, head_start_ends_at ON jobs
FOR EACH ROW EXECUTE FUNCTION job_skills_follow_job();--> statement-breakpoint
CREATE INDEX "job_skills_browse_idx" ON "job_skills" USING btree ("skill","starts_at","job_id","role","district","rate_amount","institution_id","head_start_ends_at");--> statement-breakpoint
CREATE INDEX "jobs_browse_idx" ON "jobs" USING btree ("starts_at","id","role","district","rate_amount","institution_id","head_start_ends_at") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_role_idx" ON "jobs" USING btree ("role","starts_at","id","shift_hours","institution_id","district","rate_amount","head_start_ends_at") WHERE status = 'open' AND deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "jobs_browse_district_idx" ON "jobs" USING btree ("district","starts_at","id","role","rate_amount","institution_id","head_start_ends_at") WHERE status = 'open' AND deleted_at IS NULL;
