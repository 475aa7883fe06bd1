import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { acceptFormBodies } from '../../platform/http.js';
import { toUgandaE164 } from '../../platform/phone.js';

export interface AtSimulatorOptions {
  username: string;
  apiKey: string;
  /** Where delivery reports go (the app's /sms/delivery-reports, with its ?key=); none when unset. */
  deliveryReportUrl?: string;
  reportDelayMs?: number;
}

/** The per-recipient statuses Africa's Talking answers, by code (AFRICASTALKING.md §2). */
export const RECIPIENT_STATUSES: Record<number, string> = {
  100: 'Processed',
  101: 'Success',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbRejection',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

export interface SimulatedSms {
  messageId: string;
  from: string;
  to: string;
  text: string;
  statusCode: number;
  status: string;
  sentAt: string;
}

interface Faults {
  /** The next n sends answer HTTP 500. */
  failNext: number;
  /** The next n sends wait delayMs first (a client timeout). */
  delayNext: number;
  delayMs: number;
  /** Every send to this phone gets this statusCode instead of 101. */
  recipientCodes: Map<string, number>;
  /** The final delivery report for this phone (default Success). */
  reports: Map<string, { status: string; failureReason?: string }>;
}

const UNAUTHORIZED = 'The supplied authentication is invalid';

/**
 * Africa's Talking's bulk SMS API (`POST /version1/messaging`, form body, apiKey header, the real JSON
 * answer), keeping every message sent and posting delivery reports back. Controls (not AT's API):
 * GET /messages, POST /faults, POST /reset.
 */
export async function africasTalkingSimulator(app: FastifyInstance, options: AtSimulatorOptions): Promise<void> {
  const sent: SimulatedSms[] = [];
  const faults: Faults = { failNext: 0, delayNext: 0, delayMs: 0, recipientCodes: new Map(), reports: new Map() };
  const pendingReports = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => pendingReports.forEach(clearTimeout));
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  acceptFormBodies(app);

  app.post('/version1/messaging', async (request, reply) => {
    if (request.headers.apikey !== options.apiKey) return reply.code(401).type('text/plain').send(UNAUTHORIZED);
    if (faults.delayNext > 0) {
      faults.delayNext -= 1;
      await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    }
    if (faults.failNext > 0) {
      faults.failNext -= 1;
      return reply.code(500).type('text/plain').send('Internal Server Error');
    }
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    if (body.username !== options.username) return reply.code(401).type('text/plain').send(UNAUTHORIZED);
    if (!body.to || !body.message) return reply.code(400).type('text/plain').send('Request is missing required form field');
    const recipients = body.to
      .split(',')
      .map((to) => to.trim())
      .map((to) => {
        const statusCode = faults.recipientCodes.get(to) ?? (toUgandaE164(to) === to ? 101 : 403);
        const accepted = statusCode <= 102;
        const messageId = accepted ? `ATXid_${randomBytes(16).toString('hex')}` : 'None';
        const status = RECIPIENT_STATUSES[statusCode] ?? 'Failed';
        sent.unshift({
          messageId,
          from: body.from ?? 'AFRICASTKNG',
          to,
          text: body.message!,
          statusCode,
          status,
          sentAt: new Date().toISOString(),
        });
        if (accepted) reportLater(messageId, to);
        return { statusCode, number: to, status, cost: accepted ? 'UGX 30.0000' : '0', messageId, messageParts: 1 };
      });
    const accepted = recipients.filter((recipient) => recipient.statusCode <= 102).length;
    return reply.code(201).send({
      SMSMessageData: { Message: `Sent to ${accepted}/${recipients.length} Total Cost: UGX ${accepted * 30}`, Recipients: recipients },
    });
  });

  app.get('/messages', async () => ({ items: sent }));

  app.post('/faults', async (request) => {
    const body = (request.body ?? {}) as {
      failNext?: number;
      delayNext?: number;
      delayMs?: number;
      phone?: string;
      statusCode?: number | null;
      report?: { status: string; failureReason?: string } | null;
    };
    if (body.failNext !== undefined) faults.failNext = Number(body.failNext);
    if (body.delayNext !== undefined) faults.delayNext = Number(body.delayNext);
    if (body.delayMs !== undefined) faults.delayMs = Number(body.delayMs);
    if (body.phone && body.statusCode !== undefined) setOrDelete(faults.recipientCodes, body.phone, body.statusCode);
    if (body.phone && body.report !== undefined) setOrDelete(faults.reports, body.phone, body.report);
    return { ok: true };
  });

  app.post('/reset', async () => {
    sent.length = 0;
    Object.assign(faults, { failNext: 0, delayNext: 0, delayMs: 0 });
    faults.recipientCodes.clear();
    faults.reports.clear();
    return { ok: true };
  });

  function reportLater(messageId: string, phoneNumber: string): void {
    if (!options.deliveryReportUrl) return;
    const report = faults.reports.get(phoneNumber) ?? { status: 'Success' };
    const timer = setTimeout(() => {
      pendingReports.delete(timer);
      const form = new URLSearchParams({ id: messageId, status: report.status, phoneNumber, networkCode: '64110', retryCount: '0' });
      if (report.failureReason) form.set('failureReason', report.failureReason);
      fetch(options.deliveryReportUrl!, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) }).catch((error: unknown) =>
        app.log.warn({ err: error }, 'delivery report not delivered'),
      );
    }, options.reportDelayMs ?? 50);
    pendingReports.add(timer);
  }
}

function setOrDelete<Value>(map: Map<string, Value>, key: string, value: Value | null): void {
  if (value === null) map.delete(key);
  else map.set(key, value);
}
