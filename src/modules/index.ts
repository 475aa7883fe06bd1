import type { ModuleRoutes } from '../platform/http.js';
import { accountRoutes } from './accounts/routes.js';
import { adminRoutes } from './admin/routes.js';
import { notificationRoutes } from './notifications/routes.js';

/** Every module's HTTP routes, mounted under /api/v1 in this order. */
export const moduleRoutes: ModuleRoutes[] = [accountRoutes, adminRoutes, notificationRoutes];
