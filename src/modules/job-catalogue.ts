import type { JobDefinition } from '../platform/queue.js';
import { sendAccountLinkJob } from './accounts/account-links.js';
import { createBackupJob } from './backups/jobs.js';
import { deleteStoredFilesJob, expireVerificationsJob } from './documents/jobs.js';
import { purgeRateLimitsJob } from './maintenance/jobs.js';
import { sweepShiftsJob } from './jobs/jobs.js';
import { rateReminderJob } from './ratings/jobs.js';
import { deliverNotificationJob } from './notifications/jobs.js';
import { checkPaymentJob, reconcilePaymentsJob, refundJobPaymentJob, refundLatePaymentJob } from './payments/jobs.js';

/** Every background job the system knows; each gets its queue and retry policy at start. */
export const jobCatalogue: readonly JobDefinition[] = [
  purgeRateLimitsJob,
  sendAccountLinkJob,
  deliverNotificationJob,
  refundJobPaymentJob,
  refundLatePaymentJob,
  checkPaymentJob,
  reconcilePaymentsJob,
  rateReminderJob,
  sweepShiftsJob,
  deleteStoredFilesJob,
  expireVerificationsJob,
  createBackupJob,
];
