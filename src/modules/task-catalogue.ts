import type { TaskDefinition } from '../platform/queue.js';
import { sendAccountLinkTask } from './accounts/account-links.js';
import { createBackupTask } from './backups/tasks.js';
import { deleteStoredFilesTask, expireVerificationsTask } from './documents/tasks.js';
import { purgeRateLimitsTask } from './maintenance/tasks.js';
import { sendPushTask } from './push/tasks.js';
import { rateReminderTask } from './ratings/tasks.js';
import { deliverNotificationTask } from './notifications/tasks.js';
import { recountStandingsTask, sweepShiftsTask } from './jobs/tasks.js';
import { offerShiftTask, remindShiftsTask, sendSmsTask, smsEmailFallbackTask } from './sms/tasks.js';
import { reconcilePayoutsTask, sendPayoutTask } from './payouts/tasks.js';
import { checkPaymentTask, reconcilePaymentsTask, refundJobPaymentTask, refundLatePaymentTask } from './payments/tasks.js';

/** Every task the system knows; each gets its queue and retry policy at start. */
export const taskCatalogue: readonly TaskDefinition[] = [
  purgeRateLimitsTask,
  sendAccountLinkTask,
  deliverNotificationTask,
  refundJobPaymentTask,
  refundLatePaymentTask,
  checkPaymentTask,
  reconcilePaymentsTask,
  rateReminderTask,
  deleteStoredFilesTask,
  expireVerificationsTask,
  createBackupTask,
  sendSmsTask,
  smsEmailFallbackTask,
  offerShiftTask,
  remindShiftsTask,
  sweepShiftsTask,
  recountStandingsTask,
  sendPayoutTask,
  reconcilePayoutsTask,
  sendPushTask,
];
