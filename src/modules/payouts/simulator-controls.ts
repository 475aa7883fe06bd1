import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { walletKey, type PayeeOutcome, type PayoutSimulatorState, type TransferStatus } from './simulator-state.js';

/** A network-specific check run after faults (authentication, required headers); sends the refusal itself. */
export type RequestCheck = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

export interface SimulatorEndpoints {
  /** Route options for one of the network's operations: records the call, applies its queued fault, then `check`. */
  api(
    endpoint: string,
    check?: RequestCheck,
  ): { preHandler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> };
}

/**
 * What both payout simulators share: fault injection around their API and the `/__control` routes.
 * A 500 fault answers before the request is looked at (the network never received it); a delay fault
 * holds the answer after the request was handled (received, but the caller times out).
 */
export function preparePayoutSimulator(app: FastifyInstance, state: PayoutSimulatorState, serverErrorBody: unknown): SimulatorEndpoints {
  const held = new WeakMap<FastifyRequest, number>();
  app.addHook('onClose', async () => state.stop());
  // Not part of Qgig's API: keep the simulator out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.addHook('onSend', async (request) => {
    const delayMs = held.get(request);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
  });
  registerControls(app, state);

  return {
    api: (endpoint, check) => ({
      preHandler: async (request, reply) => {
        state.calls.push({ endpoint, at: new Date().toISOString() });
        const fault = state.faults.take(endpoint);
        if (fault.delayMs > 0) held.set(request, fault.delayMs);
        if (fault.fail) return reply.code(500).send(serverErrorBody);
        return check?.(request, reply);
      },
    }),
  };
}

function registerControls(app: FastifyInstance, state: PayoutSimulatorState): void {
  const params = (request: FastifyRequest) => request.params as Record<string, string>;

  app.post('/__control/faults', async (request, reply) => {
    const body = objectOf(request.body);
    const endpoint = String(body.endpoint);
    if (!state.endpoints.includes(endpoint))
      return reply.code(400).send({ error: `endpoint must be one of ${state.endpoints.join(', ')}` });
    state.faults.set(endpoint, {
      failNext: Number(body.failNext ?? 0),
      delayNext: Number(body.delayNext ?? 0),
      delayMs: Number(body.delayMs ?? 0),
    });
    return { ok: true };
  });

  app.post('/__control/payees/:phone', async (request, reply) => {
    const outcome = outcomeOf(objectOf(request.body), state);
    if (typeof outcome === 'string') return reply.code(400).send({ error: outcome });
    state.payees.set(walletKey(params(request).phone!), outcome);
    return { ok: true };
  });

  app.post('/__control/account-holders/:phone', async (request, reply) => {
    const { firstName, lastName } = objectOf(request.body);
    if (typeof firstName !== 'string' || typeof lastName !== 'string')
      return reply.code(400).send({ error: 'firstName and lastName are required' });
    state.accountHolders.set(walletKey(params(request).phone!), { firstName, lastName });
    return { ok: true };
  });

  app.post('/__control/transfers/:reference/settle', async (request, reply) => {
    const transfer = state.transfers.get(params(request).reference!);
    if (!transfer) return reply.code(404).send({ error: 'no such transfer' });
    const outcome = outcomeOf(objectOf(request.body), state);
    if (typeof outcome === 'string') return reply.code(400).send({ error: outcome });
    if (!state.settle(transfer, outcome)) return reply.code(409).send({ error: `transfer is ${transfer.status}` });
    return transfer;
  });

  app.post('/__control/tokens/expire', async () => {
    state.tokens.clear();
    return { ok: true };
  });

  app.post('/__control/token-ttl', async (request) => {
    state.tokens.ttlSeconds = Number(objectOf(request.body).seconds ?? state.tokens.ttlSeconds);
    return { tokenTtlSeconds: state.tokens.ttlSeconds };
  });

  app.post('/__control/settle-after', async (request) => {
    state.settleAfterMs = Number(objectOf(request.body).ms ?? 0);
    return { settleAfterMs: state.settleAfterMs };
  });

  app.get('/__control/calls', async () => state.calls);
  app.get('/__control/callbacks', async () => state.callbacks);
  app.get('/__control/transfers', async () => [...state.transfers.values()]);
  app.post('/__control/reset', async () => {
    state.reset();
    return { ok: true };
  });
}

const STATUSES: readonly TransferStatus[] = ['PENDING', 'SUCCESSFUL', 'FAILED'];

function outcomeOf(body: Record<string, unknown>, state: PayoutSimulatorState): PayeeOutcome | string {
  const status = body.status as TransferStatus;
  if (!STATUSES.includes(status)) return `status must be one of ${STATUSES.join(', ')}`;
  if (status !== 'FAILED') return { status, reason: null };
  const reason = String(body.reason);
  if (!state.failureReasons.includes(reason)) return `a FAILED outcome needs a reason, one of ${state.failureReasons.join(', ')}`;
  return { status, reason };
}

export function objectOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export function bearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
