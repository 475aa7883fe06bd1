CREATE TABLE "match_candidates" (
	"role" text NOT NULL,
	"skill" text NOT NULL,
	"professional_id" uuid NOT NULL,
	"base" double precision NOT NULL,
	"week_hours" bit(168) NOT NULL,
	CONSTRAINT "match_candidates_professional_id_role_skill_pk" PRIMARY KEY("professional_id","role","skill")
);
--> statement-breakpoint
CREATE TABLE "match_weights" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"experience" double precision NOT NULL,
	"rating" double precision NOT NULL,
	"experience_cap_years" integer NOT NULL,
	"prior_stars" double precision NOT NULL,
	"prior_weight" double precision NOT NULL,
	CONSTRAINT "match_weights_singleton" CHECK ("match_weights"."singleton")
);
--> statement-breakpoint
ALTER TABLE "match_candidates" ADD CONSTRAINT "match_candidates_professional_id_users_id_fk" FOREIGN KEY ("professional_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_candidates_rank_idx" ON "match_candidates" USING btree ("role","skill","base" DESC NULLS LAST,"professional_id","week_hours");--> statement-breakpoint
-- The weights as weights.ts has them when this migration was written; syncMatchWeights keeps them in step after.
INSERT INTO "match_weights" ("experience", "rating", "experience_cap_years", "prior_stars", "prior_weight") VALUES (0.3, 0.2, 10, 3.5, 3);--> statement-breakpoint
-- The score without its skill part (weights.ts: scorePartsSql), with the stored weights.
CREATE FUNCTION match_base(experience_years integer, rating_sum integer, rating_count integer) RETURNS double precision
LANGUAGE sql STABLE AS $$
  SELECT w.experience * least(experience_years, w.experience_cap_years)::float8 / w.experience_cap_years
       + w.rating * (((w.prior_stars * w.prior_weight + rating_sum) / (w.prior_weight + rating_count) - 1) / 4)
  FROM match_weights w
$$;--> statement-breakpoint
-- Bit weekday·24 + hour set for every hour one weekly slot overlaps.
CREATE FUNCTION slot_hours(weekday integer, start_minute integer, end_minute integer) RETURNS bit(168)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (repeat('0', first_hour) || repeat('1', last_hour - first_hour) || repeat('0', 168 - last_hour))::bit(168)
  FROM (SELECT weekday * 24 + start_minute / 60 AS first_hour, weekday * 24 + (end_minute + 59) / 60 AS last_hour) slot
$$;--> statement-breakpoint
-- Every hour one of the professional's weekly slots overlaps.
CREATE FUNCTION availability_hours(professional uuid) RETURNS bit(168) LANGUAGE sql STABLE AS $$
  SELECT coalesce(bit_or(slot_hours(a.weekday, a.start_minute, a.end_minute)), repeat('0', 168)::bit(168))
  FROM professional_availability a WHERE a.professional_id = professional
$$;--> statement-breakpoint
-- Rewrites the lists of these professionals. Their rows are locked first, so two changes to one
-- professional (a rating and a profile edit, say) are applied one after the other, the second
-- reading what the first committed.
CREATE FUNCTION refresh_match_candidates(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM professionals WHERE user_id = ANY(ids) ORDER BY user_id FOR UPDATE;
  DELETE FROM match_candidates WHERE professional_id = ANY(ids);
  -- The hours of all of them in one grouped pass (not a lookup per professional: a bulk load has no index to look up with).
  INSERT INTO match_candidates (role, skill, professional_id, base, week_hours)
  SELECT DISTINCT held.role, list.skill, p.user_id, match_base(p.experience_years, u.rating_sum, u.rating_count), coalesce(slots.hours, repeat('0', 168)::bit(168))
  FROM professionals p
  JOIN users u ON u.id = p.user_id
  LEFT JOIN (
    SELECT a.professional_id, bit_or(slot_hours(a.weekday, a.start_minute, a.end_minute)) AS hours
    FROM professional_availability a WHERE a.professional_id = ANY(ids) GROUP BY a.professional_id
  ) slots ON slots.professional_id = p.user_id
  CROSS JOIN unnest(p.roles) AS held(role)
  CROSS JOIN unnest(array_prepend(''::text, p.skills)) AS list(skill)
  WHERE p.user_id = ANY(ids) AND p.verified AND u.status = 'active';
END;
$$;--> statement-breakpoint
CREATE FUNCTION professionals_inserted_for_matching() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_match_candidates(ARRAY(SELECT user_id FROM new_rows));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION professionals_deleted_for_matching() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM match_candidates WHERE professional_id IN (SELECT user_id FROM old_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION professional_changed_for_matching() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM refresh_match_candidates(ARRAY[NEW.id]);
  ELSE
    PERFORM refresh_match_candidates(ARRAY[NEW.user_id]);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION availability_changed_for_matching() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM refresh_match_candidates(ARRAY(SELECT DISTINCT professional_id FROM old_rows));
  ELSE
    PERFORM refresh_match_candidates(ARRAY(SELECT DISTINCT professional_id FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- Statement-level for inserts (the seed adds professionals by the hundred thousand); row-level,
-- on the columns the lists depend on, for updates.
CREATE TRIGGER professionals_match_insert AFTER INSERT ON professionals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION professionals_inserted_for_matching();--> statement-breakpoint
CREATE TRIGGER professionals_match_delete AFTER DELETE ON professionals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION professionals_deleted_for_matching();--> statement-breakpoint
CREATE TRIGGER professionals_match_update AFTER UPDATE OF roles, skills, experience_years, verified ON professionals FOR EACH ROW
  WHEN ((OLD.roles, OLD.skills, OLD.experience_years, OLD.verified) IS DISTINCT FROM (NEW.roles, NEW.skills, NEW.experience_years, NEW.verified))
  EXECUTE FUNCTION professional_changed_for_matching();--> statement-breakpoint
CREATE TRIGGER users_match_update AFTER UPDATE OF status, rating_sum, rating_count ON users FOR EACH ROW
  WHEN (NEW.role = 'professional' AND (OLD.status, OLD.rating_sum, OLD.rating_count) IS DISTINCT FROM (NEW.status, NEW.rating_sum, NEW.rating_count))
  EXECUTE FUNCTION professional_changed_for_matching();--> statement-breakpoint
CREATE TRIGGER availability_match_insert AFTER INSERT ON professional_availability REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION availability_changed_for_matching();--> statement-breakpoint
CREATE TRIGGER availability_match_update AFTER UPDATE ON professional_availability REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION availability_changed_for_matching();--> statement-breakpoint
CREATE TRIGGER availability_match_delete AFTER DELETE ON professional_availability REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION availability_changed_for_matching();--> statement-breakpoint
SELECT refresh_match_candidates(ARRAY(SELECT user_id FROM professionals));--> statement-breakpoint
ANALYZE match_candidates;
