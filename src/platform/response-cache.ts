import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';

const gzipAsync = promisify(gzip);

/** What a cached answer reads: job pages, or match and recommendation lists (which read more tables). */
export type CacheScope = 'browse' | 'matching';

export type CacheVersions = Record<CacheScope, string>;

/**
 * The versions cached answers are filed under, one per scope. Triggers (migrations 0017, 0019) bump
 * a scope's version, in the same transaction, with every change an answer of that scope could depend
 * on. A request reads them (with its session) before computing anything, so an answer filed under a
 * version was computed after every change that version counts: whoever reads that version may be
 * given it, in any process.
 */
export const currentCacheVersions = sql<CacheVersions>`(SELECT json_build_object(
  'browse', (sum(version) FILTER (WHERE scope = 'browse'))::text,
  'matching', (sum(version) FILTER (WHERE scope = 'matching'))::text) FROM cache_versions)`;

/**
 * Answers also age out after this long: a bound on any dependency the triggers might one day miss,
 * and on memory held under versions nobody reads any more (the LRU evicts those first anyway).
 */
const LONGEST_LIFE_MS = 60_000;
/** Room for the API host's clock running behind the database's, which decides what has started. */
const CLOCK_MARGIN_MS = 2_000;

export interface Answer<T> {
  value: T;
  /** When the answer stops being true without any write (say, the first job on a page starts), in epoch ms. */
  expiresAt?: number;
}

/**
 * One answer as sent: its JSON, a validator, and the JSON gzipped, made when a client first accepts
 * gzip (an answer nobody asks for again is never compressed).
 */
interface Stored {
  json: Buffer;
  etag: string;
  gzip?: Promise<Buffer>;
}

interface Computed {
  stored: Stored;
  ttl: number;
}

export interface ResponseCache {
  /**
   * Replies with the answer for `key` under the request's version of `scope`: from memory when this
   * process has it, otherwise computed once (concurrent requests for the key share the computation),
   * serialised by the route's response schema, and kept. Errors are thrown, never kept. The answer
   * goes gzipped to clients that accept it (phones on slow networks), and a repeated request with
   * its ETag in If-None-Match gets 304 and no body.
   * `key` must name everything the answer depends on besides the data: route, query, and the caller
   * when the answer is theirs alone.
   */
  send<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: CacheScope,
    key: string,
    compute: () => Promise<Answer<T>>,
  ): Promise<FastifyReply>;
}

const ENCODINGS = ['gzip', 'identity'];

export function createResponseCache(maxBytes: number): ResponseCache {
  if (maxBytes === 0) {
    return { send: async (_request, reply, _scope, _key, compute) => reply.send((await compute()).value) };
  }
  const entries = new LRUCache<string, Stored, () => Promise<Computed>>({
    maxSize: maxBytes,
    // Counts room for a gzipped copy as large as the JSON (JSON compresses to a fraction of that), made yet or not.
    sizeCalculation: (stored) => 2 * stored.json.length,
    ttl: LONGEST_LIFE_MS,
    // An entry evicted while computing still answers the requests that were waiting for it.
    ignoreFetchAbort: true,
    fetchMethod: async (_key, _stale, { context, options }) => {
      const { stored, ttl } = await context();
      options.ttl = ttl;
      return stored;
    },
  });
  return {
    async send(request, reply, scope, key, compute) {
      const version = request.cacheVersions?.[scope];
      if (version === undefined) return reply.send((await compute()).value);
      const versionedKey = `${version} ${key}`;
      const kept = entries.get(versionedKey);
      if (kept) return sendStored(request, reply, kept);
      const stored = await entries.fetch(versionedKey, {
        context: async () => {
          const { value, expiresAt } = await compute();
          return { stored: storedAnswer(reply.serialize(value) as string), ttl: lifetime(expiresAt) };
        },
      });
      return sendStored(request, reply, stored!);
    },
  };
}

function storedAnswer(json: string): Stored {
  const body = Buffer.from(json);
  return { json: body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

async function sendStored(request: FastifyRequest, reply: FastifyReply, stored: Stored): Promise<FastifyReply> {
  reply.header('etag', stored.etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === stored.etag) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (negotiate(request.headers['accept-encoding'] ?? 'identity', ENCODINGS) === 'gzip') {
    stored.gzip ??= gzipAsync(stored.json);
    return reply.header('content-encoding', 'gzip').send(await stored.gzip);
  }
  return reply.send(stored.json);
}

function lifetime(expiresAt: number | undefined): number {
  if (expiresAt === undefined) return LONGEST_LIFE_MS;
  // lru-cache reads a ttl of 0 as "forever": an answer already about to expire is kept for 1 ms.
  return Math.max(1, Math.min(LONGEST_LIFE_MS, expiresAt - Date.now() - CLOCK_MARGIN_MS));
}
