import { z } from 'zod';
import { UserView } from './accounts.js';
import { DocumentView } from './documents.js';
import { MessageView } from './job-messages.js';
import { JobView } from './jobs.js';
import { NotificationSettings, NotificationView } from './notifications.js';
import { TransactionView } from './payments.js';
import { PayoutMethodView, PayoutView } from './payouts.js';
import { InstitutionProfile, ProfessionalProfile } from './profiles.js';
import { RatingView } from './ratings.js';
import { ReliabilityView } from './reliability.js';

/** Everything Qgig holds about the caller (Data Protection and Privacy Act 2019, right of access). */
export const DataExport = z
  .object({
    format: z.literal('qgig-export/1'),
    generatedAt: z.string(),
    account: z.object({
      user: UserView,
      consents: z.array(z.object({ version: z.string(), acceptedAt: z.string() })),
      sessions: z.array(
        z.object({ createdAt: z.string(), endedAt: z.string().nullable(), ip: z.string().nullable(), userAgent: z.string().nullable() }),
      ),
    }),
    profile: z.object({
      professional: ProfessionalProfile.nullable(),
      institution: InstitutionProfile.nullable(),
      documents: z.array(DocumentView),
    }),
    /** Jobs the caller posted (institution) or held (professional). */
    jobs: z.array(JobView),
    /** Ratings the caller gave and received. */
    ratings: z.array(RatingView),
    /** A professional's reliability score with every event that changed it and their appeals (null for others). */
    reliability: ReliabilityView.nullable(),
    /** Payments the caller made, with their events (kept after erasure, pseudonymised, as the law requires). */
    transactions: z.array(TransactionView),
    /** Messages the caller wrote or received on their jobs (texts removed by an erased sender read null). */
    messages: z.array(MessageView),
    /** Where the caller is paid, and every payout to them. */
    payouts: z.object({ method: PayoutMethodView.nullable(), payouts: z.array(PayoutView) }),
    notifications: z.array(NotificationView),
    notificationSettings: NotificationSettings,
    /** Every SMS sent to the caller, with what Africa's Talking reported. */
    sms: z.array(
      z.object({
        id: z.string(),
        phone: z.string(),
        kind: z.string(),
        text: z.string(),
        status: z.string(),
        failureReason: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    /** Who has looked at or decided on this person's data, and when. */
    accessLog: z.array(
      z.object({ action: z.string(), targetType: z.string(), targetId: z.string(), reason: z.string().nullable(), at: z.string() }),
    ),
  })
  .meta({ id: 'DataExport' });
export type DataExport = z.output<typeof DataExport>;
