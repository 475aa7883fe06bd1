import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { sameToken } from '../../platform/crypto.js';

/**
 * An onRequest hook for Africa's Talking's callbacks (/sms/inbound, /sms/delivery-reports, /ussd): they
 * carry no signature, so when AT_CALLBACK_KEY is set a request without it in `?key=` finds nothing
 * (404). It runs before the body is read or validated, so such a caller learns nothing else.
 */
export function requireCallbackKey(key: string | undefined) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (key === undefined) return;
    const given = (request.query as { key?: unknown } | undefined)?.key;
    if (!sameToken(typeof given === 'string' ? given : '', key)) throw notFound('Page');
  };
}
