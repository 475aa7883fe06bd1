/**
 * The realistic mix `npm run bench:load` drives (issue 9): what each route sends, its share of the
 * traffic, and the seeded accounts and jobs it uses. Requests alternate between the API processes.
 */
import type { SqlExecutor } from '../../src/platform/db.js';
import type { Route, Shot } from './open-loop.js';
import { assignedJobs, completeOrder, ipnUrl, type RunningSimulator } from './payments.js';
import { signInAll } from './sign-in.js';
import { chooseSubjects, rows } from './subjects.js';

const PROFESSIONALS = 200;
const SAMPLED_JOBS = 2_000;
const BROWSE_QUERIES = [
  '',
  '?role=nurse',
  '?role=teacher&district=Kampala',
  '?skill=mathematics',
  '?minRate=100000',
  '?district=Wakiso',
  '?role=caregiver&skill=cooking',
];

const IPN_ROUTE = 'IPN GET /payments/pesapal/ipn';

export interface MixSubjects {
  professionalTokens: string[];
  loginEmails: string[];
  owner: { token: string; openJobIds: string[] };
  jobIds: string[];
  accepts: { jobId: string; token: string }[];
  payments: { jobId: string; token: string }[];
}

/**
 * Signs in the accounts the mix uses and picks its jobs: open ones to read and to accept (each
 * paired with a signed-in professional holding its role), assigned ones to pay for. Enough of each
 * for `requests` requests in all.
 */
export async function prepareMix(sql: SqlExecutor, apiUrl: string, password: string, requests: number): Promise<MixSubjects> {
  const subjects = await chooseSubjects(sql, { professionals: PROFESSIONALS, jobs: SAMPLED_JOBS });
  const [ownerToken, ...professionalTokens] = await signInAll(apiUrl, [subjects.owner.email, ...subjects.professionalEmails], password);
  const roles = await rows<{ email: string; roles: string[] }>(
    sql,
    'SELECT u.email, p.roles FROM users u JOIN professionals p ON p.user_id = u.id WHERE u.email = ANY($1)',
    [subjects.professionalEmails],
  );
  const tokenByEmail = new Map(subjects.professionalEmails.map((email, index) => [email, professionalTokens[index]!]));
  const holders = new Map<string, string[]>();
  for (const row of roles) for (const role of row.roles) holders.set(role, [...(holders.get(role) ?? []), tokenByEmail.get(row.email)!]);

  const acceptJobs = await rows<{ id: string; role: string }>(
    sql,
    `SELECT id, role FROM jobs TABLESAMPLE BERNOULLI (2) REPEATABLE (11)
     WHERE status = 'open' AND deleted_at IS NULL AND starts_at > now() + interval '1 day' AND role = ANY($1) LIMIT $2`,
    [[...holders.keys()], Math.ceil(requests * 0.05) + 100],
  );
  const accepts = acceptJobs.map((job, index) => {
    const candidates = holders.get(job.role)!;
    return { jobId: job.id, token: candidates[index % candidates.length]! };
  });

  const payers = await assignedJobs(sql, Math.ceil(requests * 0.02) + 20);
  const payerTokens = await signInAll(
    apiUrl,
    payers.map((payer) => payer.email),
    password,
  );
  const payments = payers.flatMap((payer, index) => payer.jobIds.map((jobId) => ({ jobId, token: payerTokens[index]! })));

  return {
    professionalTokens,
    loginEmails: subjects.professionalEmails,
    owner: { token: ownerToken!, openJobIds: subjects.owner.openJobIds },
    jobIds: subjects.jobIds,
    accepts,
    payments,
  };
}

/** Cycles through `items` forever. */
function cycle<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length]!;
}

/** Walks through `items` once; undefined after the last. */
function once<T>(items: T[]): () => T | undefined {
  let next = 0;
  return () => items[next++];
}

export function mixRoutes(subjects: MixSubjects, apiOrigins: string[], simulator: RunningSimulator, password: string): Route[] {
  const origin = cycle(apiOrigins);
  const api = (path: string) => `${origin()}/api/v1${path}`;
  const professional = cycle(subjects.professionalTokens);
  const get = (path: string, token?: string): Shot => ({ method: 'GET', url: api(path), token });
  const browse = cycle(BROWSE_QUERIES);
  const job = cycle(subjects.jobIds);
  const ownJob = cycle(subjects.owner.openJobIds);
  const login = cycle(subjects.loginEmails);
  const accept = once(subjects.accepts);
  const payment = once(subjects.payments);

  return [
    { name: 'browse GET /jobs', share: 60, byDesign: [], next: () => get(`/jobs${browse()}`, professional()) },
    { name: 'job detail GET /jobs/{id}', share: 15, byDesign: [], next: () => get(`/jobs/${job()}`, professional()) },
    { name: 'recommended GET /me/recommended-jobs', share: 10, byDesign: [], next: () => get('/me/recommended-jobs', professional()) },
    { name: 'matches GET /jobs/{id}/matches', share: 5, byDesign: [], next: () => get(`/jobs/${ownJob()}/matches`, subjects.owner.token) },
    {
      name: 'accept POST /jobs/{id}/accept',
      share: 5,
      // Someone else was faster, or the professional already holds an overlapping shift.
      byDesign: [409],
      next: () => {
        const pair = accept();
        return pair && { method: 'POST', url: api(`/jobs/${pair.jobId}/accept`), token: pair.token };
      },
    },
    {
      name: 'login POST /auth/login',
      share: 3,
      byDesign: [],
      next: () => ({ method: 'POST', url: api('/auth/login'), body: { email: login(), password } }),
    },
    {
      name: 'payment POST /jobs/{id}/payments',
      share: 2,
      byDesign: [],
      next: () => {
        const pair = payment();
        return pair && { method: 'POST', url: api(`/jobs/${pair.jobId}/payments`), token: pair.token, body: { method: 'mobile_money' } };
      },
      onAnswer(answer, followUp) {
        if (answer.status !== 201) return;
        const order = JSON.parse(answer.body) as { orderTrackingId: string; transactionId: string };
        // PesaPal settles the order, then calls the IPN URL: the bench plays both parts.
        void completeOrder(simulator, order.orderTrackingId).then(
          () => followUp(IPN_ROUTE, { method: 'GET', url: ipnUrl(origin(), order) }),
          (error: unknown) => process.stderr.write(`${String(error)}\n`),
        );
      },
    },
    // Sent only after a payment starts, one per payment.
    { name: IPN_ROUTE, share: 0, byDesign: [], next: () => undefined },
  ];
}
