import type { ModuleRoutes } from '../platform/http.js';
import { accountRoutes } from './accounts/routes.js';
import { adminRoutes } from './admin/routes.js';
import { documentRoutes } from './documents/routes.js';
import { favouriteRoutes } from './favourites/routes.js';
import { invoiceRoutes } from './invoices/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { ledgerRoutes } from './ledger/routes.js';
import { matchingRoutes } from './matching/routes.js';
import { messageRoutes } from './messages/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { paymentRoutes } from './payments/routes.js';
import { payoutRoutes } from './payouts/routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { pushRoutes } from './push/routes.js';
import { profileRoutes } from './profiles/routes.js';
import { ratingRoutes } from './ratings/routes.js';
import { reliabilityRoutes } from './reliability/routes.js';
import { smsRoutes } from './sms/routes.js';
import { ussdRoutes } from './ussd/routes.js';

/** Every module's HTTP routes, mounted under /api/v1 in this order. */
export const moduleRoutes: ModuleRoutes[] = [
  accountRoutes,
  adminRoutes,
  profileRoutes,
  documentRoutes,
  jobRoutes,
  matchingRoutes,
  favouriteRoutes,
  messageRoutes,
  notificationRoutes,
  paymentRoutes,
  invoiceRoutes,
  payoutRoutes,
  ledgerRoutes,
  ratingRoutes,
  privacyRoutes,
  smsRoutes,
  ussdRoutes,
  pushRoutes,
  reliabilityRoutes,
];
