import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { createAdmin, type RegisteredUser } from './support/factories.js';
import { makeProfessional, sampleFiles, uploadDocument } from './support/profile-factories.js';

// The OpenAPI document says what each answer's body is: every answer that is not JSON with its
// media type, every refusal as application/problem+json. Checked against the document itself and
// against what the routes really send.
interface Response {
  content?: Record<string, unknown>;
}
interface Operation {
  responses?: Record<string, Response>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

let testApp: TestApp;
let document: OpenApiDocument;
let admin: RegisteredUser;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await createAdmin(testApp.app, testApp.ctx);
  document = JSON.parse((await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
}, 60_000);

afterAll(async () => {
  await testApp?.close();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation })),
  );

/** The media types the document gives for `status` on an operation (an exact code first, then its class such as 4XX). */
function documentedTypes(operation: Operation, status: number): string[] | undefined {
  const responses = operation.responses ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  return response ? Object.keys(response.content ?? {}) : undefined;
}

const mediaTypeOf = (contentType: unknown) =>
  String(contentType ?? '')
    .split(';')[0]!
    .trim();

function expectDocumented(key: string, status: number, contentType: unknown): void {
  const operation = operations().find((candidate) => candidate.key === key)?.operation;
  expect(operation, key).toBeDefined();
  const types = documentedTypes(operation!, status);
  expect({ key, status, documented: types?.includes(mediaTypeOf(contentType)) ?? false }).toEqual({ key, status, documented: true });
}

describe('the OpenAPI document', () => {
  it('documents every 4xx and 5xx of every operation as application/problem+json', () => {
    const undocumented = operations().flatMap(({ key, operation }) =>
      ['4XX', '5XX']
        .filter((status) => JSON.stringify(Object.keys(operation.responses?.[status]?.content ?? {})) !== '["application/problem+json"]')
        .map((status) => `${key} ${status}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('gives every answer with a body a media type, and JSON only where the answer is JSON', () => {
    const nonJson = operations().flatMap(({ key, operation }) =>
      Object.entries(operation.responses ?? {}).flatMap(([status, response]) =>
        Object.keys(response.content ?? {})
          .filter((type) => !type.endsWith('json'))
          .map((type) => `${key} ${status} ${type}`),
      ),
    );
    expect(nonJson.sort()).toEqual(
      [
        'GET /api/v1/documents/{id}/file 200 application/pdf',
        'GET /api/v1/documents/{id}/file 200 image/jpeg',
        'GET /api/v1/documents/{id}/file 200 image/png',
        'GET /api/v1/jobs/{id}/invoice 200 application/pdf',
        'GET /api/v1/me/payouts/{id}/receipt 200 application/pdf',
        'GET /api/v1/notifications/stream 200 text/event-stream',
        'GET /api/v1/payments/pesapal/callback 200 text/html',
        'GET /api/v1/payments/pesapal/callback 404 text/html',
        'POST /api/v1/ussd 200 text/plain',
      ].sort(),
    );
    const withoutBodyType = operations().flatMap(({ key, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status, response]) => !['202', '204'].includes(status) && Object.keys(response.content ?? {}).length === 0)
        .map(([status]) => `${key} ${status}`),
    );
    expect(withoutBodyType).toEqual([]);
  });

  it('documents how every operation succeeds, an answer without a body (202, 204) included', () => {
    const withoutSuccess = operations()
      .filter(({ operation }) => !Object.keys(operation.responses ?? {}).some((status) => /^[23]/.test(status)))
      .map(({ key }) => key);
    expect(withoutSuccess).toEqual([]);
  });
});

describe('what the routes send is what the document says', () => {
  it('the PesaPal callback page and its 404 are text/html; a malformed callback is problem+json', async () => {
    const missing = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/payments/pesapal/callback?OrderTrackingId=x&OrderMerchantReference=00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expectDocumented('GET /api/v1/payments/pesapal/callback', 404, missing.headers['content-type']);
    const malformed = await testApp.app.inject({ method: 'GET', url: '/api/v1/payments/pesapal/callback?OrderTrackingId=%00' });
    expect(malformed.statusCode).toBe(422);
    expectDocumented('GET /api/v1/payments/pesapal/callback', 422, malformed.headers['content-type']);
  });

  it('a document download is sent in its documented media type', async () => {
    const professional = await makeProfessional(testApp.app);
    const uploaded = await uploadDocument(testApp.app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.png(),
      filename: 'nin.png',
    });
    expect(uploaded.status).toBe(201);
    const file = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/documents/${uploaded.body.id}/file`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(file.statusCode).toBe(200);
    expectDocumented('GET /api/v1/documents/{id}/file', 200, file.headers['content-type']);
  });

  it('a USSD screen is text/plain, and an empty 202 or 204 is sent without a body type', async () => {
    const screen = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/ussd?key=${encodeURIComponent(testApp.ctx.config.atCallbackKey ?? '')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        sessionId: 'media-types',
        serviceCode: '*284*77#',
        phoneNumber: '+256700000001',
        text: '',
      }).toString(),
    });
    expect(screen.statusCode).toBe(200);
    expect(screen.body).toMatch(/^(CON|END) /);
    expectDocumented('POST /api/v1/ussd', 200, screen.headers['content-type']);

    const reset = await testApp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.ug' } });
    expect([reset.statusCode, reset.body, reset.headers['content-type']]).toEqual([202, '', undefined]);
    expect(documentedTypes(operations().find(({ key }) => key === 'POST /api/v1/auth/password-reset')!.operation, 202)).toEqual([]);
  });

  it('the notification stream is text/event-stream', async () => {
    const baseUrl = await testApp.listen();
    const stream = await fetch(`${baseUrl}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(stream.status).toBe(200);
    expectDocumented('GET /api/v1/notifications/stream', 200, stream.headers.get('content-type'));
    await stream.body?.cancel();
  });

  it('every operation’s refusal of an anonymous caller matches its documented status and media type', async () => {
    for (const { key, method, path } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await testApp.app.inject({ method: method.toUpperCase() as 'GET', url });
      if (response.statusCode < 400) continue;
      expectDocumented(key, response.statusCode, response.headers['content-type']);
    }
  });
});
