import { UserView } from '../../contracts/accounts.js';
import { AdminJobsQuery, AdminMetrics, AdminUser, AdminUsersQuery, AuditEntry, AuditQuery, ReasonBody } from '../../contracts/admin.js';
import { IdParams, page } from '../../contracts/common.js';
import { JobView } from '../../contracts/jobs.js';
import { ResolveDisputeBody } from '../../contracts/payouts.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import { setUserStatus } from '../accounts/service.js';
import { cancelJobAsAdmin, listJobsForAdmin, resolveDispute } from '../jobs/service.js';
import * as admin from './service.js';

export const adminRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const adminOnly = { preHandler: guards.requireRole('admin') };
  const schema = { tags: ['admin'], security: [{ bearer: [] }] };

  app.get(
    '/admin/users',
    {
      ...adminOnly,
      schema: {
        ...schema,
        summary: 'Users, newest first; search by name, email or phone; filter by role, status, verified',
        querystring: AdminUsersQuery,
        response: { 200: page(AdminUser) },
      },
    },
    async (request) => admin.listUsers(ctx, request.query),
  );

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['activate', 'active'],
  ] as const) {
    app.post(
      `/admin/users/:id/${action}`,
      {
        ...adminOnly,
        schema: {
          ...schema,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a user (reason required; audited)`,
          params: IdParams,
          body: ReasonBody,
          response: { 200: UserView },
        },
      },
      async (request) => setUserStatus(ctx, callerOf(request), request.params.id, status, request.body.reason, requestMeta(request)),
    );
  }

  app.get(
    '/admin/jobs',
    {
      ...adminOnly,
      schema: {
        ...schema,
        summary: 'Any job in any state (deleted ones too), latest shift first, with filters',
        querystring: AdminJobsQuery,
        response: { 200: page(JobView) },
      },
    },
    async (request) => listJobsForAdmin(ctx, callerOf(request), request.query),
  );

  app.post(
    '/admin/jobs/:id/cancel',
    {
      ...adminOnly,
      schema: {
        ...schema,
        summary: 'Cancel an open, assigned or paid job (reason required; audited; paid jobs are refunded)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: JobView },
      },
    },
    async (request) => cancelJobAsAdmin(ctx, callerOf(request), request.params.id, request.body.reason, requestMeta(request)),
  );

  app.post(
    '/admin/jobs/:id/resolve',
    {
      ...adminOnly,
      schema: {
        ...schema,
        summary: 'Resolve a disputed job: that share of pay is paid out, the fee follows it, the rest returns to the institution (audited)',
        params: IdParams,
        body: ResolveDisputeBody,
        response: { 200: JobView },
      },
    },
    async (request) => resolveDispute(ctx, callerOf(request), request.params.id, request.body, requestMeta(request)),
  );

  app.get(
    '/admin/metrics',
    {
      ...adminOnly,
      schema: { ...schema, summary: 'Counts, sums and the last 30 days, for the dashboard', response: { 200: AdminMetrics } },
    },
    async () => admin.metrics(ctx),
  );

  app.get(
    '/admin/audit',
    {
      ...adminOnly,
      schema: {
        ...schema,
        summary: 'The audit log, newest first, with filters',
        querystring: AuditQuery,
        response: { 200: page(AuditEntry) },
      },
    },
    async (request) => admin.listAudit(ctx, request.query),
  );
};
