import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../platform/db.js';
import { scorePartsSql, scoreSql, type ScoreRow } from './weights.js';

/** The shift being matched, as SQL expressions: parameters for one job, or columns of a scanned `jobs` row. */
interface ShiftExpressions {
  weekday: SQL;
  startMinute: SQL;
  endMinute: SQL;
  shiftDate: SQL;
  startsAt: SQL;
  endsAt: SQL;
}

/** A text[] parameter (drizzle would spread a JS array into a parameter list). */
function textArray(values: readonly string[]): SQL {
  return values.length === 0 ? sql`'{}'::text[]` : sql`ARRAY[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;
}

/**
 * True when the professional is free for the whole shift: one weekly slot covers it (a shift past
 * midnight needs a slot to midnight and one from midnight on the next weekday), no blackout falls on
 * a day it touches, and no assigned or paid job of theirs overlaps it.
 */
function availableSql(professionalId: SQL, shift: ShiftExpressions): SQL {
  const crossesMidnight = sql`${shift.endMinute} <= ${shift.startMinute}`;
  return sql`(
    CASE WHEN ${crossesMidnight} THEN
      EXISTS (SELECT 1 FROM professional_availability a WHERE a.professional_id = ${professionalId}
              AND a.weekday = ${shift.weekday} AND a.start_minute <= ${shift.startMinute} AND a.end_minute = 1440)
      AND (${shift.endMinute} = 0 OR EXISTS (SELECT 1 FROM professional_availability a WHERE a.professional_id = ${professionalId}
              AND a.weekday = (${shift.weekday} + 1) % 7 AND a.start_minute = 0 AND a.end_minute >= ${shift.endMinute}))
    ELSE
      EXISTS (SELECT 1 FROM professional_availability a WHERE a.professional_id = ${professionalId}
              AND a.weekday = ${shift.weekday} AND a.start_minute <= ${shift.startMinute} AND a.end_minute >= ${shift.endMinute})
    END
    AND NOT EXISTS (SELECT 1 FROM professional_blackouts b WHERE b.professional_id = ${professionalId}
              AND (b.date = ${shift.shiftDate}
                   OR (${crossesMidnight} AND ${shift.endMinute} > 0 AND b.date = ${shift.shiftDate} + 1)))
    AND NOT EXISTS (SELECT 1 FROM job_assignees held JOIN jobs other ON other.id = held.job_id
              WHERE held.professional_id = ${professionalId} AND other.status IN ('assigned', 'paid')
              AND other.starts_at < ${shift.endsAt} AND other.ends_at > ${shift.startsAt}))`;
}

export interface MatchJob {
  id: string;
  role: string;
  skills: string[];
  weekday: number;
  startMinute: number;
  endMinute: number;
  shiftDate: string;
  startsAt: Date;
  endsAt: Date;
}

export interface MatchRow extends ScoreRow {
  id: string;
  name: string;
  roles: string[];
  skills: string[];
  experience_years: number;
  district: string | null;
  rate_amount: number | null;
  rate_unit: 'hour' | 'day' | null;
  rating_sum: number;
  rating_count: number;
}

/**
 * Verified, active professionals holding the job's role and free for it, best score first. Every
 * holder of the role is scored (cheap), then availability (several index probes each) is checked
 * in score order only until the page is full: `OFFSET 0` keeps PostgreSQL from pushing that check
 * below the sort.
 */
export async function rankProfessionals(db: Executor, job: MatchJob, limit: number): Promise<MatchRow[]> {
  const jobSkills = textArray(job.skills);
  const shift: ShiftExpressions = {
    weekday: sql`${job.weekday}::int`,
    startMinute: sql`${job.startMinute}::int`,
    endMinute: sql`${job.endMinute}::int`,
    shiftDate: sql`${job.shiftDate}::date`,
    startsAt: sql`${job.startsAt.toISOString()}::timestamptz`,
    endsAt: sql`${job.endsAt.toISOString()}::timestamptz`,
  };
  const result = await db.execute(sql`
    SELECT ranked.* FROM (
      SELECT scored.*, ${scoreSql} AS score FROM (
        SELECT u.id, u.name, p.roles, p.skills, p.experience_years, p.district, p.rate_amount, p.rate_unit, u.rating_sum, u.rating_count,
          ${scorePartsSql({ jobSkills, professionalSkills: sql`p.skills`, experienceYears: sql`p.experience_years`, ratingSum: sql`u.rating_sum`, ratingCount: sql`u.rating_count` })}
        FROM professionals p JOIN users u ON u.id = p.user_id
        WHERE p.roles @> ${textArray([job.role])} AND p.verified AND u.status = 'active'
      ) scored
      ORDER BY score DESC, scored.id
      OFFSET 0
    ) ranked
    WHERE ${availableSql(sql`ranked.id`, shift)}
    LIMIT ${limit}`);
  return rowsOf<MatchRow>(result);
}

/** How many upcoming jobs per role a professional's recommendations are ranked among (the soonest they can take). */
export const RECOMMENDATION_WINDOW = 200;

export interface RecommendationRow extends ScoreRow {
  job_id: string;
}

/**
 * Open jobs the professional can take (one of their roles, free for the shift), the soonest
 * `RECOMMENDATION_WINDOW` per role read in order from the role's browse index, then ranked by
 * score; ties go to the sooner shift.
 */
export async function rankJobsFor(db: Executor, professionalId: string, limit: number): Promise<RecommendationRow[]> {
  const shift: ShiftExpressions = {
    weekday: sql`j.weekday`,
    startMinute: sql`j.start_minute`,
    endMinute: sql`j.end_minute`,
    shiftDate: sql`j.shift_date`,
    startsAt: sql`j.starts_at`,
    endsAt: sql`j.ends_at`,
  };
  const result = await db.execute(sql`
    WITH me AS (
      SELECT p.user_id, p.roles, p.skills, p.experience_years, u.rating_sum, u.rating_count
      FROM professionals p JOIN users u ON u.id = p.user_id WHERE p.user_id = ${professionalId}
    ),
    candidates AS (
      SELECT soonest.* FROM me CROSS JOIN unnest(me.roles) AS held(role)
      CROSS JOIN LATERAL (
        SELECT j.id, j.skills, j.starts_at FROM jobs j
        WHERE j.role = held.role AND j.status = 'open' AND j.deleted_at IS NULL AND j.starts_at > now()
          AND j.institution_id NOT IN (SELECT inactive.id FROM users inactive WHERE inactive.status <> 'active')
          AND ${availableSql(sql`me.user_id`, shift)}
        ORDER BY j.starts_at, j.id
        LIMIT ${RECOMMENDATION_WINDOW}
      ) soonest
    )
    SELECT scored.*, ${scoreSql} AS score FROM (
      SELECT c.id AS job_id, c.starts_at,
        ${scorePartsSql({ jobSkills: sql`c.skills`, professionalSkills: sql`me.skills`, experienceYears: sql`me.experience_years`, ratingSum: sql`me.rating_sum`, ratingCount: sql`me.rating_count` })}
      FROM candidates c, me
    ) scored
    ORDER BY score DESC, scored.starts_at, scored.job_id
    LIMIT ${limit}`);
  return rowsOf<RecommendationRow>(result);
}
