import { z } from 'zod';
import { lineText, plainText } from '../../contracts/common.js';
import { acceptFormBodies, type ModuleRoutes } from '../../platform/http.js';
import { requireCallbackKey } from './callback-key.js';
import { atSimulatorMounted } from './settings.js';
import * as sms from './service.js';

const tags = ['sms'];
const field = lineText(1000);
const KeyQuery = z.object({ key: z.string().max(200).optional() });
const Acknowledged = z.object({ ok: z.literal(true) });

const InboundForm = z.object({
  from: lineText(32).min(1),
  to: field.optional(),
  text: plainText(1600),
  date: field.optional(),
  id: field.optional(),
  linkId: field.optional(),
});
const DeliveryReportForm = z.object({
  id: lineText(200).min(1),
  status: lineText(50).min(1),
  phoneNumber: field.optional(),
  networkCode: field.optional(),
  failureReason: field.optional(),
  retryCount: field.optional(),
});

/** Africa's Talking's callbacks (form-encoded, keyed by AT_CALLBACK_KEY when set) and, in development, the outbox. */
export const smsRoutes: ModuleRoutes = async (app, { ctx }) => {
  acceptFormBodies(app);
  const onRequest = requireCallbackKey(ctx.config.atCallbackKey);

  app.post(
    '/sms/inbound',
    {
      onRequest,
      schema: {
        tags,
        summary: "Africa's Talking: an SMS sent to the shortcode (STOP, START, ...)",
        querystring: KeyQuery,
        body: InboundForm,
        response: { 200: Acknowledged },
      },
    },
    async (request) => {
      await sms.receiveInboundSms(ctx, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/sms/delivery-reports',
    {
      onRequest,
      schema: {
        tags,
        summary: "Africa's Talking: a delivery report for an SMS sent",
        querystring: KeyQuery,
        body: DeliveryReportForm,
        response: { 200: Acknowledged },
      },
    },
    async (request) => {
      await sms.receiveDeliveryReport(ctx, request.body);
      return { ok: true as const };
    },
  );

  if (atSimulatorMounted(ctx.config)) {
    const OutboxItem = z.object({
      id: z.string(),
      phone: z.string(),
      kind: z.string(),
      text: z.string(),
      sender: z.string(),
      status: z.string(),
      failureReason: z.string().nullable(),
      sendAfter: z.string(),
      createdAt: z.string(),
    });
    app.get(
      '/dev/outbox',
      {
        schema: {
          tags: ['development'],
          summary: 'SMS the app recorded, newest first (development, with the built-in simulator)',
          response: { 200: z.object({ items: z.array(OutboxItem), callbackKey: z.string().nullable(), ussdServiceCode: z.string() }) },
        },
      },
      async () => ({
        items: (await sms.listOutbox(ctx)).map((row) => ({
          id: row.id,
          phone: row.phone,
          kind: row.kind,
          text: row.text,
          sender: row.sender,
          status: row.status,
          failureReason: row.failureReason,
          sendAfter: row.sendAfter.toISOString(),
          createdAt: row.createdAt.toISOString(),
        })),
        callbackKey: ctx.config.atCallbackKey ?? null,
        ussdServiceCode: ctx.config.ussdServiceCode,
      }),
    );
  }
};
