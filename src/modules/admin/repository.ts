import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AdminUsersQuery, AuditQuery } from '../../contracts/admin.js';
import type { Executor } from '../../platform/db.js';
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
