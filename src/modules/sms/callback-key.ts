import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/errors.js';

/**
 * An onRequest hook for Africa's Talking's callbacks (/sms/inbound, /sms/delivery-reports, /ussd): they
 * carry no signature, so when AT_CALLBACK_KEY is set a request without it in `?key=` finds nothing
 * (404). It runs before the body is read or validated, so such a caller learns nothing else.
 */
export function requireCallbackKey(key: string | undefined) {
  const expected = key === undefined ? undefined : Buffer.from(key);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!expected) return;
    const given = (request.query as { key?: unknown } | undefined)?.key;
    const offered = Buffer.from(typeof given === 'string' ? given : '');
    if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) throw notFound('Page');
  };
}
