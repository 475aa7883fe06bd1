import { LedgerView } from '../../contracts/ledger.js';
import type { ModuleRoutes } from '../../platform/http.js';
import { ledgerView } from './service.js';

export const ledgerRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.get(
    '/admin/ledger',
    {
      preHandler: guards.requireRole('admin'),
      schema: {
        tags: ['admin'],
        summary: 'The escrow ledger: every account’s balance and the count of journals that do not sum to zero (0)',
        security: [{ bearer: [] }],
        response: { 200: LedgerView },
      },
    },
    async () => ledgerView(ctx.db),
  );
};
