import { expect, type APIRequestContext } from '@playwright/test';
import { kampalaDateIn, startShiftInDatabase } from './jobs.js';

/** The in-process MTN MoMo Disbursement simulator's test controls (src/modules/payouts/simulator-controls.ts). */
const MOMO_CONTROL = '/momo-sim/__control';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What MTN answers for transfers to `phone` from now on: paid, or refused with one of its documented reasons. */
export async function setMomoPayee(
  request: APIRequestContext,
  phone: string,
  outcome: { status: 'SUCCESSFUL' } | { status: 'FAILED'; reason: string },
): Promise<void> {
  const response = await request.post(`${MOMO_CONTROL}/payees/${encodeURIComponent(phone)}`, { data: outcome });
  expect(response.status(), await response.text()).toBe(200);
}

/** The name MTN gives for the wallet `phone` (its basic user info). */
export async function setMomoAccountHolder(request: APIRequestContext, phone: string, firstName: string, lastName: string): Promise<void> {
  const response = await request.post(`${MOMO_CONTROL}/account-holders/${encodeURIComponent(phone)}`, { data: { firstName, lastName } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Sets the professional's payout method through the API. */
export async function savePayoutMethod(request: APIRequestContext, accessToken: string, phone: string): Promise<void> {
  const response = await request.put('/api/v1/me/payout-method', { headers: bearer(accessToken), data: { phone, network: 'mtn' } });
  expect(response.status(), await response.text()).toBe(200);
}

async function call<T>(request: APIRequestContext, token: string, method: 'get' | 'post', path: string, data?: unknown): Promise<T> {
  const response = await request[method](`/api/v1${path}`, { headers: bearer(token), ...(method === 'post' ? { data: data ?? {} } : {}) });
  expect(response.ok(), `${method.toUpperCase()} ${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * A day shift two days ahead, booked through the API the way production runs it: posted, accepted by
 * the (verified) professional and paid through the PesaPal simulator. Returns the job, `paid`.
 */
export async function paidShift(
  request: APIRequestContext,
  tokens: { institution: string; professional: string },
  rateAmount: number,
): Promise<{ id: string; pay: number }> {
  const job = await call<{ id: string; pay: number }>(request, tokens.institution, 'post', '/jobs', {
    role: 'nurse',
    date: kampalaDateIn(2),
    startTime: '08:00',
    endTime: '16:00',
    rateAmount,
    rateUnit: 'day',
    district: 'Kampala',
  });
  await call(request, tokens.professional, 'post', `/jobs/${job.id}/accept`);
  const payment = await call<{ orderTrackingId: string }>(request, tokens.institution, 'post', `/jobs/${job.id}/payments`, {
    method: 'mobile_money',
  });
  const settled = await request.post(`/pesapal-sim/__control/orders/${payment.orderTrackingId}/complete`, { data: {} });
  expect(settled.status(), await settled.text()).toBe(200);
  await expect
    .poll(async () => (await call<{ status: string }>(request, tokens.institution, 'get', `/jobs/${job.id}`)).status)
    .toBe('paid');
  return job;
}

/**
 * A paid shift (`paidShift`) worked: checked in and out with the attendance code. Returns the job,
 * `checked_out`, for the institution to approve or dispute.
 */
export async function workedShift(
  request: APIRequestContext,
  tokens: { institution: string; professional: string },
  rateAmount: number,
): Promise<{ id: string; pay: number }> {
  const job = await paidShift(request, tokens, rateAmount);
  await startShiftInDatabase(job.id);
  const { code } = await call<{ code: string }>(request, tokens.institution, 'get', `/jobs/${job.id}/attendance-code`);
  await call(request, tokens.professional, 'post', `/jobs/${job.id}/check-in`, { code });
  await call(request, tokens.professional, 'post', `/jobs/${job.id}/check-out`, { code });
  return job;
}

/** The institution approves the timesheet, which releases the payout. */
export async function approveTimesheet(request: APIRequestContext, institutionToken: string, jobId: string): Promise<void> {
  await call(request, institutionToken, 'post', `/jobs/${jobId}/complete`);
}

/** The institution disputes the timesheet. */
export async function disputeTimesheet(request: APIRequestContext, institutionToken: string, jobId: string, reason: string): Promise<void> {
  await call(request, institutionToken, 'post', `/jobs/${jobId}/dispute`, { reason });
}
