import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT4_MAX } from '../src/contracts/common.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createAdmin, type RegisteredUser } from './support/factories.js';
import {
  brokenMultipart,
  controlText,
  hostileCursor,
  outOfRangeDate,
  outOfRangeDateTime,
  pastInt4,
  type JsonSchema,
} from './support/fuzz-arbitraries.js';
import { makeProfessional, validProfessionalProfile } from './support/profile-factories.js';
import { tableChecksums } from './support/table-checksums.js';

// Families of input that passed validation and then broke a query (a 500): each must be refused
// with a 4xx problem+json before anything is stored, for every value of the family.
const RUNS = 40;
const CHANGED_BY_DESIGN = new Set(['rate_limit_buckets']);

let testApp: TestApp;
let admin: RegisteredUser;
let professional: { accessToken: string };
let document: OpenApiDocument;

interface Parameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}
interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await createAdmin(testApp.app, testApp.ctx);
  professional = await makeProfessional(testApp.app);
  document = JSON.parse((await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
}, 60_000);

afterAll(async () => {
  await testApp?.close();
});

interface Sent {
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  token?: string;
  body?: unknown;
  contentType?: string;
}

async function send({ method = 'GET', url, token, body, contentType }: Sent) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
  const payload = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
  const response = await testApp.app.inject({ method, url, headers, payload });
  return { status: response.statusCode, type: String(response.headers['content-type'] ?? ''), body: response.body };
}

function expectRefused(response: { status: number; type: string; body: string }, status: number | number[], what: string): void {
  if (![status].flat().includes(response.status) || !response.type.startsWith('application/problem+json')) {
    throw new Error(`${what} → ${response.status} ${response.type} ${response.body.slice(0, 200)}`);
  }
}

/** Runs `property` over `arbitrary` and checks that no table changed. */
async function refusedWithoutChange<Value>(arbitrary: fc.Arbitrary<Value>, property: (value: Value) => Promise<void>): Promise<void> {
  const before = await tableChecksums(testApp.ctx.db, CHANGED_BY_DESIGN);
  await fc.assert(fc.asyncProperty(arbitrary, property), { numRuns: RUNS, endOnFailure: true });
  expect(await tableChecksums(testApp.ctx.db, CHANGED_BY_DESIGN)).toEqual(before);
}

const query = (path: string, name: string, value: string) => `/api/v1${path}?${new URLSearchParams({ [name]: value })}`;

/** Every integer the document accepts, as [route, where, name, schema], query and JSON body alike. */
function integerFields(): [string, string, string, JsonSchema][] {
  const fields: [string, string, string, JsonSchema][] = [];
  const walk = (route: string, where: string, name: string, schema: JsonSchema | undefined): void => {
    if (!schema) return;
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('integer') || types.includes('number')) fields.push([route, where, name, schema]);
    for (const [property, child] of Object.entries(schema.properties ?? {}))
      walk(route, where, name ? `${name}.${property}` : property, child);
    walk(route, where, `${name}[]`, schema.items);
    for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(route, where, name, alternative);
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const route = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? []) walk(route, parameter.in, parameter.name, parameter.schema);
      walk(route, 'body', '', operation.requestBody?.content['application/json']?.schema);
    }
  }
  return fields;
}

