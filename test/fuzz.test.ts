import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { createAdmin, registerUser } from './support/factories.js';
import {
  brokenMultipart,
  brokenValue,
  fittingValue,
  hostileCursor,
  hostileString,
  uuidLike,
  type BrokenMultipart,
  type JsonSchema,
} from './support/fuzz-arbitraries.js';
import { tableChecksums } from './support/table-checksums.js';
import { postJob } from './support/job-factories.js';

// Property-based fuzzing of every route in the OpenAPI document: malformed and boundary requests
// from every kind of caller never get a 5xx, every refusal is problem+json, and refused requests
// leave the database as it was. FUZZ_RUNS scales the run (default 25,000 requests, about 25 s on two cores).
const RUNS = Number(process.env.FUZZ_RUNS ?? 25_000);
const REJECTED_SHARE = 0.3;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Streams never end under inject, and these would end the fuzzer's own sessions. */
const NEVER_FUZZED = new Set(['GET /api/v1/notifications/stream']);
const ENDS_OWN_SESSION = new Set(['DELETE /api/v1/me', 'POST /api/v1/auth/logout']);
/** Pages for people, not API answers (PesaPal sends the payer's browser back here): refusals may be HTML. */
const HTML_PAGES = new Set(['GET /api/v1/payments/pesapal/callback']);
/** Counters that refused requests raise by design (failed sign-ins, per-address limits). */
const CHANGED_BY_DESIGN = new Set(['rate_limit_buckets']);

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  key: string;
  method: string;
  path: string;
  authenticated: boolean;
  pathParameters: Parameter[];
  queryParameters: Parameter[];
  body: JsonSchema | undefined;
}

type Caller = 'anonymous' | 'forged' | 'institution' | 'professional' | 'admin';
type Encoding = 'json' | 'malformed-json' | 'text' | 'none' | BrokenMultipart;
interface FuzzRequest {
  operation: Operation;
  caller: Caller;
  pathValues: string[];
  query: [string, string][];
  body: unknown;
  encoding: Encoding;
}

let testApp: TestApp;
let operations: Operation[];
let tokens: Record<Exclude<Caller, 'anonymous'>, string>;
let knownIds: string[];
let sent = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  testApp = await startTestApp({ listen: true });
  const { app, ctx } = testApp;
  const institution = await registerUser(app, { role: 'institution' });
  const professional = await registerUser(app, { role: 'professional' });
  const admin = await createAdmin(app, ctx);
  const job = await postJob(app, institution.accessToken);
  tokens = {
    forged: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    institution: institution.accessToken,
    professional: professional.accessToken,
    admin: admin.accessToken,
  };
  knownIds = [job.body.id as string];
  operations = readOperations(JSON.parse((await app.inject({ method: 'GET', url: '/api/openapi.json' })).body));
}, 60_000);

afterAll(async () => {
  await testApp?.close();
});

function readOperations(document: {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        authenticated: (operation.security?.length ?? 0) > 0,
        pathParameters: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path'),
        queryParameters: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query'),
        body: operation.requestBody?.content['application/json']?.schema,
      }))
      .filter((operation) => !NEVER_FUZZED.has(operation.key)),
  );
}

const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

function callers(operation: Operation): Caller[] {
  return ENDS_OWN_SESSION.has(operation.key) ? ['anonymous', 'forged'] : ['anonymous', 'forged', 'institution', 'professional', 'admin'];
}

