import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../platform/db.js';
import { matchableFor, visibleTo } from '../favourites/visibility.js';
import { MATCH_WEIGHTS, scorePartsSql, scoreSql, skillPartSql, type ScoreRow } from './weights.js';

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
  return values.length === 0
    ? sql`'{}'::text[]`
    : sql`ARRAY[${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}]::text[]`;
}

const DAY = 1440;
const WEEK = 7 * DAY;

/** Where a weekly slot of `a` ends, in minutes since Sunday 00:00: an end at or before its start is the next day's. */
const slotEnd = sql.raw(`(a.weekday * ${DAY} + a.end_minute + CASE WHEN a.end_minute <= a.start_minute THEN ${DAY} ELSE 0 END)`);
const slotStart = sql.raw(`(a.weekday * ${DAY} + a.start_minute)`);

/**
 * True when one weekly slot of the professional spans [from, to) (minutes since Sunday 00:00, `from`
 * within the week) of day `weekday`: a slot of that day, or one of the day before running past midnight
 * (Saturday night's into Sunday).
 */
function slotCovers(professionalId: SQL, weekday: SQL, from: SQL, to: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM professional_availability a WHERE a.professional_id = ${professionalId}
    AND a.weekday IN (${weekday}, (${weekday} + 6) % 7)
    AND ((${slotStart} <= ${from} AND ${slotEnd} >= ${to})
         OR (${slotEnd} > ${sql.raw(String(WEEK))} AND ${slotStart} - ${sql.raw(String(WEEK))} <= ${from} AND ${slotEnd} - ${sql.raw(String(WEEK))} >= ${to})))`;
}

/**
 * True when the professional is free for the whole shift: one weekly slot covers it, or (a shift
 * past midnight) one covers it to midnight and another from midnight; no blackout falls on a day it
 * touches, and no job of theirs holds hours overlapping it (as job_assignees_no_overlap would refuse).
 */
function availableSql(professionalId: SQL, shift: ShiftExpressions): SQL {
  const crossesMidnight = sql`${shift.endMinute} <= ${shift.startMinute}`;
  const start = sql`(${shift.weekday} * ${sql.raw(String(DAY))} + ${shift.startMinute})`;
  const midnight = sql`((${shift.weekday} + 1) * ${sql.raw(String(DAY))})`;
  const nextDay = sql`((${shift.weekday} + 1) % 7)`;
  const end = sql`(${shift.weekday} * ${sql.raw(String(DAY))} + ${shift.endMinute} + CASE WHEN ${crossesMidnight} THEN ${sql.raw(String(DAY))} ELSE 0 END)`;
  const nextMorning = sql`(${nextDay} * ${sql.raw(String(DAY))})`;
  return sql`(
    (${slotCovers(professionalId, shift.weekday, start, end)}
     OR (${crossesMidnight} AND ${shift.endMinute} > 0
         AND ${slotCovers(professionalId, shift.weekday, start, midnight)}
         AND ${slotCovers(professionalId, nextDay, nextMorning, sql`${nextMorning} + ${shift.endMinute}`)}))
    AND NOT EXISTS (SELECT 1 FROM professional_blackouts b WHERE b.professional_id = ${professionalId}
              AND (b.date = ${shift.shiftDate}
                   OR (${crossesMidnight} AND ${shift.endMinute} > 0 AND b.date = ${shift.shiftDate} + 1)))
    AND NOT EXISTS (SELECT 1 FROM job_assignees held
              WHERE held.professional_id = ${professionalId} AND held.holds_hours
              AND held.starts_at < ${shift.endsAt} AND held.ends_at > ${shift.startsAt}))`;
}

export interface MatchJob {
  id: string;
  institutionId: string;
  role: string;
  skills: string[];
  weekday: number;
  startMinute: number;
  endMinute: number;
  shiftDate: string;
  startsAt: Date;
  endsAt: Date;
  /** jobs.shift_hours: the hours of the week the shift overlaps. */
  shiftHours: string;
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
  reliability_score: number;
}

/** Rows of each list the first round reads (at least four pages' worth); each further round reads twice as deep. */
const FIRST_DEPTH = 64;

/**
 * Verified, active professionals holding the job's role and free for it, best score first.
 *
 * The score is `base` (experience and rating, stored per professional in `match_candidates`) plus
 * the skill part, which depends on the job. Rather than score everyone with the role, this reads
 * the best-`base` rows of the role's list and of each of the job's skills' lists (the threshold
 * algorithm), scores everyone read, and stops once no professional left unread could beat the
 * page's last score: they all lie below the cursor of every list they are in.
 */
export async function rankProfessionals(db: Executor, job: MatchJob, limit: number): Promise<MatchRow[]> {
  for (let depth = Math.max(FIRST_DEPTH, limit * 4); ; depth *= 2) {
    const round = await readListsTo(db, job, depth, limit);
    const lastScore = round.rows.length === limit ? round.rows[limit - 1]!.score : -Infinity;
    if (lastScore >= bestUnreadScore(round.openLists, job.skills)) return round.rows;
  }
}

/**
 * The highest score a professional not yet read could have. `openLists` holds, for each list not
 * read to its end, the `base` of its last row read (`''` is the role's list). Someone unread who
 * holds k of the job's n skills sits below the cursor of the role's list and of those k skills'
 * lists, so their score is at most min(those cursors) + weight·k/n.
 */
export function bestUnreadScore(openLists: Record<string, number>, jobSkills: readonly string[]): number {
  const roleCursor = openLists[''];
  if (roleCursor === undefined) return -Infinity;
  if (jobSkills.length === 0) return roleCursor + MATCH_WEIGHTS.skill;
  const skillCursors = jobSkills.map((skill) => openLists[skill] ?? -Infinity).sort((a, b) => b - a);
  return skillCursors.reduce(
    (best, cursor, index) => Math.max(best, Math.min(roleCursor, cursor) + (MATCH_WEIGHTS.skill * (index + 1)) / jobSkills.length),
    roleCursor,
  );
}

interface ListRound {
  rows: MatchRow[];
  openLists: Record<string, number>;
}

/** One round: the best available of everyone in the first `depth` rows of the job's lists, and where each list stopped. */
async function readListsTo(db: Executor, job: MatchJob, depth: number, limit: number): Promise<ListRound> {
  const jobSkills = textArray(job.skills);
  const shift: ShiftExpressions = {
    weekday: sql`${job.weekday}::int`,
    startMinute: sql`${job.startMinute}::int`,
    endMinute: sql`${job.endMinute}::int`,
    shiftDate: sql`${job.shiftDate}::date`,
    startsAt: sql`${job.startsAt.toISOString()}::timestamptz`,
    endsAt: sql`${job.endsAt.toISOString()}::timestamptz`,
  };
  const hours = sql`${job.shiftHours}::bit(168)`;
  // `OFFSET 0` keeps PostgreSQL from pushing the availability check (several index probes) below the sort.
  const result = await db.execute(sql`
    WITH list_rows AS (
      SELECT list.skill, candidate.professional_id, candidate.base
      FROM unnest(${textArray(['', ...job.skills])}) AS list(skill)
      CROSS JOIN LATERAL (
        SELECT m.professional_id, m.base FROM match_candidates m
        WHERE m.role = ${job.role} AND m.skill = list.skill AND (m.week_hours & ${hours}) = ${hours}
        ORDER BY m.base DESC NULLS LAST, m.professional_id -- the order of match_candidates_rank_idx
        LIMIT ${depth}
      ) candidate
    ),
    open_lists AS (
      SELECT coalesce(jsonb_object_agg(skill, last_base), '{}'::jsonb) AS cursors
      FROM (SELECT skill, min(base) AS last_base FROM list_rows GROUP BY skill HAVING count(*) = ${depth}) unfinished
    ),
    best AS (
      SELECT ranked.* FROM (
        SELECT read.professional_id AS id, p.restricted_until, read.base + ${MATCH_WEIGHTS.skill} * ${skillPartSql(jobSkills, sql`p.skills`)} AS rank_score
        FROM (SELECT professional_id, max(base) AS base FROM list_rows GROUP BY professional_id) read
        JOIN professionals p ON p.user_id = read.professional_id
        ORDER BY rank_score DESC, id
        OFFSET 0
      ) ranked
      WHERE ${matchableFor(sql`${job.institutionId}::uuid`, sql`ranked.id`, sql`ranked.restricted_until`)} AND ${availableSql(sql`ranked.id`, shift)}
      LIMIT ${limit}
    ),
    page AS (
      SELECT scored.*, ${scoreSql} AS score FROM (
        SELECT best.rank_score, u.id, u.name, p.roles, p.skills, p.experience_years, p.district, p.rate_amount, p.rate_unit, u.rating_sum, u.rating_count, p.reliability_score,
          ${scorePartsSql({ jobSkills, professionalSkills: sql`p.skills`, experienceYears: sql`p.experience_years`, ratingSum: sql`u.rating_sum`, ratingCount: sql`u.rating_count` })}
        FROM best JOIN professionals p ON p.user_id = best.id JOIN users u ON u.id = best.id
      ) scored
    )
    SELECT open_lists.cursors AS open_lists, page.* FROM open_lists LEFT JOIN page ON true ORDER BY page.rank_score DESC, page.id`);
  const rows = rowsOf<MatchRow & { open_lists: Record<string, number>; rank_score: number }>(result);
  return {
    openLists: rows[0]?.open_lists ?? {},
    rows: rows.filter((row) => row.id !== null).map(({ open_lists: _cursors, rank_score: _rankScore, ...row }) => row),
  };
}

/** How many upcoming jobs per role a professional's recommendations are ranked among (the soonest they can take). */
export const RECOMMENDATION_WINDOW = 200;

/**
 * How many of each role's soonest open jobs are looked through for those: it bounds the work for
 * someone free for almost none of them (at the seeded million jobs, nine days of the busiest role).
 */
export const RECOMMENDATION_LOOKAHEAD = 20_000;

export interface RecommendationRow extends ScoreRow {
  job_id: string;
  rating_count: number;
}

/**
 * Open jobs the professional can take and may see (one of their roles, free for the shift; see
 * favourites/visibility.ts), the soonest
 * `RECOMMENDATION_WINDOW` per role among the next `RECOMMENDATION_LOOKAHEAD`, read in order from
 * the role's browse index, then ranked by
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
  // The caller's id as a parameter, not me.user_id: the visibility sets are then read once, not per job.
  const viewer = sql`${professionalId}::uuid`;
  const restricted = sql`EXISTS (SELECT 1 FROM professionals r WHERE r.user_id = ${viewer} AND r.restricted_until > now())`;
  // `upcoming` reads only jobs_browse_role_idx; its hours check leaves few rows for the table and the slot probes.
  const result = await db.execute(sql`
    WITH me AS (
      SELECT p.user_id, p.roles, p.skills, p.experience_years, u.rating_sum, u.rating_count, availability_hours(p.user_id) AS week_hours
      FROM professionals p JOIN users u ON u.id = p.user_id WHERE p.user_id = ${professionalId}
    ),
    candidates AS (
      SELECT soonest.* FROM me CROSS JOIN unnest(me.roles) AS held(role)
      CROSS JOIN LATERAL (
        SELECT j.id, j.skills, j.starts_at FROM (
          SELECT i.id, i.starts_at, i.shift_hours FROM jobs i
          WHERE i.role = held.role AND i.status = 'open' AND i.deleted_at IS NULL AND i.starts_at > now()
            AND i.institution_id NOT IN (SELECT inactive.id FROM users inactive WHERE inactive.status <> 'active')
          ORDER BY i.starts_at, i.id
          LIMIT ${RECOMMENDATION_LOOKAHEAD}
        ) upcoming
        JOIN jobs j ON j.id = upcoming.id
        WHERE (upcoming.shift_hours & me.week_hours) = upcoming.shift_hours
          AND ${visibleTo(viewer, { institutionId: sql`j.institution_id`, headStartEndsAt: sql`j.head_start_ends_at` }, restricted)}
          AND ${availableSql(sql`me.user_id`, shift)}
        ORDER BY upcoming.starts_at, upcoming.id
        LIMIT ${RECOMMENDATION_WINDOW}
      ) soonest
    )
    SELECT scored.*, ${scoreSql} AS score FROM (
      SELECT c.id AS job_id, c.starts_at, me.rating_count,
        ${scorePartsSql({ jobSkills: sql`c.skills`, professionalSkills: sql`me.skills`, experienceYears: sql`me.experience_years`, ratingSum: sql`me.rating_sum`, ratingCount: sql`me.rating_count` })}
      FROM candidates c, me
    ) scored
    ORDER BY score DESC, scored.starts_at, scored.job_id
    LIMIT ${limit}`);
  return rowsOf<RecommendationRow>(result);
}
