/**
 * The load cases, run in this order. Adding one is an entry here: a name and the requests to cycle
 * through (every connection takes the next request of the shared list).
 */
import type { Subjects } from './subjects.js';
import { USSD_SESSION_STEPS, ussdSessionRequests } from './ussd.js';
import { postJobsSteadily, variedBrowseRequests } from './varied-browse.js';

export interface BenchContext {
  /** http://host:port of the Qgig server under test. */
  apiOrigin: string;
  /** The bare Fastify ceiling server. */
  ceilingUrl: string;
  tokens: { admin: string; owner: string; professionals: string[] };
  subjects: Subjects;
  /** The code the server's USSD menu is dialled on. */
  ussdServiceCode: string;
}

export interface BenchRequest {
  method?: 'GET' | 'POST';
  /** Path under the origin, with its query. */
  path: string;
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent form-encoded, as Africa's Talking posts its callbacks. */
  form?: Record<string, string>;
}

export interface LoadCase {
  name: string;
  /** May first set up what its requests need through the API (a PIN, say). */
  build(context: BenchContext): CaseRequests | Promise<CaseRequests>;
  /** The p99 the case must stay within, printed beside its results (the bench exits 1 past it). */
  p99TargetMs?: number;
  /** Work started before the case's warm-up and stopped after its run; stopping resolves to the number of its requests that failed. */
  alongside?(context: BenchContext): () => Promise<number>;
}

export interface CaseRequests {
  origin: string;
  requests: BenchRequest[];
  /** Set when the requests are sessions of this many steps each, every one sent after the last one's answer. */
  stepsPerSession?: number;
}

export const API_PREFIX = '/api/v1';

const api = (context: BenchContext, requests: BenchRequest[]): CaseRequests => ({
  origin: context.apiOrigin,
  requests: requests.map((request) => ({ ...request, path: `${API_PREFIX}${request.path}` })),
});

const browse = (name: string, query: string): LoadCase => ({
  name,
  build: (context) => api(context, [{ path: `/jobs${query}`, token: context.tokens.professionals[0] }]),
});

export const LOAD_CASES: LoadCase[] = [
  browse('browse: no filters', ''),
  browse('browse: role + district', '?role=nurse&district=Kampala'),
  browse('browse: skill', '?skill=mathematics'),
  browse('browse: minRate', '?minRate=100000'),
  {
    name: 'browse: uncached (a new filter set each, 4 posts/s)',
    build: (context) => api(context, variedBrowseRequests(context)),
    alongside: (context) => postJobsSteadily(`${context.apiOrigin}${API_PREFIX}`, context.tokens.owner),
  },
  {
    name: 'one job (GET /jobs/{id})',
    build: (context) =>
      api(
        context,
        context.subjects.jobIds.map((id) => ({ path: `/jobs/${id}`, token: context.tokens.professionals[0] })),
      ),
  },
  {
    name: 'matches (owner)',
    build: (context) =>
      api(
        context,
        context.subjects.owner.openJobIds.map((id) => ({ path: `/jobs/${id}/matches`, token: context.tokens.owner })),
      ),
  },
  {
    name: 'recommended jobs',
    build: (context) =>
      api(
        context,
        context.tokens.professionals.map((token) => ({ path: '/me/recommended-jobs', token })),
      ),
  },
  {
    // Africa's Talking gives up on an answer after seconds; Qgig aims for each well under one.
    name: 'ussd: a session’s steps (POST /ussd)',
    build: async (context) => ({
      ...api(
        context,
        await ussdSessionRequests(`${context.apiOrigin}${API_PREFIX}`, context.tokens.professionals, context.ussdServiceCode),
      ),
      stepsPerSession: USSD_SESSION_STEPS,
    }),
    p99TargetMs: 1_000,
  },
  {
    // Skipped (with the status it got) until the route exists.
    name: 'admin metrics',
    build: (context) => api(context, [{ path: '/admin/metrics', token: context.tokens.admin }]),
  },
  {
    name: 'ceiling: bare Fastify, one PK query',
    build: (context) => ({ origin: context.ceilingUrl, requests: context.subjects.jobIds.map((id) => ({ path: `/jobs/${id}` })) }),
  },
];