describe('numbers past a PostgreSQL integer column', () => {
  it('GET /jobs?minRate=2147483648 is a 422, and so is every value past the column either way', async () => {
    expectRefused(await send({ url: '/api/v1/jobs?minRate=2147483648', token: professional.accessToken }), 422, 'minRate=2147483648');
    await refusedWithoutChange(pastInt4, async (value) => {
      expectRefused(
        await send({ url: query('/jobs', 'minRate', String(value)), token: professional.accessToken }),
        422,
        `minRate=${value}`,
      );
    });
  });

  it('every integer the API accepts, in a query or a body, is bounded within int4', () => {
    const fields = integerFields();
    expect(fields.map(([route, , name]) => `${route} ${name}`)).toContain('GET /api/v1/jobs minRate');
    const within = (value: number | undefined) => value !== undefined && value >= -INT4_MAX - 1 && value <= INT4_MAX;
    const unbounded = fields.filter(
      ([, , , schema]) => !within(schema.maximum ?? schema.exclusiveMaximum) || !within(schema.minimum ?? schema.exclusiveMinimum),
    );
    expect(unbounded.map(([route, where, name]) => `${route} ${where} ${name}`)).toEqual([]);
  });

  it('every integer query filter refuses values past int4, on every route that has one', async () => {
    const filters = integerFields().filter(([route, where]) => where === 'query' && route.startsWith('GET '));
    expect(filters.length).toBeGreaterThan(3);
    await refusedWithoutChange(fc.tuple(fc.constantFrom(...filters), pastInt4), async ([[route, , name], value]) => {
      const path = route.slice('GET '.length).replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      expectRefused(
        await send({ url: `${path}?${new URLSearchParams({ [name]: String(value) })}`, token: admin.accessToken }),
        422,
        `${route} ${name}=${value}`,
      );
    });
  });
});

describe('dates in year 0000/0001 or past 9999', () => {
  it('are refused in from/to of /jobs, /admin/jobs and /admin/audit', async () => {
    const filters: [string, string, fc.Arbitrary<string>][] = [
      ['/jobs', professional.accessToken, fc.oneof(outOfRangeDate, outOfRangeDateTime)],
      ['/admin/jobs', admin.accessToken, outOfRangeDate],
      ['/admin/audit', admin.accessToken, outOfRangeDateTime],
    ];
    await refusedWithoutChange(
      fc
        .tuple(fc.constantFrom(...filters), fc.constantFrom('from', 'to'))
        .chain(([filter, name]) => filter[2].map((value) => [filter, name, value] as const)),
      async ([[path, token], name, value]) => {
        expectRefused(await send({ url: query(path, name, value), token }), 422, `${path} ${name}=${value}`);
      },
    );
  });

  it('are refused in blackoutDates, and the profile stays as it was', async () => {
    await refusedWithoutChange(fc.tuple(outOfRangeDate, fc.constantFrom('2027-03-01', '2027-12-24')), async ([date, fine]) => {
      const body = validProfessionalProfile({ blackoutDates: [fine, date] });
      expectRefused(
        await send({ method: 'PUT', url: '/api/v1/me/professional', token: professional.accessToken, body }),
        422,
        `blackoutDates ${date}`,
      );
    });
  });

  it('the first and last accepted dates work end to end', async () => {
    for (const url of ['/api/v1/jobs?from=0001-01-02&to=9999-12-30', '/api/v1/jobs?from=0001-01-02T00:00:00Z&to=9999-12-30T23:59:59Z']) {
      expect((await send({ url, token: professional.accessToken })).status).toBe(200);
    }
    expect((await send({ url: '/api/v1/admin/jobs?from=0001-01-02&to=9999-12-30', token: admin.accessToken })).status).toBe(200);
    expect(
      (await send({ url: '/api/v1/admin/audit?from=0001-01-02T00:00:00Z&to=9999-12-30T23:59:59Z', token: admin.accessToken })).status,
    ).toBe(200);
  });
});

describe('job-list cursors that decode to keys no list wrote', () => {
  it('(dates out of range, an id of 36 dashes) are a 422 on every job list', async () => {
    const lists: [string, string][] = [
      ['/jobs', professional.accessToken],
      ['/me/jobs', professional.accessToken],
      ['/admin/jobs', admin.accessToken],
    ];
    const dashes = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', '-'.repeat(36)])).toString('base64url');
    expectRefused(await send({ url: query('/jobs', 'cursor', dashes), token: professional.accessToken }), 422, 'a cursor with 36 dashes');
    await refusedWithoutChange(fc.tuple(fc.constantFrom(...lists), hostileCursor), async ([[path, token], cursor]) => {
      expectRefused(
        await send({ url: query(path, 'cursor', cursor), token }),
        422,
        `${path} cursor=${Buffer.from(cursor, 'base64url').toString()}`,
      );
    });
  });
});

