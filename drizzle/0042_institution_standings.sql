CREATE TABLE "institution_standings" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"accepted_jobs" integer NOT NULL,
	"cancelled_jobs" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institution_standings" ADD CONSTRAINT "institution_standings_institution_id_users_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Job views show the standing: its changes (the nightly recount above all) bump what they are cached under.
CREATE CONSTRAINT TRIGGER institution_standings_cache AFTER INSERT OR UPDATE OR DELETE ON institution_standings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('browse', 'matching');--> statement-breakpoint
-- The counts so far, as recountStandings counts them (90 days: FAVOURITES.cancellationRateDays when this was written).
INSERT INTO institution_standings (institution_id, accepted_jobs, cancelled_jobs)
SELECT u.id, count(a.job_id)::int,
       (count(a.job_id) FILTER (WHERE j.status = 'cancelled' AND j.cancelled_by IN ('institution', 'qgig')))::int
FROM users u
LEFT JOIN jobs j ON j.institution_id = u.id AND j.starts_at > now() - interval '90 days'
LEFT JOIN job_assignees a ON a.job_id = j.id AND a.accepted_at >= now() - interval '90 days'
WHERE u.role = 'institution'
GROUP BY u.id;
