import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerOf, objectOf, preparePayoutSimulator } from '../simulator-controls.js';
import { PayoutSimulatorState, walletKey, type SimulatedTransfer } from '../simulator-state.js';
import { MTN_ENDPOINTS, MTN_FAILURE_REASONS } from './wire.js';

export interface MtnSimulatorOptions {
  credentials: { subscriptionKey: string; apiUser: string; apiKey: string };
  /** `sandbox` takes EUR only; any other environment (mtnuganda) takes UGX. */
  targetEnvironment: string;
  tokenTtlSeconds?: number;
  settleAfterMs?: number;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** MTN's knowledge base: "unsupported special characters in the Body request for example an apostrophe" → 400. */
const UNSUPPORTED_CHARACTERS = /['"`<>&\\]/;

const error = (code: string, message: string) => ({ code, message });

/**
 * MTN MoMo Open API's Disbursement product, spoken over the same HTTP API (paths, headers, status
 * codes, quirks), so the real client is what the tests exercise. Mount it with a prefix: that is its base URL.
 */
export async function mtnMomoSimulator(app: FastifyInstance, options: MtnSimulatorOptions): Promise<void> {
  const state = new PayoutSimulatorState(
    MTN_ENDPOINTS,
    MTN_FAILURE_REASONS,
    options.tokenTtlSeconds ?? 3600,
    options.settleAfterMs ?? 0,
    (transfer) => void sendCallback(state, transfer),
  );
  const { api } = preparePayoutSimulator(app, state, error('INTERNAL_PROCESSING_ERROR', 'An internal error occurred while processing.'));
  const { credentials, targetEnvironment } = options;

  const subscribed = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers['ocp-apim-subscription-key'] === credentials.subscriptionKey) return undefined;
    return reply.code(401).send({
      statusCode: 401,
      message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    });
  };
  const authorized = (request: FastifyRequest, reply: FastifyReply) => {
    const refused = subscribed(request, reply);
    if (refused) return refused;
    if (!state.tokens.valid(bearerOf(request)))
      return reply.code(401).send({ statusCode: 401, message: 'Access denied due to invalid or expired token.' });
    const environment = request.headers['x-target-environment'];
    if (!environment) return reply.code(400).send(error('BAD_REQUEST', 'X-Target-Environment header is required'));
    if (environment !== targetEnvironment)
      return reply.code(500).send(error('NOT_ALLOWED_TARGET_ENVIRONMENT', 'Access to target environment is forbidden.'));
    return undefined;
  };

  app.post('/disbursement/token/', api('token', subscribed), async (request, reply) => {
    if (Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding']) {
      return reply.code(400).send(error('BAD_REQUEST', 'The token endpoint takes no body'));
    }
    const [user, key] = Buffer.from(/^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '', 'base64')
      .toString()
      .split(':');
    if (user !== credentials.apiUser || key !== credentials.apiKey) return reply.code(401).send({ error: 'login_failed' });
    return { access_token: state.tokens.issue().token, token_type: 'access_token', expires_in: state.tokens.ttlSeconds };
  });

  app.post('/disbursement/v1_0/transfer', api('transfer', authorized), async (request, reply) => {
    const reference = String(request.headers['x-reference-id'] ?? '');
    if (!UUID_V4.test(reference)) return reply.code(400).send(error('BAD_REQUEST', 'X-Reference-Id must be a UUID version 4'));
    const callbackUrl = request.headers['x-callback-url'];
    if (callbackUrl !== undefined && (typeof callbackUrl !== 'string' || !isHttpUrl(callbackUrl))) {
      return reply.code(400).send(error('BAD_REQUEST', 'X-Callback-Url is empty or not a URL'));
    }
    const body = objectOf(request.body);
    const problem = transferProblem(body);
    if (problem) return reply.code(400).send(error('BAD_REQUEST', problem));
    if (body.currency !== (targetEnvironment === 'sandbox' ? 'EUR' : 'UGX')) {
      return reply.code(500).send(error('INVALID_CURRENCY', 'Currency not supported.'));
    }
    if (state.transfers.has(reference)) {
      return reply.code(409).send(error('RESOURCE_ALREADY_EXIST', 'Duplicated reference id. Creation of resource failed.'));
    }
    const payee = body.payee as { partyId: string };
    state.receive({
      reference,
      amount: Number(body.amount),
      currency: body.currency as string,
      wallet: walletKey(payee.partyId),
      externalId: String(body.externalId ?? ''),
      message: String(body.payerMessage ?? ''),
      callbackUrl: callbackUrl ?? null,
    });
    return reply.code(202).send();
  });

  app.get('/disbursement/v1_0/transfer/:reference', api('transfer-status', authorized), async (request, reply) => {
    const transfer = state.transfers.get((request.params as { reference: string }).reference);
    if (!transfer) return reply.code(404).send(error('RESOURCE_NOT_FOUND', 'Requested resource was not found.'));
    return transferView(transfer);
  });

  app.get('/disbursement/v1_0/accountholder/msisdn/:msisdn/basicuserinfo', api('basicuserinfo', authorized), async (request, reply) => {
    const holder = state.accountHolders.get(walletKey((request.params as { msisdn: string }).msisdn));
    if (!holder) return reply.code(404).send(error('RESOURCE_NOT_FOUND', 'Requested resource was not found.'));
    return { given_name: holder.firstName, family_name: holder.lastName, birthdate: '1990-01-01', locale: 'en', gender: 'UNKNOWN' };
  });
}

function transferProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.amount !== 'string' || !/^\d+(\.\d+)?$/.test(body.amount) || !(Number(body.amount) > 0))
    return 'amount must be a positive number in a string';
  if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) return 'currency must be an ISO 4217 code';
  const payee = objectOf(body.payee);
  if (payee.partyIdType !== 'MSISDN' || typeof payee.partyId !== 'string' || !/^\d{9,15}$/.test(payee.partyId)) {
    return 'payee must be {partyIdType: MSISDN, partyId: the number in digits, without +}';
  }
  for (const field of ['externalId', 'payerMessage', 'payeeNote']) {
    const value = body[field];
    if (value !== undefined && (typeof value !== 'string' || UNSUPPORTED_CHARACTERS.test(value)))
      return `${field} holds unsupported characters`;
  }
  return undefined;
}

/** The status check's answer; the callback carries the same body. */
function transferView(transfer: SimulatedTransfer) {
  return {
    amount: String(transfer.amount),
    currency: transfer.currency,
    ...(transfer.status === 'SUCCESSFUL' ? { financialTransactionId: transfer.networkTransactionId } : {}),
    externalId: transfer.externalId,
    payee: { partyIdType: 'MSISDN', partyId: `256${transfer.wallet}` },
    payerMessage: transfer.message,
    payeeNote: transfer.message,
    status: transfer.status,
    ...(transfer.status === 'FAILED' ? { reason: transfer.reason } : {}),
  };
}

/** One callback to X-Callback-Url (MTN's older documentation: sent once, no retry); MTN says to allow PUT and POST. */
async function sendCallback(state: PayoutSimulatorState, transfer: SimulatedTransfer): Promise<void> {
  if (!transfer.callbackUrl) return;
  let httpStatus: number | null = null;
  try {
    const response = await fetch(transfer.callbackUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(transferView(transfer)),
      signal: AbortSignal.timeout(2_000),
    });
    httpStatus = response.status;
  } catch {
    // The listener is down or slow: MTN does not retry, so callers must poll.
  }
  state.callbacks.push({
    reference: transfer.reference,
    url: transfer.callbackUrl,
    method: 'PUT',
    httpStatus,
    at: new Date().toISOString(),
  });
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
