import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { uniquePhone } from '../../../test/support/factories.js';
import { call, fetchApi } from '../../../test/support/http.js';
import {
  completedJob,
  makeReadyProfessional,
  markPaid,
  nextKampalaDate,
  postJob,
  startShift,
} from '../../../test/support/job-factories.js';
import { startMomoSimulator } from '../../../test/support/payout-simulators.js';
import type { RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, makeProfessional, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { currentCode } from '../jobs/attendance-code.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from '../payouts/mtn/settings.js';
import { processPayout } from '../payouts/service.js';
import { SCREEN_LIMIT } from './menu.js';

const CALLBACK_KEY = 'ussd-callback-key-0123456789';
const PIN = '4821';
const SERVICE_CODE = '*165*9#';
let t: TestApp;
let baseUrl: string;
let institution: Institution;
let professional: Professional;
let jobIds: string[];
let momo: RunningSimulator;

beforeAll(async () => {
  // Payouts go to an MTN simulator of their own: the app's public URL here is not where it listens.
  momo = await startMomoSimulator();
  t = await startTestApp({
    listen: true,
    env: {
      AT_CALLBACK_KEY: CALLBACK_KEY,
      PUBLIC_URL: 'https://qgig.example',
      USSD_SERVICE_CODE: SERVICE_CODE,
      MOMO_BASE_URL: momo.baseUrl,
      MOMO_SUBSCRIPTION_KEY: MOMO_SIMULATOR_CREDENTIALS.subscriptionKey,
      MOMO_API_USER: MOMO_SIMULATOR_CREDENTIALS.apiUser,
      MOMO_API_KEY: MOMO_SIMULATOR_CREDENTIALS.apiKey,
      MOMO_TARGET_ENVIRONMENT: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    },
  });
  baseUrl = await t.listen();
  institution = await makeInstitution(t.app);
  professional = await makeReadyProfessional(t.app, t.ctx);
  jobIds = [
    (await postJob(t.app, institution.accessToken)).body.id,
    (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 9), rateAmount: 75_500 })).body.id,
  ];
  await setPin(professional.accessToken, PIN);
});
afterAll(async () => {
  await t?.close();
  await momo?.close();
});

async function lastCodeSentTo(userId: string): Promise<string> {
  const [sms] = rowsOf<{ text: string; kind: string }>(
    await t.ctx.db.execute(sql`SELECT text, kind FROM sms_messages WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT 1`),
  );
  expect(sms!.kind).toBe('ussd.pin-code');
  expect(sms!.text).toContain('for Qgig by USSD (*165*9#)');
  return /\b(\d{6})\b/.exec(sms!.text)![1]!;
}

async function setPin(token: string, pin: unknown) {
  return fetchApi(baseUrl, 'PUT', '/me/pin', { token, body: { pin } });
}

/** One USSD step as Africa's Talking posts it: form-encoded, over HTTP, with the callback key. */
async function dial(phone: string, text: string, sessionId: string = randomUUID(), key: string | null = CALLBACK_KEY) {
  const response = await fetch(`${baseUrl}/api/v1/ussd${key === null ? '' : `?key=${key}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId, serviceCode: SERVICE_CODE, phoneNumber: phone, networkCode: '64110', text }),
  });
  const body = await response.text();
  if (response.status === 200) {
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(body).toMatch(/^(CON|END) /);
    expect(body.length).toBeLessThanOrEqual(SCREEN_LIMIT + 4);
  }
  return { status: response.status, body };
}

