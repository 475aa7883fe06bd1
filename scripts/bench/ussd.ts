/**
 * The USSD case: the signed-in professionals are given a PIN, then walked through sessions as Africa's
 * Talking posts them (form-encoded, `text` holding every answer so far): the PIN, the shifts for
 * them, the first shift, back twice to the menu.
 */
import { randomUUID } from 'node:crypto';
import type { BenchRequest } from './cases.js';
import { AT_CALLBACK_KEY } from './processes.js';

const PIN = '4821';
const STEPS = ['', PIN, `${PIN}*1`, `${PIN}*1*1`, `${PIN}*1*1*0`, `${PIN}*1*1*0*0`];
export const USSD_SESSION_STEPS = STEPS.length;
/** Distinct session ids before the list cycles (each session lists and keeps its shifts once). */
const SESSIONS = 2_000;
/** AT's MTN Uganda network code. */
const NETWORK_CODE = '64110';

async function answered(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response;
}

/** Sets the PIN of each professional through the API and returns their phones. */
async function givePins(apiUrl: string, tokens: string[]): Promise<string[]> {
  const phones: string[] = [];
  for (const token of tokens) {
    const authorization = `Bearer ${token}`;
    await answered(
      await fetch(`${apiUrl}/me/pin`, {
        method: 'PUT',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ pin: PIN }),
      }),
      'PUT /me/pin',
    );
    const me = (await (await answered(await fetch(`${apiUrl}/me`, { headers: { authorization } }), 'GET /me')).json()) as {
      user: { phone: string | null };
    };
    if (me.user.phone) phones.push(me.user.phone);
  }
  if (phones.length === 0) throw new Error('No signed-in professional has a phone for USSD; seed the database again.');
  return phones;
}

/** Every step of `SESSIONS` sessions, in order, each session on the next professional's phone (sent as handsets do: see `stepsPerSession`). */
export async function ussdSessionRequests(apiUrl: string, tokens: string[], serviceCode: string): Promise<BenchRequest[]> {
  const phones = await givePins(apiUrl, tokens);
  return Array.from({ length: SESSIONS }, (_, session) => {
    const sessionId = `bench-${randomUUID()}`;
    const phoneNumber = phones[session % phones.length]!;
    return STEPS.map((text) => ({
      method: 'POST' as const,
      path: `/ussd?key=${AT_CALLBACK_KEY}`,
      form: { sessionId, serviceCode, phoneNumber, networkCode: NETWORK_CODE, text },
    }));
  }).flat();
}
