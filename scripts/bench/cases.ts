/**
 * The load cases, run in this order. Adding one is an entry here: a name and the requests to cycle
 * through (every connection takes the next request of the shared list).
 */
import type { Subjects } from './subjects.js';
import { postJobsSteadily, variedBrowseRequests } from './varied-browse.js';

export interface BenchContext {
  /** http://host:port of the Qgig server under test. */
  apiOrigin: string;
  /** The bare Fastify ceiling server. */
  ceilingUrl: string;
  tokens: { admin: string; owner: string; professionals: string[] };
  subjects: Subjects;
}

export interface BenchRequest {
  method?: 'GET' | 'POST';
  /** Path under the origin, with its query. */
  path: string;
  token?: string;
  body?: unknown;
}

export interface LoadCase {
  name: string;
  build(context: BenchContext): { origin: string; requests: BenchRequest[] };
  /** Work started before the case's warm-up and stopped after its run; stopping resolves to the number of its requests that failed. */
  alongside?(context: BenchContext): () => Promise<number>;
}

export const API_PREFIX = '/api/v1';

const api = (context: BenchContext, requests: BenchRequest[]) => ({
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
    // Skipped (with the status it got) until the route exists.
    name: 'admin metrics',
    build: (context) => api(context, [{ path: '/admin/metrics', token: context.tokens.admin }]),
  },
  {
    name: 'ceiling: bare Fastify, one PK query',
    build: (context) => ({ origin: context.ceilingUrl, requests: context.subjects.jobIds.map((id) => ({ path: `/jobs/${id}` })) }),
  },
];