async function sessionCount(): Promise<number> {
  return rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM ussd_sessions`))[0]!.n;
}

function expectScreen({ status, body }: { status: number; body: string }, screen: string | RegExp) {
  expect(status).toBe(200);
  if (typeof screen === 'string') expect(body).toBe(screen);
  else expect(body).toMatch(screen);
}

const MAIN = 'CON Qgig\n1. Shifts for you\n2. My next shift\n3. My payouts';
const LIST = /^CON Shifts for you:\n1\. \d{1,2}\/\d{1,2} 08:00-16:00 Wakiso 50K\n2\. \d{1,2}\/\d{1,2} 08:00-16:00 Wakiso 75\.5K\n0\. Back$/;
const DETAIL =
  /^CON teacher at St\. Mary’s Secondary School, Kisubi\n\w{3}, \d{1,2} \w{3} \d{4}, 08:00-16:00\nWakiso\nPay UGX 50,000\n1\. Accept\n0\. Back$/;

describe('the USSD menu, as a table of answers and screens', () => {
  const table: [what: string, text: string, screen: string | RegExp][] = [
    ['first step asks for the PIN', '', 'CON Welcome to Qgig.\nEnter your 4-digit PIN:'],
    ['the right PIN opens the menu', PIN, MAIN],
    ['1 lists the best open shifts: date, times, place, pay', `${PIN}*1`, LIST],
    ['choosing one shows it with 1. Accept', `${PIN}*1*1`, DETAIL],
    ['0 goes back to the list', `${PIN}*1*1*0`, LIST],
    ['0 twice goes back to the menu', `${PIN}*1*1*0*0`, MAIN],
    ['0 on the menu is wrong input', `${PIN}*0`, `CON Invalid choice.\n${MAIN.slice(4)}`],
    ['a choice not on the menu is said so, with the menu again', `${PIN}*9`, `CON Invalid choice.\n${MAIN.slice(4)}`],
    ['wrong input is passed over by the next step', `${PIN}*9*1`, LIST],
    ['a shift number not listed', `${PIN}*1*7`, /^CON Invalid choice\.\nShifts for you/],
    ['letters where a number goes', `${PIN}*1*abc`, /^CON Invalid choice\.\nShifts for you/],
    ['an injection string', `${PIN}*1'; DROP TABLE users;--`, `CON Invalid choice.\n${MAIN.slice(4)}`],
    ['unicode', `${PIN}*١`, `CON Invalid choice.\n${MAIN.slice(4)}`],
    ['anything but 1 or 0 on a shift', `${PIN}*1*1*5`, /^CON Invalid choice\.\nteacher at/],
    ['no shift booked yet', `${PIN}*2`, 'CON You have no shift booked.\n0. Back'],
    ['back from my next shift', `${PIN}*2*0`, MAIN],
    ['3 with no payouts yet', `${PIN}*3`, 'CON You have no payouts yet.\n0. Back'],
    ['nothing to choose among payouts', `${PIN}*3*1`, 'CON Invalid choice.\nYou have no payouts yet.\n0. Back'],
    ['back from my payouts', `${PIN}*3*0`, MAIN],
    ['a PIN that is not 4 digits is not counted', '12', 'END A Qgig PIN is 4 digits. Dial again to try.'],
    ['empty answers', `${PIN}***`, `CON Invalid choice.\n${MAIN.slice(4)}`],
  ];
  it.each(table)('%s (%j)', async (_what, text, screen) => {
    expectScreen(await dial(professional.phone, text), screen);
  });

  it('answers every step of one session, in order, with its screen', async () => {
    // How fast each step answers is measured by `npm run bench -- --only ussd`, not here.
    const session = randomUUID();
    const steps: [text: string, screen: string | RegExp][] = [
      ['', 'CON Welcome to Qgig.\nEnter your 4-digit PIN:'],
      [PIN, MAIN],
      [`${PIN}*1`, LIST],
      [`${PIN}*1*1`, DETAIL],
      [`${PIN}*1*1*0`, LIST],
      [`${PIN}*1*1*0*0`, MAIN],
    ];
    for (const [text, screen] of steps) expectScreen(await dial(professional.phone, text, session), screen);
  });
});

