import { z } from 'zod';
import { UserView } from '../../contracts/accounts.js';
import { IdParams, plainText } from '../../contracts/common.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import { setUserStatus } from '../accounts/service.js';

const ReasonBody = z.object({ reason: plainText(500).pipe(z.string().min(3, 'Give a reason of at least 3 characters')) });

export const adminRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const admin = { preHandler: guards.requireRole('admin') };

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['activate', 'active'],
  ] as const) {
    app.post(
      `/admin/users/:id/${action}`,
      {
        ...admin,
        schema: { tags: ['admin'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} a user`, security: [{ bearer: [] }], params: IdParams, body: ReasonBody, response: { 200: UserView } },
      },
      async (request) => setUserStatus(ctx, callerOf(request), request.params.id, status, request.body.reason, requestMeta(request)),
    );
  }
};
