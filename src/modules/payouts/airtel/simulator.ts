import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerOf, objectOf, preparePayoutSimulator } from '../simulator-controls.js';
import { PayoutSimulatorState, type SimulatedTransfer } from '../simulator-state.js';
import { decryptPin } from './pin.js';
import { AIRTEL_ENDPOINTS, AIRTEL_FAILURE_CODES, AIRTEL_IN_PROGRESS, AIRTEL_NOT_FOUND, AIRTEL_SUCCESS } from './wire.js';

export interface AirtelKeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export interface AirtelSimulatorOptions {
  credentials: { clientId: string; clientSecret: string };
  /** The disbursement wallet's PIN the simulator expects, once decrypted. */
  pin: string;
  /** Its RSA key pair, asked for on first need (generating one takes a few tens of ms); a new one when not given. */
  keys?: () => AirtelKeyPair;
  tokenTtlSeconds?: number;
  settleAfterMs?: number;
}

/** Not documented: the code a wrong PIN gets here is one of the failure codes, chosen for the simulator. */
export const INCORRECT_PIN_CODE = 'DP00900001013';
const REFERENCE = /^[A-Za-z0-9]{4,64}$/;

export function generateAirtelKeyPair(): AirtelKeyPair {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** base64 SPKI without PEM armour, the way Airtel's portal shows its key (what AIRTEL_PUBLIC_KEY holds). */
export function portalPublicKey(keyPair: AirtelKeyPair): string {
  return keyPair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

const statusBlock = (responseCode: string | undefined, httpCode: string, message: string, success: boolean) => ({
  ...(responseCode ? { response_code: responseCode } : {}),
  code: httpCode,
  success,
  result_code: success ? 'ESB000010' : 'ESB000001',
  message,
});

/**
 * Airtel Money's Open API (OAuth2 token, v2 disbursements and their enquiry, KYC user enquiry), spoken
 * over the same HTTP API, so the real client is what the tests exercise. Mount it with a prefix: that is its base URL.
 */
export async function airtelMoneySimulator(app: FastifyInstance, options: AirtelSimulatorOptions): Promise<void> {
  const state = new PayoutSimulatorState(
    AIRTEL_ENDPOINTS,
    AIRTEL_FAILURE_CODES,
    options.tokenTtlSeconds ?? 180,
    options.settleAfterMs ?? 0,
    () => undefined,
  );
  const { api } = preparePayoutSimulator(app, state, { status: statusBlock(undefined, '500', 'Internal Server Error', false) });
  let generated: AirtelKeyPair | undefined;
  const keys = options.keys ?? (() => (generated ??= generateAirtelKeyPair()));

  const authorized = (request: FastifyRequest, reply: FastifyReply) => {
    if (!state.tokens.valid(bearerOf(request)))
      return reply.code(401).send({ status: statusBlock(undefined, '401', 'Authorization failed', false) });
    return undefined;
  };
  const transactional = (request: FastifyRequest, reply: FastifyReply) => {
    const refused = authorized(request, reply);
    if (refused) return refused;
    if (request.headers['x-country'] !== 'UG' || request.headers['x-currency'] !== 'UGX') {
      return reply.code(400).send({ status: statusBlock(undefined, '400', 'X-Country must be UG and X-Currency UGX', false) });
    }
    return undefined;
  };

  app.post('/auth/oauth2/token', api('token'), async (request, reply) => {
    const body = objectOf(request.body);
    if (body.grant_type !== 'client_credentials')
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
    if (body.client_id !== options.credentials.clientId || body.client_secret !== options.credentials.clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    // expires_in as a string, the way one copy of Airtel's documentation shows it.
    return { access_token: state.tokens.issue().token, expires_in: String(state.tokens.ttlSeconds), token_type: 'bearer' };
  });

  app.get('/v1/rsa/encryption-keys', api('encryption-keys', authorized), async () => ({
    data: { key_id: 1, key: portalPublicKey(keys()) },
    status: statusBlock(undefined, '200', 'SUCCESS', true),
  }));

  app.post('/standard/v2/disbursements/', api('disbursement', transactional), async (request, reply) => {
    const body = objectOf(request.body);
    const problem = disbursementProblem(body);
    if (problem) return reply.code(400).send({ status: statusBlock(undefined, '400', problem, false) });
    const transaction = objectOf(body.transaction);
    const id = transaction.id as string;
    if (state.transfers.has(id)) return reply.code(409).send({ status: statusBlock(undefined, '409', 'Duplicate transaction id', false) });
    const payee = objectOf(body.payee);
    const pinAccepted = decryptPin(String(body.pin), keys().privateKey) === options.pin;
    const transfer = state.receive(
      {
        reference: id,
        amount: transaction.amount as number,
        currency: payee.currency as string,
        wallet: payee.msisdn as string,
        externalId: body.reference as string,
        message: '',
        callbackUrl: null,
      },
      pinAccepted ? undefined : { status: 'FAILED', reason: INCORRECT_PIN_CODE },
    );
    return transactionView(transfer);
  });

  app.get('/standard/v2/disbursements/:id', api('enquiry', transactional), async (request, reply) => {
    if ((request.query as Record<string, string>).transactionType !== 'B2C') {
      return reply.code(400).send({ status: statusBlock(undefined, '400', 'transactionType must be B2C', false) });
    }
    const transfer = state.transfers.get((request.params as { id: string }).id);
    if (!transfer) return { data: {}, status: statusBlock(AIRTEL_NOT_FOUND, '200', 'Transaction not found', false) };
    return transactionView(transfer);
  });

  app.get('/standard/v1/users/:msisdn', api('user-enquiry', transactional), async (request, reply) => {
    const msisdn = (request.params as { msisdn: string }).msisdn;
    const holder = /^\d{9}$/.test(msisdn) ? state.accountHolders.get(msisdn) : undefined;
    if (!holder) return reply.code(404).send({ data: {}, status: statusBlock(undefined, '404', 'User not found', false) });
    return {
      data: { first_name: holder.firstName, last_name: holder.lastName, msisdn, grade: 'SUBS', is_barred: false, is_pin_set: true },
      status: statusBlock(undefined, '200', 'SUCCESS', true),
    };
  });
}

function disbursementProblem(body: Record<string, unknown>): string | undefined {
  const payee = objectOf(body.payee);
  const transaction = objectOf(body.transaction);
  if (typeof payee.msisdn !== 'string' || !/^\d{9}$/.test(payee.msisdn)) return 'payee.msisdn must be 9 digits, without the country code';
  if (payee.currency !== 'UGX') return 'payee.currency must match X-Currency';
  if (typeof body.reference !== 'string' || !REFERENCE.test(body.reference)) return 'reference must be 4 to 64 letters and digits';
  if (typeof body.pin !== 'string' || body.pin === '') return 'pin is required';
  if (typeof transaction.amount !== 'number' || !(transaction.amount > 0)) return 'transaction.amount must be a positive number';
  if (typeof transaction.id !== 'string' || !REFERENCE.test(transaction.id)) return 'transaction.id must be 4 to 64 letters and digits';
  if (transaction.type !== 'B2C') return 'transaction.type must be B2C for a payment to a person';
  return undefined;
}

function transactionView(transfer: SimulatedTransfer) {
  const [code, status, message] =
    transfer.status === 'SUCCESSFUL'
      ? [AIRTEL_SUCCESS, 'TS', 'Transaction is successful']
      : transfer.status === 'FAILED'
        ? [
            transfer.reason ?? AIRTEL_FAILURE_CODES[0],
            'TF',
            transfer.reason === INCORRECT_PIN_CODE ? 'Incorrect PIN' : 'Transaction failed',
          ]
        : [AIRTEL_IN_PROGRESS[1], 'TIP', 'Transaction in progress'];
  return {
    data: {
      transaction: {
        id: transfer.reference,
        reference_id: transfer.externalId,
        ...(transfer.status === 'SUCCESSFUL' ? { airtel_money_id: transfer.networkTransactionId } : {}),
        status,
        message,
      },
    },
    status: statusBlock(code, '200', message, transfer.status !== 'FAILED'),
  };
}
