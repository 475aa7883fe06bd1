import { z } from 'zod';
import { IdParams, KeysetPageQuery, page } from '../../contracts/common.js';
import { NotificationSettings, NotificationView } from '../../contracts/notifications.js';
import { callerOf } from '../../platform/auth.js';
import { notFound } from '../../platform/errors.js';
import type { ModuleRoutes } from '../../platform/http.js';
import { textResponse } from '../../platform/openapi.js';
import { mailboxEnabled, mailboxOf } from './channels/index.js';
import { checkSession } from '../accounts/service.js';
import { liveMessageEvents } from '../messages/service.js';
import { NotificationHub } from './live-stream.js';
import * as notifications from './service.js';
import { saveNotificationSettings } from './settings.js';

const ListQuery = KeysetPageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
const security = [{ bearer: [] }];

export const notificationRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const hub = new NotificationHub(ctx, checkSession(ctx), liveMessageEvents);
  app.addHook('preClose', async () => hub.close());

  app.get(
    '/notifications',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s notifications, newest first',
        security,
        querystring: ListQuery,
        response: { 200: page(NotificationView) },
      },
    },
    async (request) => notifications.listNotifications(ctx, callerOf(request).id, request.query),
  );

  app.post(
    '/notifications/:id/read',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        security,
        params: IdParams,
        response: { 200: NotificationView },
      },
    },
    async (request) => notifications.markNotificationRead(ctx, callerOf(request).id, request.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Mark every notification read',
        security,
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (request) => notifications.markAllNotificationsRead(ctx, callerOf(request).id),
  );

  app.put(
    '/me/notification-settings',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Which channels reach the caller beside the app: email, SMS, shift offers by SMS',
        security,
        body: NotificationSettings,
        response: { 200: NotificationSettings },
      },
    },
    async (request) => saveNotificationSettings(ctx.db, callerOf(request).id, request.body),
  );

  app.get(
    '/notifications/stream',
    {
      // EventSource cannot send headers: the access token may come as ?access_token= (never logged).
      onRequest: async (request) => {
        const token = (request.query as { access_token?: unknown }).access_token;
        if (!request.headers.authorization && typeof token === 'string') request.headers.authorization = `Bearer ${token}`;
      },
      preHandler: guards.requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'Server-sent events: one `notification` event per new notification',
        description:
          'Authenticate with the Authorization header or `?access_token=`. Sends `Last-Event-ID` replay on reconnect. The stream ends when its session does (logout, suspension, a password change), when its access token expires, after `NOTIFICATION_STREAM_MAX_SECONDS`, or when the same user opens a sixth stream on one server: reconnect with a current token.',
        security,
        response: { 200: textResponse('An endless stream of server-sent events', ['text/event-stream']) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const userId = caller.id;
      await hub.listening();
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // The stream is the connection's last response: when it ends (client gone, server shutting down) the socket closes too.
        connection: 'close',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const stream = hub.open(reply.raw, caller);
      request.raw.on('close', () => stream.end());
      try {
        const lastEventId = request.headers['last-event-id'];
        if (typeof lastEventId === 'string' && IdParams.shape.id.safeParse(lastEventId).success) {
          for (const missed of await notifications.loadNotificationViews(ctx, userId, lastEventId)) stream.send(missed);
        }
      } catch (error) {
        // The headers are out, so no problem+json: end the stream; the browser reconnects with Last-Event-ID.
        request.log.warn({ err: error }, 'live stream ended: its replay failed');
        stream.end();
      }
    },
  );

  if (mailboxEnabled(ctx.config)) {
    const mailbox = mailboxOf(ctx.config);
    const StoredMail = z.object({
      id: z.string(),
      from: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      createdAt: z.string(),
    });
    const devTag = {
      tags: ['development'],
      description: 'Only without SMTP_URL and outside production: the mail the app would have sent.',
    };
    app.get(
      '/dev/mailbox',
      {
        schema: {
          ...devTag,
          summary: 'Mail written to the local mailbox, newest first',
          response: { 200: z.object({ items: z.array(StoredMail) }) },
        },
      },
      async () => ({
        items: await mailbox.list(),
      }),
    );
    app.get(
      '/dev/mailbox/:id',
      {
        schema: {
          ...devTag,
          summary: 'One mail from the local mailbox',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: StoredMail },
        },
      },
      async (request) => {
        const mail = await mailbox.read(request.params.id);
        if (!mail) throw notFound('Mail');
        return mail;
      },
    );
  }
};
