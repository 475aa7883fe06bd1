import { z } from 'zod';

/** Every event the system tells people about. */
export const NotificationType = z.enum([
  'job.accepted',
  'job.cancelled',
  'payment.received',
  'payment.failed',
  'document.approved',
  'document.rejected',
  'rating.received',
  'rating.reminder',
]);
export type NotificationType = z.infer<typeof NotificationType>;
