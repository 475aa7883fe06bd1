import { z } from 'zod';
import { plainText } from './common.js';

export const RELIABILITY_EVENT_KINDS = ['completed', 'gave_back', 'no_show'] as const;
export const APPEAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;

export const AppealView = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    status: z.enum(APPEAL_STATUSES),
    reason: z.string(),
    /** The admin's note on the decision. */
    note: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'ReliabilityAppeal' });
export type AppealView = z.output<typeof AppealView>;

export const ReliabilityEventView = z
  .object({
    id: z.uuid(),
    kind: z.enum(RELIABILITY_EVENT_KINDS),
    /** The points actually applied, after the 0–100 bounds. */
    points: z.number().int(),
    jobId: z.uuid(),
    at: z.string(),
    /** The shift's role and start, to say which shift it was. */
    jobRole: z.string(),
    startsAt: z.string(),
    /** Only events that cost points may be appealed, once. */
    appealable: z.boolean(),
    appeal: AppealView.nullable(),
  })
  .meta({ id: 'ReliabilityEvent' });
export type ReliabilityEventView = z.output<typeof ReliabilityEventView>;

export const ReliabilityView = z
  .object({
    score: z.number().int().min(0).max(100),
    /** While in the future, the professional sees and accepts only favourites' shifts. */
    restrictedUntil: z.string().nullable(),
    /** Newest first: every event that changed the score or started a restriction. */
    events: z.array(ReliabilityEventView),
  })
  .meta({ id: 'Reliability' });
export type ReliabilityView = z.output<typeof ReliabilityView>;

export const AppealBody = z.object({
  eventId: z.uuid('Choose the event to appeal'),
  reason: plainText(1000).pipe(z.string().min(10, 'Say in at least 10 characters why this event should not count')),
});
export type AppealBody = z.output<typeof AppealBody>;

export const DecideAppealBody = z.object({
  accept: z.boolean('Say whether the appeal is accepted'),
  note: plainText(1000).default(''),
});
export type DecideAppealBody = z.output<typeof DecideAppealBody>;

export const AdminAppealsQuery = z.object({ status: z.enum(APPEAL_STATUSES).optional() });
export type AdminAppealsQuery = z.output<typeof AdminAppealsQuery>;

export const AdminAppealView = AppealView.extend({
  professional: z.object({
    id: z.uuid(),
    name: z.string(),
    reliabilityScore: z.number().int(),
    restrictedUntil: z.string().nullable(),
  }),
  event: z.object({ kind: z.enum(RELIABILITY_EVENT_KINDS), points: z.number().int(), at: z.string() }),
  job: z.object({ id: z.uuid(), role: z.string(), startsAt: z.string(), institutionName: z.string() }),
  decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
}).meta({ id: 'AdminReliabilityAppeal' });
export type AdminAppealView = z.output<typeof AdminAppealView>;
