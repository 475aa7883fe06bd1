-- match_base() no longer reads its weights from a table: syncMatchBase writes its body from
-- src/modules/matching/weights.ts at start. This is that body as weights.ts had it then.
CREATE OR REPLACE FUNCTION match_base(experience_years integer, rating_sum integer, rating_count integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$SELECT 0.3 * least(experience_years, 10)::float8 / 10 + 0.2 * (((10.5 + rating_sum)::float8 / (3 + rating_count) - 1) / 4)$body$;--> statement-breakpoint
DROP TABLE "match_weights" CASCADE;
