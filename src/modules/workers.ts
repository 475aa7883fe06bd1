import type { AppContext } from '../platform/context.js';
import { registerAccountWorkers } from './accounts/workers.js';
import { registerBackupWorkers } from './backups/workers.js';
import { registerDocumentWorkers } from './documents/workers.js';
import { registerJobWorkers } from './jobs/workers.js';
import { registerMaintenanceWorkers } from './maintenance/workers.js';
import { registerNotificationWorkers } from './notifications/workers.js';
import { registerPaymentWorkers } from './payments/workers.js';
import { registerPayoutWorkers } from './payouts/workers.js';
import { registerRatingWorkers } from './ratings/workers.js';
import { registerSmsWorkers } from './sms/workers.js';

/** Starts every module's background workers in this process. */
export async function registerWorkers(ctx: AppContext): Promise<void> {
  await registerMaintenanceWorkers(ctx);
  await registerAccountWorkers(ctx);
  await registerNotificationWorkers(ctx);
  await registerPaymentWorkers(ctx);
  await registerPayoutWorkers(ctx);
  await registerJobWorkers(ctx);
  await registerRatingWorkers(ctx);
  await registerDocumentWorkers(ctx);
  await registerBackupWorkers(ctx);
  await registerSmsWorkers(ctx);
}
