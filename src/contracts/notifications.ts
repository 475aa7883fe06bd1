import { z } from 'zod';

/** Every event the system tells people about. */
export const NotificationType = z.enum([
  'job.accepted',
  'job.cancelled',
  'job.no_check_in',
  'job.payment_reminder',
  'job.confirm_reminder',
  'job.released',
  'payment.received',
  'payment.failed',
  'payout.sent',
  'document.approved',
  'document.rejected',
  'document.expiring',
  'document.expired',
  'job.assignee_unverified',
  'rating.received',
  'rating.reminder',
  'reliability.changed',
  'reliability.appeal_decided',
  'job.offered',
]);
export type NotificationType = z.infer<typeof NotificationType>;

const when = z.string().optional().describe('ISO 8601 start of the shift');
const jobFacts = { jobId: z.uuid(), jobRole: z.string().optional(), startsAt: when };

/**
 * What each event carries in `data`: ids plus the few facts its messages show. Optional facts make
 * the message richer; a message never fails for their absence.
 */
export const NotificationData = {
  'job.accepted': z.object({ ...jobFacts, professionalName: z.string().optional(), funded: z.boolean().optional() }),
  'job.cancelled': z.object({
    ...jobFacts,
    reason: z.string().optional(),
    cancelledBy: z.enum(['institution', 'professional', 'admin', 'qgig']).optional(),
    /** The assignee's share of pay when the institution cancelled a paid job late. */
    latePay: z.number().int().optional(),
  }),
  'job.no_check_in': z.object({ ...jobFacts, professionalName: z.string().optional() }),
  'job.payment_reminder': z.object({ ...jobFacts, total: z.number().int().optional() }),
  'job.confirm_reminder': z.object({ ...jobFacts, hoursBefore: z.number().int().optional() }),
  'job.released': z.object(jobFacts),
  'payment.received': z.object({ ...jobFacts, transactionId: z.uuid(), amount: z.number().int(), currency: z.string().default('UGX') }),
  'payment.failed': z.object({ ...jobFacts, transactionId: z.uuid(), amount: z.number().int().optional(), reason: z.string().optional() }),
  'payout.sent': z.object({ ...jobFacts, payoutId: z.uuid(), amount: z.number().int(), currency: z.string().default('UGX') }),
  'document.approved': z.object({ documentId: z.uuid(), docType: z.string(), verified: z.boolean().optional() }),
  'document.rejected': z.object({ documentId: z.uuid(), docType: z.string(), reason: z.string(), verified: z.boolean().optional() }),
  'document.expiring': z.object({ documentId: z.uuid(), docType: z.string(), expiresOn: z.string(), daysLeft: z.number().int() }),
  'document.expired': z.object({ documentId: z.uuid(), docType: z.string(), expiresOn: z.string(), verified: z.boolean().optional() }),
  /** To the owner of a future shift whose assignee's credential expired, leaving them unverified. */
  'job.assignee_unverified': z.object({ ...jobFacts, professionalName: z.string().optional(), docType: z.string().optional() }),
  'rating.received': z.object({ ...jobFacts, stars: z.number().int().min(1).max(5), raterName: z.string().optional() }),
  'rating.reminder': z.object({ ...jobFacts, otherPartyName: z.string().optional() }),
  'reliability.changed': z.object({
    ...jobFacts,
    kind: z.enum(['completed', 'gave_back', 'no_show']),
    points: z.number().int(),
    score: z.number().int(),
    restrictedUntil: z.string().nullable().optional(),
  }),
  'reliability.appeal_decided': z.object({
    ...jobFacts,
    accepted: z.boolean(),
    points: z.number().int(),
    score: z.number().int(),
    note: z.string().optional(),
  }),
  'job.offered': z.object({ ...jobFacts, institutionName: z.string().optional() }),
} satisfies Record<NotificationType, z.ZodType>;
export type NotificationDataOf<T extends NotificationType> = z.input<(typeof NotificationData)[T]>;

export const NotificationView = z
  .object({
    id: z.uuid(),
    type: NotificationType,
    title: z.string(),
    body: z.string(),
    /** Where the web app shows the subject of the notice (absolute, under PUBLIC_URL). */
    link: z.string(),
    data: z.record(z.string(), z.unknown()),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.output<typeof NotificationView>;

/** Which channels reach a person beside the in-app notice; every one is on until changed. */
export const NotificationSettings = z
  .object({
    email: z.boolean(),
    sms: z.boolean(),
    /** Shift offers by SMS to the best matches when a shift is posted (professionals). */
    shiftOffers: z.boolean(),
  })
  .meta({ id: 'NotificationSettings' });
export type NotificationSettings = z.infer<typeof NotificationSettings>;