describe('who may use it', () => {
  it('sends an unregistered phone to the web address to register', async () => {
    expect((await dial(uniquePhone(), '')).body).toBe(
      'END This phone is not registered with Qgig. Register at https://qgig.example/register',
    );
    expect((await dial('not a phone', PIN)).body).toMatch(/^END This phone is not registered/);
  });

  it('is for active professionals only', async () => {
    expect((await dial(institution.phone, '')).body).toBe('END Qgig by USSD is for professionals. Use https://qgig.example');
    const suspended = await makeReadyProfessional(t.app, t.ctx);
    await setPin(suspended.accessToken, '1357');
    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${suspended.id}`);
    for (const text of ['', '1357', '1357*1'])
      expect((await dial(suspended.phone, text)).body).toBe('END Your Qgig account is suspended. Contact support@qgig.ug');
  });

  it('sets the PIN of a professional without one in the first session, after a code sent by SMS to the phone', async () => {
    const fresh = await makeProfessional(t.app);
    const codePrompt = 'CON To set your Qgig PIN, enter the 6-digit code we sent you by SMS:';
    const session = randomUUID();
    expect((await dial(fresh.phone, '', session)).body).toBe(codePrompt);
    const code = await lastCodeSentTo(fresh.id);
    expect((await dial(fresh.phone, code, session)).body).toBe('CON Choose a 4-digit PIN:');
    expect((await dial(fresh.phone, `${code}*12`, session)).body).toBe('CON A PIN is 4 digits.\nChoose a 4-digit PIN:');
    expect((await dial(fresh.phone, `${code}*12*1357`, session)).body).toBe('CON Type the same PIN again:');
    expect((await dial(fresh.phone, `${code}*12*1357*2468`, session)).body).toBe('END The two PINs differ. Dial again to start over.');
    expect((await dial(fresh.phone, `${code}*12*1357*1357`, session)).body).toBe(
      'END Your Qgig PIN is set. Dial *165*9# again and enter it to use Qgig.',
    );
    // Set once: a replay with another PIN is a session of someone who has a PIN, and changes nothing.
    expect((await dial(fresh.phone, `${code}*2468*2468`, session)).body).toBe('END A Qgig PIN is 4 digits. Dial again to try.');
    expect((await dial(fresh.phone, '1357')).body).toBe(MAIN);
  });

  it('GET /me tells a professional the USSD code and whether a PIN is set, and others nothing', async () => {
    const fresh = await makeProfessional(t.app);
    const me = async (token: string) => (await fetchApi(baseUrl, 'GET', '/me', { token })).body as { ussd: unknown };
    expect((await me(professional.accessToken)).ussd).toEqual({ serviceCode: SERVICE_CODE, pinSet: true });
    expect((await me(fresh.accessToken)).ussd).toEqual({ serviceCode: SERVICE_CODE, pinSet: false });
    expect((await setPin(fresh.accessToken, '1357')).status).toBe(204);
    expect((await me(fresh.accessToken)).ussd).toEqual({ serviceCode: SERVICE_CODE, pinSet: true });
    expect((await me(institution.accessToken)).ussd).toBeNull();
  });

  it('a wrong code sets no PIN, and the fourth code for one phone within an hour is refused', async () => {
    const fresh = await makeProfessional(t.app);
    const codePrompt = 'CON To set your Qgig PIN, enter the 6-digit code we sent you by SMS:';
    expect((await dial(fresh.phone, '')).body).toBe(codePrompt);
    const wrong = (await lastCodeSentTo(fresh.id)) === '000000' ? '111111' : '000000';
    expect((await dial(fresh.phone, `${wrong}*1357*1357`)).body).toBe('END That code is wrong or has expired. Dial again for a new one.');
    expect((await dial(fresh.phone, '12')).body).toBe('END A code is 6 digits. Dial again for a new code.');
    expect((await dial(fresh.phone, '')).body).toBe(codePrompt);
    expect((await dial(fresh.phone, '')).body).toBe(codePrompt);
    expect((await dial(fresh.phone, '')).body).toBe('END Too many codes were sent to this phone. Try again in an hour.');
    expect(rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM ussd_pins WHERE user_id = ${fresh.id}`))).toHaveLength(0);
  });

  it('forgets the PIN and the session lists when the account is erased; the phone is then unregistered', async () => {
    const leaving = await makeReadyProfessional(t.app, t.ctx);
    await setPin(leaving.accessToken, '9753');
    const session = randomUUID();
    expect((await dial(leaving.phone, '9753*1', session)).status).toBe(200);
    expect((await fetchApi(baseUrl, 'DELETE', '/me', { token: leaving.accessToken })).status).toBe(204);
    const left = rowsOf(
      await t.ctx.db.execute(
        sql`SELECT 1 FROM ussd_pins WHERE user_id = ${leaving.id} UNION ALL SELECT 1 FROM ussd_sessions WHERE user_id = ${leaving.id}
            UNION ALL SELECT 1 FROM ussd_pin_checks WHERE user_id = ${leaving.id}`,
      ),
    );
    expect(left).toEqual([]);
    expect((await dial(leaving.phone, '9753', session)).body).toMatch(/^END This phone is not registered/);
  });

  it('answers 404 without the callback key, and a 4xx for a malformed form', async () => {
    expect((await dial(professional.phone, '', randomUUID(), null)).status).toBe(404);
    expect((await dial(professional.phone, '', randomUUID(), 'wrong')).status).toBe(404);
    const missing = await fetch(`${baseUrl}/api/v1/ussd?key=${CALLBACK_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phoneNumber: professional.phone, text: '' }),
    });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses a control character (a NUL PostgreSQL cannot store) in any field with 422, and starts no session', async () => {
    const sessionsBefore = await sessionCount();
    for (const [sessionId, text] of [
      [`${randomUUID()}\u0000`, ''],
      [randomUUID(), '1\u0000'],
      [randomUUID(), '1\n2'],
    ] as const) {
      const refused = await dial(professional.phone, text, sessionId);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatch(/control characters/);
    }
    expect((await dial(`${professional.phone}\u0000`, '')).status).toBe(422);
    expect(await sessionCount()).toBe(sessionsBefore);
  });
});

describe('the PIN', () => {
  it('PUT /me/pin stores an argon2id hash; 4 digits only, professionals only', async () => {
    const someone = await makeReadyProfessional(t.app, t.ctx);
    expect((await setPin(someone.accessToken, '0912')).status).toBe(204);
    const [row] = rowsOf<{ pin_hash: string }>(await t.ctx.db.execute(sql`SELECT pin_hash FROM ussd_pins WHERE user_id = ${someone.id}`));
    expect(row!.pin_hash).toMatch(/^\$argon2id\$/);
    expect(row!.pin_hash).not.toContain('0912');
    for (const pin of ['123', '12345', 'abcd', '12 4', '١٢٣٤', 1234, null])
      expect((await setPin(someone.accessToken, pin)).status).toBe(422);
    const malformed = await fetch(`${baseUrl}/api/v1/me/pin`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${someone.accessToken}`, 'content-type': 'application/json' },
      body: '{"pin":',
    });
    expect(malformed.status).toBe(400);
    expect((await setPin(institution.accessToken, '0912')).status).toBe(403);
    expect((await fetchApi(baseUrl, 'PUT', '/me/pin', { body: { pin: '0912' } })).status).toBe(401);
    expect((await dial(someone.phone, '0912')).body).toBe(MAIN);
  });

  it('locks USSD for the phone for 15 minutes after 3 wrong PINs in any sessions; a right PIN resets the count; a new PIN lifts the lock', async () => {
    const someone = await makeReadyProfessional(t.app, t.ctx);
    await setPin(someone.accessToken, '1111');
    expect((await dial(someone.phone, '2222')).body).toBe('END Wrong PIN. 2 tries left.');
    expect((await dial(someone.phone, '1111')).body).toBe(MAIN);
    expect((await dial(someone.phone, '2222')).body).toBe('END Wrong PIN. 2 tries left.');
    expect((await dial(someone.phone, '3333')).body).toBe('END Wrong PIN. 1 try left.');
    expect((await dial(someone.phone, '4444')).body).toBe('END Wrong PIN. Qgig USSD is locked for 15 minutes.');
    const locked = 'END Too many wrong PINs. Try again in 15 min, or set a new PIN on the Qgig website.';
    expect((await dial(someone.phone, '')).body).toBe(locked);
    expect((await dial(someone.phone, '1111')).body).toBe(locked);
    expect((await dial(someone.phone, '1111*1')).body).toBe(locked);
    const [row] = rowsOf<{ minutes: number }>(
      await t.ctx.db.execute(
        sql`SELECT extract(epoch FROM locked_until - now()) / 60 AS minutes FROM ussd_pins WHERE user_id = ${someone.id}`,
      ),
    );
    expect(Number(row!.minutes)).toBeGreaterThan(14);
    expect(Number(row!.minutes)).toBeLessThanOrEqual(15);
    // Fifteen minutes later the right PIN opens the menu again.
    await t.ctx.db.execute(sql`UPDATE ussd_pins SET locked_until = now() - interval '1 second' WHERE user_id = ${someone.id}`);
    expect((await dial(someone.phone, '1111')).body).toBe(MAIN);
    for (const pin of ['5555', '6666', '7777']) await dial(someone.phone, pin);
    expect((await dial(someone.phone, '')).body).toBe(locked);
    expect((await setPin(someone.accessToken, '8080')).status).toBe(204);
    expect((await dial(someone.phone, '8080')).body).toBe(MAIN);
  });

  it('is checked with argon2 once per session: later steps compare it with the session’s check, which a new PIN or 5 minutes end', async () => {
    const someone = await makeReadyProfessional(t.app, t.ctx);
    await setPin(someone.accessToken, '1357');
    const session = randomUUID();
    expect((await dial(someone.phone, '1357', session)).body).toBe(MAIN);
    const [check] = rowsOf<{ pin_digest: string }>(
      await t.ctx.db.execute(sql`SELECT pin_digest FROM ussd_pin_checks WHERE session_id = ${session} AND user_id = ${someone.id}`),
    );
    expect(check!.pin_digest).not.toContain('1357');

    // The stored hash swapped for another PIN's, its time kept: only a step that ran argon2 would notice.
    const otherHash = rowsOf<{ pin_hash: string }>(
      await t.ctx.db.execute(sql`SELECT pin_hash FROM ussd_pins WHERE user_id = ${professional.id}`),
    )[0]!.pin_hash;
    await t.ctx.db.execute(sql`UPDATE ussd_pins SET pin_hash = ${otherHash} WHERE user_id = ${someone.id}`);
    expectScreen(await dial(someone.phone, '1357*1', session), /^CON Shifts for you:/);
    expect((await dial(someone.phone, '1357*1')).body).toBe('END Wrong PIN. 2 tries left.');
    // Another PIN typed into the checked session is still wrong.
    expect((await dial(someone.phone, '2468*1', session)).body).toBe('END Wrong PIN. 1 try left.');

    // A check lapses after 5 minutes, and one made before the PIN last changed counts for nothing.
    await t.ctx.db.execute(
      sql`UPDATE ussd_pin_checks SET checked_at = now() - interval '5 minutes 1 second' WHERE session_id = ${session}`,
    );
    expect((await dial(someone.phone, '1357*1', session)).body).toBe('END Wrong PIN. Qgig USSD is locked for 15 minutes.');
    expect((await setPin(someone.accessToken, '1357')).status).toBe(204);
    const next = randomUUID();
    expect((await dial(someone.phone, '1357', next)).body).toBe(MAIN);
    expect((await setPin(someone.accessToken, '8642')).status).toBe(204);
    expect((await dial(someone.phone, '1357*1', next)).body).toBe('END Wrong PIN. 2 tries left.');
    expect((await dial(someone.phone, '8642*1', next)).body).toMatch(/^CON Shifts for you:/);
  });

  it('counts wrong PINs typed at the same moment one by one: exactly one of three locks', async () => {
    const someone = await makeReadyProfessional(t.app, t.ctx);
    await setPin(someone.accessToken, '1111');
    const answers = (await Promise.all(['2222', '3333', '4444'].map((pin) => dial(someone.phone, pin))))
      .map((answer) => answer.body)
      .sort();
    expect(answers).toEqual([
      'END Wrong PIN. 1 try left.',
      'END Wrong PIN. 2 tries left.',
      'END Wrong PIN. Qgig USSD is locked for 15 minutes.',
    ]);
  });
});

