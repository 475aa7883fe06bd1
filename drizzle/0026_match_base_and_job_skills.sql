-- match_base() no longer reads its weights from a table: syncMatchBase writes its body from
-- src/modules/matching/weights.ts at start. This is that body as weights.ts had it then.
CREATE OR REPLACE FUNCTION match_base(experience_years integer, rating_sum integer, rating_count integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$SELECT 0.3 * least(experience_years, 10)::float8 / 10 + 0.2 * (((10.5 + rating_sum)::float8 / (3 + rating_count) - 1) / 4)$body$;--> statement-breakpoint
DROP TABLE "match_weights" CASCADE;--> statement-breakpoint
CREATE TABLE "job_skills" (
	"skill" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"job_id" uuid NOT NULL,
	CONSTRAINT "job_skills_pkey" PRIMARY KEY("skill","starts_at","job_id")
);
--> statement-breakpoint
DROP INDEX "jobs_browse_skills_gin";--> statement-breakpoint
ALTER TABLE "job_skills" ADD CONSTRAINT "job_skills_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_skills_job_idx" ON "job_skills" USING btree ("job_id");--> statement-breakpoint
-- Rewrites a job's skill rows when it is posted, changes state or is edited: rows only while it is browsable.
CREATE FUNCTION job_skills_follow_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM job_skills WHERE job_id = OLD.id;
  END IF;
  IF NEW.status = 'open' AND NEW.deleted_at IS NULL THEN
    INSERT INTO job_skills (skill, starts_at, job_id) SELECT DISTINCT wanted.skill, NEW.starts_at, NEW.id FROM unnest(NEW.skills) AS wanted(skill);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER jobs_skills AFTER INSERT OR UPDATE OF status, deleted_at, starts_at, skills ON jobs FOR EACH ROW EXECUTE FUNCTION job_skills_follow_job();--> statement-breakpoint
INSERT INTO job_skills (skill, starts_at, job_id)
SELECT DISTINCT wanted.skill, j.starts_at, j.id FROM jobs j CROSS JOIN unnest(j.skills) AS wanted(skill)
WHERE j.status = 'open' AND j.deleted_at IS NULL;
