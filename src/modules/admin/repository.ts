import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AdminUsersQuery, AuditQuery } from '../../contracts/admin.js';
import { rowsOf, type Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { auditLog } from '../audit/schema.js';
import { professionals } from '../profiles/schema.js';

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
  if (query.verified !== undefined) conditions.push(eq(users.role, 'professional'), sql`coalesce(${professionals.verified}, false) = ${query.verified}`);
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

export async function listAudit(db: Executor, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.targetType) conditions.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
  if (query.cursor) conditions.push(lt(auditLog.id, Number(query.cursor)));
  return db
    .select({ entry: auditLog, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
}

/** Integers out of either driver (PostgreSQL's bigint sums arrive as strings through node-postgres). */
const int = (value: unknown): number => Number(value ?? 0);

/**
 * The dashboard's counts and sums and its last-30-days series, each one aggregate over an index
 * (job states through a partial index on live jobs, the series through the created/completed/settled
 * timestamps), days counted in Kampala time.
 */
export async function platformMetrics(db: Executor, days: number) {
  const [jobRows, paymentRows, userRows, seriesRows] = await Promise.all([
    db.execute(sql`SELECT status, count(*) AS n FROM jobs WHERE deleted_at IS NULL GROUP BY status`),
    db.execute(sql`
      SELECT count(*) AS count,
             coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0) AS completed_amount,
             count(*) FILTER (WHERE status = 'pending') AS pending_count,
             count(*) FILTER (WHERE status = 'failed') AS failed_count
      FROM transactions`),
    db.execute(sql`
      SELECT count(*) FILTER (WHERE u.role = 'institution' AND u.status <> 'erased') AS institutions,
             count(*) FILTER (WHERE u.role = 'professional' AND u.status <> 'erased') AS professionals,
             (SELECT count(*) FROM professionals p JOIN users pu ON pu.id = p.user_id WHERE p.verified AND pu.status = 'active') AS verified_professionals,
             count(*) FILTER (WHERE u.status = 'suspended') AS suspended
      FROM users u`),
    db.execute(sql`
      WITH bounds AS (SELECT ((now() AT TIME ZONE 'Africa/Kampala')::date - ${days - 1}::int) AS first_day),
      since AS (SELECT (first_day::timestamp AT TIME ZONE 'Africa/Kampala') AS at FROM bounds),
      days AS (SELECT (first_day + offs)::date AS day FROM bounds, generate_series(0, ${days - 1}::int) AS offs),
      posted AS (SELECT (created_at AT TIME ZONE 'Africa/Kampala')::date AS day, count(*) AS n FROM jobs, since WHERE created_at >= since.at GROUP BY 1),
      completed AS (SELECT (completed_at AT TIME ZONE 'Africa/Kampala')::date AS day, count(*) AS n FROM jobs, since WHERE completed_at >= since.at GROUP BY 1),
      paid AS (SELECT (settled_at AT TIME ZONE 'Africa/Kampala')::date AS day, sum(amount) AS n FROM transactions, since WHERE status = 'completed' AND settled_at >= since.at GROUP BY 1),
      joined AS (SELECT (created_at AT TIME ZONE 'Africa/Kampala')::date AS day, count(*) AS n FROM users, since WHERE created_at >= since.at GROUP BY 1)
      SELECT to_char(days.day, 'YYYY-MM-DD') AS date, posted.n AS posted, completed.n AS completed, paid.n AS paid, joined.n AS joined
      FROM days LEFT JOIN posted USING (day) LEFT JOIN completed USING (day) LEFT JOIN paid USING (day) LEFT JOIN joined USING (day)
      ORDER BY days.day`),
  ]);
  const byStatus = new Map(rowsOf<{ status: string; n: unknown }>(jobRows).map((row) => [row.status, int(row.n)]));
  const payments = rowsOf<Record<string, unknown>>(paymentRows)[0]!;
  const people = rowsOf<Record<string, unknown>>(userRows)[0]!;
  return {
    jobs: {
      total: [...byStatus.values()].reduce((sum, n) => sum + n, 0),
      open: byStatus.get('open') ?? 0,
      assigned: byStatus.get('assigned') ?? 0,
      paid: byStatus.get('paid') ?? 0,
      completed: byStatus.get('completed') ?? 0,
      cancelled: byStatus.get('cancelled') ?? 0,
    },
    payments: { count: int(payments.count), completedAmount: int(payments.completed_amount), pendingCount: int(payments.pending_count), failedCount: int(payments.failed_count) },
    users: { institutions: int(people.institutions), professionals: int(people.professionals), verifiedProfessionals: int(people.verified_professionals), suspended: int(people.suspended) },
    series: rowsOf<{ date: string; posted: unknown; completed: unknown; paid: unknown; joined: unknown }>(seriesRows).map((row) => ({
      date: row.date,
      jobsPosted: int(row.posted),
      jobsCompleted: int(row.completed),
      paymentsCompletedUgx: int(row.paid),
      newUsers: int(row.joined),
    })),
  };
}
