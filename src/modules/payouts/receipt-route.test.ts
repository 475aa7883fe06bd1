import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { completedJob, makeReadyProfessional, nextKampalaDate } from '../../../test/support/job-factories.js';
import { pdfText } from '../../../test/support/pdf.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { processPayout } from './service.js';

let t: TestApp;
let baseUrl: string;
let institution: Institution;
let professional: Professional;
let otherProfessional: Professional;
const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  baseUrl = t.ctx.config.publicUrl;
  institution = await makeInstitution(t.app, { name: "St. Mary's Kisubi ✚ '); DROP TABLE payouts; --" });
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay }, 'Nakato Sarah');
  otherProfessional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay }, 'Okello James');
});
afterAll(() => t?.close());

let day = 0;
const completedFor = (holder: Professional) => {
  day += 1;
  return completedJob(t.app, t.ctx, institution, holder, { date: nextKampalaDate(day % 7, 2 + day), rateAmount: 60_000 });
};

const payoutOf = async (jobId: string) =>
  rowsOf<{ id: string; status: string; provider_reference: string | null }>(
    await t.ctx.db.execute(sql`SELECT id, status, provider_reference FROM payouts WHERE job_id = ${jobId} AND purpose = 'pay'`),
  )[0]!;

/** Over real HTTP, as a browser downloads it. */
const receipt = (payoutId: string, token?: string) =>
  fetch(`${baseUrl}/api/v1/me/payouts/${payoutId}/receipt`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /me/payouts/{id}/receipt', () => {
  it('is 409 while the payout is pending, then a PDF naming the professional, the masked wallet, the shift and the network reference', async () => {
    const jobId = await completedFor(professional);
    const pending = await payoutOf(jobId);
    expect(pending.status).toBe('pending');
    const early = await receipt(pending.id, professional.accessToken);
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(await early.json()).toMatchObject({ type: 'https://qgig.ug/problems/payout-not-successful', status: 409 });

    const method = { phone: '0772 555 301', network: 'mtn' };
    expect((await call(t.app, 'PUT', '/me/payout-method', { token: professional.accessToken, body: method })).status).toBe(200);
    await processPayout(t.ctx, pending.id);
    const paid = await payoutOf(jobId);
    expect(paid.status).toBe('successful');

    const response = await receipt(paid.id, professional.accessToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-disposition')).toContain(`filename="qgig-payout-${paid.id}.pdf"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Payout receipt');
    expect(text).toContain(paid.id);
    expect(text).toContain('Nakato Sarah');
    expect(text).toContain('MTN Mobile Money +256 77* *** 301');
    expect(text).not.toContain('772555301');
    expect(text).toMatch(/Amount paid\s+UGX 60,000/);
    expect(paid.provider_reference).toBeTruthy();
    expect(text).toContain(paid.provider_reference);
    expect(text).toContain("St. Mary's Kisubi ? '); DROP TABLE payouts; --");
    expect(text).toContain(jobId);
  });

  it('is only for the professional paid: anyone else’s payout and unknown or malformed ids are 404, other roles 403, no token 401', async () => {
    const jobId = await completedFor(otherProfessional);
    const payout = await payoutOf(jobId);
    // Its owner hears it is still pending; to anyone else it is not there.
    expect((await receipt(payout.id, otherProfessional.accessToken)).status).toBe(409);
    const theirs = await receipt(payout.id, professional.accessToken);
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('content-type')).toContain('application/problem+json');
    expect((await receipt('00000000-0000-4000-8000-000000000000', professional.accessToken)).status).toBe(404);
    expect((await receipt(encodeURIComponent("1' OR '1'='1"), professional.accessToken)).status).toBe(404);
    expect((await receipt(payout.id, institution.accessToken)).status).toBe(403);
    expect((await receipt(payout.id)).status).toBe(401);
  });
});