describe('control characters', () => {
  it('in /admin/users?search= are a 422', async () => {
    expectRefused(await send({ url: '/api/v1/admin/users?search=a%00b', token: admin.accessToken }), 422, 'search with NUL');
    await refusedWithoutChange(controlText, async (search) => {
      expectRefused(
        await send({ url: query('/admin/users', 'search', search), token: admin.accessToken }),
        422,
        `search=${JSON.stringify(search)}`,
      );
    });
  });

  it('in each text filter of /admin/audit are a 422', async () => {
    const filters = ['action', 'targetId', 'actor', 'subject'];
    await refusedWithoutChange(fc.tuple(fc.constantFrom(...filters), controlText), async ([name, value]) => {
      expectRefused(
        await send({ url: query('/admin/audit', name, value), token: admin.accessToken }),
        422,
        `/admin/audit ${name}=${JSON.stringify(value)}`,
      );
    });
  });

  it('in any text query parameter of any route, for an admin or a professional, are never a server error; a refusal is problem+json', async () => {
    const textParameters = Object.entries(document.paths).flatMap(([path, methods]) =>
      (methods.get?.parameters ?? [])
        .filter((parameter) => parameter.in === 'query' && parameter.schema?.type === 'string')
        .map((parameter) => [path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'), parameter.name] as const),
    );
    expect(textParameters.length).toBeGreaterThan(20);
    const callers = fc.constantFrom(admin.accessToken, professional.accessToken);
    await refusedWithoutChange(fc.tuple(fc.constantFrom(...textParameters), controlText, callers), async ([[path, name], value, token]) => {
      const response = await send({ url: `${path}?${new URLSearchParams({ [name]: value })}`, token });
      // The PesaPal callback answers a browser: its unknown orders are an HTML page (documented so).
      if (response.status === 404 && path.endsWith('/callback') && response.type.startsWith('text/html')) return;
      if (response.status >= 400)
        expectRefused(response, response.status < 500 ? response.status : 422, `${path} ${name}=${JSON.stringify(value)}`);
    });
  });

  it('in any IPN field, by GET, JSON POST or form POST, are a 422 and record nothing', async () => {
    const fields = ['OrderTrackingId', 'OrderMerchantReference', 'OrderNotificationType'];
    const ipn = fc.tuple(fc.constantFrom(...fields), controlText, fc.constantFrom<'GET' | 'json' | 'form'>('GET', 'json', 'form'));
    await refusedWithoutChange(ipn, async ([field, value, how]) => {
      const values = {
        OrderTrackingId: 'b1f3c4d2-0000-4000-8000-000000000001',
        OrderMerchantReference: '00000000-0000-4000-8000-000000000002',
        OrderNotificationType: 'IPNCHANGE',
        [field]: value,
      };
      const form = new URLSearchParams(values).toString();
      const sent: Sent =
        how === 'GET'
          ? { url: `/api/v1/payments/pesapal/ipn?${form}` }
          : how === 'json'
            ? { method: 'POST', url: '/api/v1/payments/pesapal/ipn', body: values }
            : { method: 'POST', url: '/api/v1/payments/pesapal/ipn', body: form, contentType: 'application/x-www-form-urlencoded' };
      expectRefused(await send(sent), 422, `${how} IPN ${field}=${JSON.stringify(value)}`);
    });
  });
});

describe('a multipart body with no boundary or no closing boundary', () => {
  it('on POST /me/documents is a 400 (a 422 when what was read names no document) and stores nothing', async () => {
    await refusedWithoutChange(brokenMultipart, async ({ contentType, payload }) => {
      expectRefused(
        await send({ method: 'POST', url: '/api/v1/me/documents', token: professional.accessToken, body: payload, contentType }),
        [400, 422],
        `${contentType} ${JSON.stringify(payload)}`,
      );
    });
  });
});