describe('acting from the menu', () => {
  it('accepts a listed shift through the same accept as the web; a shift taken meanwhile is said so', async () => {
    const session = randomUUID();
    expect((await dial(professional.phone, `${PIN}*1`, session)).body).toMatch(LIST);
    // Someone else takes the second shift on the web while this session shows the list.
    const rival = await makeReadyProfessional(t.app, t.ctx, {}, 'Apio Grace');
    expect((await call(t.app, 'POST', `/jobs/${jobIds[1]}/accept`, { token: rival.accessToken })).status).toBe(200);
    expect((await dial(professional.phone, `${PIN}*1*2*1`, session)).body).toBe('END Sorry, that shift was taken or is no longer open.');
    const won = await dial(professional.phone, `${PIN}*1*1*1`, session);
    expect(won.body).toMatch(
      /^END The shift is yours: teacher at St\. Mary’s Secondary School, Kisubi, \w{3}, .* 08:00-16:00, Wakiso, pay UGX 50,000\. See it under 2\. My next shift\.$/,
    );
    const assignees = rowsOf<{ job_id: string; professional_id: string }>(
      await t.ctx.db.execute(
        sql`SELECT job_id, professional_id FROM job_assignees WHERE job_id IN (${jobIds[0]}, ${jobIds[1]}) ORDER BY job_id`,
      ),
    );
    expect(assignees).toHaveLength(2);
    expect(assignees.find((row) => row.job_id === jobIds[0])!.professional_id).toBe(professional.id);
    expect(assignees.find((row) => row.job_id === jobIds[1])!.professional_id).toBe(rival.id);
    const job = await call(t.app, 'GET', `/jobs/${jobIds[0]}`, { token: professional.accessToken });
    expect(job.body.status).toBe('assigned');
  });

  it('shows my next shift, and checks in and out with the code shown at the institution', async () => {
    const jobId = jobIds[0]!;
    expect((await dial(professional.phone, `${PIN}*2`)).body).toMatch(
      /^CON teacher at .*\n.*\nWakiso\nWaiting for the institution to pay\.\n0\. Back$/,
    );
    expect((await dial(professional.phone, `${PIN}*2*1`)).body).toMatch(/^CON Invalid choice\.\nteacher at/);
    await markPaid(t.ctx, jobId);
    await startShift(t.ctx, jobId);
    expect((await dial(professional.phone, `${PIN}*2`)).body).toMatch(/\nPaid\. Check in when you arrive\.\n1\. Check in\n0\. Back$/);
    const session = randomUUID();
    const prompt = 'CON Type the 6-digit code shown at the institution to check in:\n0. Back';
    expect((await dial(professional.phone, `${PIN}*2*1`, session)).body).toBe(prompt);
    expect((await dial(professional.phone, `${PIN}*2*1*12`, session)).body).toBe(`CON Invalid choice.\n${prompt.slice(4)}`);
    const wrong = (await currentCode(t.ctx.config.jwtSecret, jobId)).code === '000000' ? '111111' : '000000';
    expect((await dial(professional.phone, `${PIN}*2*1*${wrong}`, session)).body).toBe(
      `CON That code is wrong or expired.\n${prompt.slice(4)}`,
    );
    const { code } = await currentCode(t.ctx.config.jwtSecret, jobId);
    const checkedIn = await dial(professional.phone, `${PIN}*2*1*${wrong}*${code}`, session);
    expect(checkedIn.body).toMatch(/^END Checked in at \d{2}:\d{2}\. Have a good shift\.$/);
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: professional.accessToken })).body.status).toBe('checked_in');
    expect((await dial(professional.phone, `${PIN}*2`)).body).toMatch(/\nChecked in at \d{2}:\d{2}\.\n1\. Check out\n0\. Back$/);
    const out = await dial(professional.phone, `${PIN}*2*1*${(await currentCode(t.ctx.config.jwtSecret, jobId)).code}`);
    expect(out.body).toMatch(/^END Checked out\. You worked \d+ min\.$/);
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: professional.accessToken })).body.status).toBe('checked_out');
    expect((await dial(professional.phone, `${PIN}*2`)).body).toBe('CON You have no shift booked.\n0. Back');
  });

  it('confirms my next shift from 48 h before its start', async () => {
    const someone = await makeReadyProfessional(t.app, t.ctx);
    await setPin(someone.accessToken, '1357');
    const jobId = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(2, 30) })).body.id as string;
    expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: someone.accessToken })).status).toBe(200);
    await markPaid(t.ctx, jobId);
    // Days ahead: nothing to confirm yet.
    expect((await dial(someone.phone, '1357*2')).body).toMatch(/\n1\. Check in\n0\. Back$/);
    expect((await dial(someone.phone, '1357*2*2')).body).toMatch(/^CON Invalid choice\./);
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() + interval '48 hours', ends_at = now() + interval '56 hours' WHERE id = ${jobId}`,
    );
    const screen = (await dial(someone.phone, '1357*2')).body;
    expect(screen).toMatch(/\nPaid\. Check in when you arrive\.\n1\. Check in\n2\. Confirm\n0\. Back$/);
    expect(screen.length).toBeLessThanOrEqual(SCREEN_LIMIT + 4);
    expect((await dial(someone.phone, '1357*2*2')).body).toMatch(
      /^END Confirmed: teacher at St\. Mary’s Secondary School, Kisubi, \w{3}, .*-16:00\. See you there\.$/,
    );
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body.confirmedAt).toEqual(expect.any(String));
    expect((await dial(someone.phone, '1357*2')).body).toMatch(/\n1\. Check in\nYou confirmed\.\n0\. Back$/);
  });

  it('keeps a long list on one screen', async () => {
    const other = await makeInstitution(t.app);
    const someone = await makeReadyProfessional(t.app, t.ctx, {
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
    });
    await setPin(someone.accessToken, '2468');
    for (let day = 2; day < 8; day++)
      await postJob(t.app, other.accessToken, {
        date: nextKampalaDate(day % 7, 3),
        startTime: '07:30',
        endTime: '19:45',
        rateAmount: 1_250_000,
      });
    const { body } = await dial(someone.phone, '2468*1');
    expect(body.split('\n')).toHaveLength(7);
    expect(body.length).toBeLessThanOrEqual(SCREEN_LIMIT + 4);
    expect(body).toMatch(/\n5\. \d{1,2}\/\d{1,2} 07:30-19:45 \w+\.? 1\.3M\n0\. Back$/);
  });
});

describe('3. My payouts', () => {
  const PAYOUT_PIN = '3690';
  let paid: Professional;

  beforeAll(async () => {
    paid = await makeReadyProfessional(t.app, t.ctx, {
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
    });
    await setPin(paid.accessToken, PAYOUT_PIN);
    const jobId = await completedJob(t.app, t.ctx, institution, paid, { date: nextKampalaDate(3, 4), rateAmount: 62_500 });
    const method = { phone: '0772 555 401', network: 'mtn' };
    expect((await call(t.app, 'PUT', '/me/payout-method', { token: paid.accessToken, body: method })).status).toBe(200);
    const [payout] = rowsOf<{ id: string }>(await t.ctx.db.execute(sql`SELECT id FROM payouts WHERE job_id = ${jobId}`));
    await processPayout(t.ctx, payout!.id);
  });

  // Paid today, in Kampala: "d/M".
  const today = () => {
    const [, month, day] = new Date().toLocaleDateString('en-CA', { timeZone: 'Africa/Kampala' }).split('-').map(Number);
    return `${day}/${month}`;
  };
  const table: [what: string, text: string, screen: () => string][] = [
    ['lists the payout: amount, paid, the day', `${PAYOUT_PIN}*3`, () => `CON My payouts:\nUGX 62,500 paid ${today()}\n0. Back`],
    ['back to the menu', `${PAYOUT_PIN}*3*0`, () => MAIN],
    [
      'a number on the list is no choice',
      `${PAYOUT_PIN}*3*1`,
      () => `CON Invalid choice.\nMy payouts:\nUGX 62,500 paid ${today()}\n0. Back`,
    ],
  ];
  it.each(table)('%s (%j)', async (_what, text, screen) => {
    const { status, body } = await dial(paid.phone, text);
    expect(status).toBe(200);
    expect(body).toBe(screen());
  });
});