/** Anything goes: valid-looking and broken values from every kind of caller. */
function anyRequest(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(fc.constantFrom(...knownIds), uuidLike, hostileString);
  // A cursor is opaque to the document: also send ones that decode to keys no list wrote.
  const queryValue = (parameter: Parameter) =>
    fc.oneof(fittingValue(parameter.schema).map(asText), hostileString, ...(parameter.name === 'cursor' ? [hostileCursor] : []));
  const query = fc
    .tuple(
      ...operation.queryParameters.map((parameter) =>
        fc.option(
          fc
            .array(queryValue(parameter), { minLength: 1, maxLength: 2 })
            .map((values) => values.map((value) => [parameter.name, value] as [string, string])),
        ),
      ),
    )
    .map((pairs) => pairs.flatMap((pair) => pair ?? []));
  return fc.record({
    operation: fc.constant(operation),
    caller: fc.constantFrom(...callers(operation)),
    pathValues: fc.tuple(...operation.pathParameters.map(() => pathValue)),
    query,
    body: fc.oneof(fittingValue(operation.body), brokenValue(operation.body)),
    encoding: fc.oneof<fc.Arbitrary<Encoding>[]>(
      fc.constantFrom<Encoding>('json', 'json', 'json', 'malformed-json', 'text', 'none'),
      brokenMultipart,
    ),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Requests the server must refuse before any handler runs: no identity, an id that is not one, or a body of the wrong shape. */
function rejectedRequest(operation: Operation): fc.Arbitrary<FuzzRequest> | undefined {
  const strategies: fc.Arbitrary<Partial<FuzzRequest>>[] = [];
  if (operation.authenticated) strategies.push(fc.record({ caller: fc.constantFrom<Caller>('anonymous', 'forged') }));
  if (operation.pathParameters.length > 0) {
    const notAnId = hostileString.filter((value) => value.trim() !== '' && !UUID.test(value));
    strategies.push(fc.record({ pathValues: fc.tuple(...operation.pathParameters.map(() => notAnId)) }));
  }
  if (operation.body) {
    strategies.push(
      fc.record({
        body: fc.oneof(fc.array(hostileString, { maxLength: 3 }), hostileString, fc.constantFrom(null, 0, true)),
        encoding: fc.constant<Encoding>('json'),
      }),
    );
    strategies.push(fc.record({ encoding: fc.constant<Encoding>('malformed-json') }));
  }
  if (strategies.length === 0) return undefined;
  return fc
    .tuple(
      fc.record({
        operation: fc.constant(operation),
        caller: fc.constantFrom(...callers(operation)),
        pathValues: fc.tuple(...operation.pathParameters.map(() => fc.oneof(fc.constantFrom(...knownIds), uuidLike))),
        query: fc.constant<[string, string][]>([]),
        body: fittingValue(operation.body),
        encoding: fc.constant<Encoding>(operation.body ? 'json' : 'none'),
      }),
      fc.oneof(...strategies),
    )
    .map(([request, breakage]) => ({ ...request, ...breakage }));
}

async function send(request: FuzzRequest) {
  const { operation } = request;
  let index = 0;
  // Lone surrogates cannot be percent-encoded; a client would send U+FFFD in their place.
  const segment = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, '\uFFFD'));
  const path = operation.path.replace(/\{[^}]+\}/g, () => segment(request.pathValues[index++] ?? ''));
  const search = new URLSearchParams(request.query).toString();
  const headers: Record<string, string> = {};
  if (request.caller !== 'anonymous') headers.authorization = `Bearer ${tokens[request.caller]}`;
  let payload: string | undefined;
  if (request.encoding === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(request.body ?? null);
  } else if (request.encoding === 'malformed-json') {
    headers['content-type'] = 'application/json';
    payload = `{"broken": ${asText(request.body).slice(0, 200)}`;
  } else if (typeof request.encoding === 'object') {
    headers['content-type'] = request.encoding.contentType;
    payload = request.encoding.payload;
  } else if (request.encoding === 'text') {
    headers['content-type'] = 'text/plain';
    payload = asText(request.body);
  }
  sent++;
  const response = await testApp.app.inject({
    method: operation.method as 'GET',
    url: search ? `${path}?${search}` : path,
    headers,
    payload,
  });
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  return { status: response.statusCode, type: String(response.headers['content-type'] ?? ''), body: response.body };
}

function describeFailure(request: FuzzRequest, response: { status: number; type: string; body: string }): string {
  const { operation, ...rest } = request;
  return `${operation.key} → ${response.status} ${response.type} ${response.body.slice(0, 300)}\n${JSON.stringify(rest).slice(0, 600)}`;
}

function expectSoundAnswer(request: FuzzRequest, response: { status: number; type: string; body: string }): void {
  if (response.status >= 500) throw new Error(`server error: ${describeFailure(request, response)}`);
  const allowed = HTML_PAGES.has(request.operation.key) ? ['application/problem+json', 'text/html'] : ['application/problem+json'];
  if (response.status >= 400 && !allowed.some((type) => response.type.startsWith(type))) {
    throw new Error(`refusal not as ${allowed.join(' or ')}: ${describeFailure(request, response)}`);
  }
}

/** fast-check's own report prints the whole counterexample (strings of 200,000 characters): keep ours short. */
function shortReport(details: fc.RunDetails<[FuzzRequest]>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${cause.slice(0, 2_000)}\n(after ${details.numRuns} runs; replay with FUZZ_SEED=${details.seed}, path ${details.counterexamplePath})`,
  );
}

describe(`API fuzzing (seed ${SEED})`, () => {
  it('refuses requests that must be refused without changing the database', async () => {
    const arbitraries = operations.map(rejectedRequest).filter((arbitrary) => arbitrary !== undefined);
    const before = await tableChecksums(testApp.ctx.db, CHANGED_BY_DESIGN);
    await fc.assert(
      fc.asyncProperty(fc.oneof(...arbitraries), async (request) => {
        const response = await send(request);
        expectSoundAnswer(request, response);
        if (response.status < 400) throw new Error(`accepted a request that must be refused: ${describeFailure(request, response)}`);
      }),
      { numRuns: Math.round(RUNS * REJECTED_SHARE), seed: SEED, endOnFailure: true, reporter: shortReport },
    );
    expect(await tableChecksums(testApp.ctx.db, CHANGED_BY_DESIGN)).toEqual(before);
  }, 120_000);

  it('answers any request on any route without a server error, refusals as problem+json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(...operations.map(anyRequest)), async (request) => expectSoundAnswer(request, await send(request))),
      { numRuns: Math.round(RUNS * (1 - REJECTED_SHARE)), seed: SEED, endOnFailure: true, reporter: shortReport },
    );
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.info(`fuzzing: ${sent} requests over ${operations.length} operations (seed ${SEED}): ${byStatus}`);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  }, 180_000);
});
