import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { ADMIN_JOB_STATES, type AdminUsersQuery, type AuditQuery } from '../../contracts/admin.js';
import { DateTime } from 'luxon';
import { KAMPALA } from '../../contracts/time.js';
import { rowsOf, type Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { auditLog } from '../audit/schema.js';
import { documents } from '../documents/schema.js';
import { jobAssignees, jobs } from '../jobs/schema.js';
import { institutions, professionals } from '../profiles/schema.js';

/** `%term%` for ILIKE, with the pattern characters in the term taken literally. */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function searchCondition(search: string): SQL {
  const byText = [sql`${users.name} ILIKE ${containing(search)}`, sql`${users.email} ILIKE ${containing(search)}`];
  // "0772 123", "772123" and "+256772123" all find +256772123456.
  const digits = search.replace(/\D/g, '').replace(/^(256|0)/, '');
  if (digits.length >= 3 && /^[\d\s+()-]+$/.test(search)) byText.push(sql`${users.phone} LIKE ${containing(digits)}`);
  return or(...byText)!;
}

export async function listUsers(db: Executor, query: AdminUsersQuery) {
  const conditions: SQL[] = [query.status ? eq(users.status, query.status) : sql`${users.status} <> 'erased'`];
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.verified !== undefined)
    conditions.push(eq(users.role, 'professional'), sql`coalesce(${professionals.verified}, false) = ${query.verified}`);
  if (query.search) conditions.push(searchCondition(query.search));
  if (query.cursor) conditions.push(sql`(${users.createdAt}, ${users.id}) < (SELECT created_at, id FROM users WHERE id = ${query.cursor})`);
  return db
    .select({ user: users, verified: professionals.verified })
    .from(users)
    .leftJoin(professionals, eq(professionals.userId, users.id))
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(query.limit + 1);
}

/** The accounts a name (an institution's too), email or phone search finds, as a subquery. */
const found = (search: string) =>
  sql`SELECT ${users.id} FROM ${users} WHERE ${searchCondition(search)} UNION SELECT ${institutions.userId} FROM ${institutions} WHERE ${institutions.name} ILIKE ${containing(search)}`;

/** Entries about the accounts found: the account itself, their documents, the jobs they posted or held. */
function aboutPeople(search: string): SQL {
  const people = found(search);
  return sql`(
    (${auditLog.targetType} = 'user' AND ${auditLog.targetId} IN (SELECT id::text FROM (${people}) AS people))
    OR (${auditLog.targetType} = 'document' AND ${auditLog.targetId} IN (SELECT ${documents.id}::text FROM ${documents} WHERE ${documents.userId} IN (${people})))
    OR (${auditLog.targetType} = 'job' AND ${auditLog.targetId} IN (
      SELECT ${jobs.id}::text FROM ${jobs} WHERE ${jobs.institutionId} IN (${people})
      UNION ALL SELECT ${jobAssignees.jobId}::text FROM ${jobAssignees} WHERE ${jobAssignees.professionalId} IN (${people}))))`;
}

export async function listAudit(db: Executor, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.actor) conditions.push(sql`${auditLog.actorId} IN (${found(query.actor)})`);
  if (query.subject) conditions.push(aboutPeople(query.subject));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.targetType) conditions.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
  if (query.cursor) conditions.push(lt(auditLog.id, Number(query.cursor)));
  return db
    .select({ entry: auditLog, actorName: users.name, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
}

/** Integers out of either driver (PostgreSQL's bigint sums arrive as strings through node-postgres). */
const int = (value: unknown): number => Number(value ?? 0);

/**
 * The dashboard's counts and sums and its last-30-days series, all from the running totals that
 * triggers keep (migrations 0012, 0013, 0016 and 0020: metric_totals, metric_daily, summed over their
 * shards), so its cost does not grow with the tables. Days are Kampala days.
 */
export async function platformMetrics(db: Executor, days: number) {
  const [totalRows, dailyRows] = await Promise.all([
    db.execute(sql`SELECT name, sum(value) AS n FROM metric_totals GROUP BY name`),
    db.execute(sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS date, name, sum(value) AS n FROM metric_daily
      WHERE day > (now() AT TIME ZONE 'Africa/Kampala')::date - ${days}::int GROUP BY day, name`),
  ]);
  const totals = new Map(rowsOf<{ name: string; n: unknown }>(totalRows).map((row) => [row.name, int(row.n)]));
  const total = (name: string) => totals.get(name) ?? 0;
  const daily = new Map(
    rowsOf<{ date: string; name: string; n: unknown }>(dailyRows).map((row) => [`${row.name} ${row.date}`, int(row.n)]),
  );
  const states = ADMIN_JOB_STATES;
  const jobs = Object.fromEntries(states.map((state) => [state, total(`jobs.${state}`)])) as Record<(typeof states)[number], number>;
  const today = DateTime.now().setZone(KAMPALA).startOf('day');
  return {
    jobs: { total: states.reduce((sum, state) => sum + jobs[state], 0), ...jobs },
    payments: {
      count: total('payments.count'),
      completedAmount: total('payments.completed_amount'),
      pendingCount: total('payments.pending'),
      failedCount: total('payments.failed'),
    },
    users: {
      institutions: total('users.institution.active') + total('users.institution.suspended'),
      professionals: total('users.professional.active') + total('users.professional.suspended'),
      verifiedProfessionals: total('professionals.verified'),
      suspended: total('users.institution.suspended') + total('users.professional.suspended') + total('users.admin.suspended'),
    },
    series: Array.from({ length: days }, (_, index) => {
      const date = today.minus({ days: days - 1 - index }).toISODate()!;
      return {
        date,
        jobsPosted: daily.get(`jobs.posted ${date}`) ?? 0,
        jobsCompleted: daily.get(`jobs.completed ${date}`) ?? 0,
        paymentsCompletedUgx: daily.get(`payments.completed_ugx ${date}`) ?? 0,
        newUsers: daily.get(`users.new ${date}`) ?? 0,
      };
    }),
  };
}
