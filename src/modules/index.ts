import type { ModuleRoutes } from '../platform/http.js';
import { accountRoutes } from './accounts/routes.js';
import { adminRoutes } from './admin/routes.js';
import { documentRoutes } from './documents/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { ledgerRoutes } from './ledger/routes.js';
import { matchingRoutes } from './matching/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { paymentRoutes } from './payments/routes.js';
import { payoutRoutes } from './payouts/routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { profileRoutes } from './profiles/routes.js';
import { ratingRoutes } from './ratings/routes.js';
import { smsRoutes } from './sms/routes.js';

/** Every module's HTTP routes, mounted under /api/v1 in this order. */
export const moduleRoutes: ModuleRoutes[] = [
  accountRoutes,
  adminRoutes,
  profileRoutes,
  documentRoutes,
  jobRoutes,
  matchingRoutes,
  notificationRoutes,
  paymentRoutes,
  payoutRoutes,
  ledgerRoutes,
  ratingRoutes,
  privacyRoutes,
  smsRoutes,
];
