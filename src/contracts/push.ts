import { z } from 'zod';

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `${what} is base64url without padding`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes && value.length === Math.ceil((bytes * 4) / 3), {
      message: `${what} is ${bytes} bytes`,
    });

/** `PushSubscription.toJSON()` of a browser: where to push and the keys that encrypt for it (RFC 8291). */
export const PushSubscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https$/, error: 'Give the https address of a push service' }).max(2048),
  keys: z.object({
    p256dh: base64url(65, 'keys.p256dh').refine((value) => Buffer.from(value, 'base64url')[0] === 4, {
      message: 'keys.p256dh is an uncompressed P-256 point',
    }),
    auth: base64url(16, 'keys.auth'),
  }),
});
export type PushSubscriptionInput = z.output<typeof PushSubscriptionInput>;

export const PushSubscriptionRemoval = z.object({ endpoint: z.url({ protocol: /^https$/ }).max(2048), keys: z.unknown().optional() });

export const PushSubscriptionView = z
  .object({ endpoint: z.string(), createdAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'PushSubscription' });

export const VapidPublicKey = z
  .object({ key: z.string().describe('The application server key for PushManager.subscribe, base64url') })
  .meta({ id: 'VapidPublicKey' });

/** What a push carries to the service worker, which shows it as a notification opening `path`. */
export const PushMessage = z.object({
  title: z.string(),
  body: z.string(),
  path: z.string().startsWith('/'),
  /** Same tag, same notification: a retried push replaces its first copy rather than adding one. */
  tag: z.string(),
});
export type PushMessage = z.infer<typeof PushMessage>;
