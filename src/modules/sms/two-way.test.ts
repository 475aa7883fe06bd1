import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { uniquePhone } from '../../../test/support/factories.js';
import { fetchApi } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, makeProfessional, type Institution } from '../../../test/support/profile-factories.js';

const CALLBACK_KEY = 'two-way-key-0123456789abcdef';
let t: TestApp;
let baseUrl: string;
let institution: Institution;
let codes = 1000;

beforeAll(async () => {
  t = await startTestApp({ listen: true, env: { AT_CALLBACK_KEY: CALLBACK_KEY, SMS_QUIET_HOURS: 'off' } });
  baseUrl = await t.listen();
  institution = await makeInstitution(t.app);
});
afterAll(() => t?.close());

/** An SMS to the shortcode as Africa's Talking posts it (form-encoded, `date` in one of its two formats). */
function inbound(from: string, text: string, id: string = randomUUID()) {
  return fetch(`${baseUrl}/api/v1/sms/inbound?key=${CALLBACK_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from, to: '21284', text, date: '2026-12-06T06:04:45Z', id, linkId: '03090445075804249226' }),
  });
}

/** A shift offered to the professional by SMS with a fresh code, as offerShift records it. */
async function offer(professional: { id: string; phone: string }, jobId: string): Promise<string> {
  const code = String((codes += 1));
  await t.ctx.db.execute(
    sql`INSERT INTO shift_offers (job_id, professional_id, phone, code, expires_at) VALUES (${jobId}, ${professional.id}, ${professional.phone}, ${code}, now() + interval '1 day')`,
  );
  return code;
}

/** A ready professional offered by SMS a morning shift on a `weekday` at least `minDaysAhead` away, and a new message id. */
async function offeredMorningShift(weekday: number, minDaysAhead: number) {
  const professional = await makeReadyProfessional(t.app, t.ctx);
  const date = nextKampalaDate(weekday, minDaysAhead);
  const jobId = (await postJob(t.app, institution.accessToken, { date, startTime: '08:00', endTime: '12:00' })).body.id as string;
  return { professional, jobId, code: await offer(professional, jobId), id: `ATXid_${randomUUID()}` };
}

async function repliesTo(phone: string): Promise<{ kind: string; text: string; sender: string }[]> {
  return rowsOf(await t.ctx.db.execute(sql`SELECT kind, text, sender FROM sms_messages WHERE phone = ${phone} ORDER BY created_at`));
}

async function assigneeOf(jobId: string): Promise<string[]> {
  return rowsOf<{ professional_id: string }>(
    await t.ctx.db.execute(sql`SELECT professional_id FROM job_assignees WHERE job_id = ${jobId}`),
  ).map((row) => row.professional_id);
}

describe('YES <code> by SMS', () => {
  it('accepts the offered shift (any case, extra spaces), answered from the shortcode with a link; a replayed callback does nothing twice', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const jobId = (await postJob(t.app, institution.accessToken)).body.id;
    const code = await offer(professional, jobId);
    const id = randomUUID();
    expect((await inbound(professional.phone, `  yEs   ${code} `, id)).status).toBe(200);
    expect(await assigneeOf(jobId)).toEqual([professional.id]);
    const [reply] = await repliesTo(professional.phone);
    expect(reply).toMatchObject({ kind: 'sms.accept', sender: 'shortcode' });
    expect(reply!.text).toMatch(
      /^Qgig: the shift is yours: teacher, \w{3}, \d{1,2} \w{3} \d{4}, 08:00-16:00, Wakiso\. http\S+\/j\/[\w-]{22}$/,
    );
    expect(reply!.text.length).toBeLessThanOrEqual(160);
    // Africa's Talking sends the same callback again (no 200 seen): acknowledged, nothing done or sent twice.
    expect((await inbound(professional.phone, `YES ${code}`, id)).status).toBe(200);
    expect(await repliesTo(professional.phone)).toHaveLength(1);
    const stored = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM inbound_sms WHERE provider_message_id = ${id}`));
    expect(stored).toHaveLength(1);
  });

  it('answers a wrong or missing code, an unverified or suspended professional, and says nothing to an unknown phone', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const jobId = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 9) })).body.id;
    const code = await offer(professional, jobId);
    const other = await makeReadyProfessional(t.app, t.ctx);
    await inbound(professional.phone, 'YES 9999');
    await inbound(professional.phone, 'yes');
    await inbound(professional.phone, 'YES 12345');
    await inbound(other.phone, `YES ${code}`);
    const unverified = await makeProfessional(t.app);
    await inbound(unverified.phone, `YES ${await offer(unverified, jobId)}`);
    await inbound(uniquePhone().replace(/^0/, '+256'), `YES ${code}`);
    expect((await repliesTo(professional.phone)).map((reply) => reply.text)).toEqual([
      'Qgig: no open offer to this phone has the code 9999. It may have expired.',
      'Qgig: to take a shift, reply YES and the 4-digit code from the offer, e.g. YES 1234.',
      'Qgig: to take a shift, reply YES and the 4-digit code from the offer, e.g. YES 1234.',
    ]);
    expect((await repliesTo(other.phone)).map((reply) => reply.text)).toEqual([
      `Qgig: no open offer to this phone has the code ${code}. It may have expired.`,
    ]);
    expect((await repliesTo(unverified.phone)).map((reply) => reply.text)).toEqual([
      'Qgig: Only verified professionals can take shifts: upload your documents on the Qgig website.',
    ]);
    expect(await assigneeOf(jobId)).toEqual([]);
    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${professional.id}`);
    await inbound(professional.phone, `YES ${code}`);
    expect((await repliesTo(professional.phone)).at(-1)!.text).toBe('Qgig: your account is suspended, so it cannot take shifts.');
    expect(await assigneeOf(jobId)).toEqual([]);
  });

  it('CONFIRM confirms the soonest shift awaiting confirmation, CONFIRM <code> the shift with that code; each refusal is a sentence', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const reply = async () => (await repliesTo(professional.phone)).at(-1);
    await inbound(professional.phone, 'confirm');
    expect(await reply()).toMatchObject({
      kind: 'sms.confirm',
      sender: 'shortcode',
      text: 'Qgig: You have no booked shift waiting to be confirmed.',
    });

    const book = async (weekday: number, startsIn: string) => {
      const jobId = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(weekday, 20) })).body.id as string;
      expect((await fetchApi(baseUrl, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).status).toBe(200);
      if (startsIn)
        await t.ctx.db.execute(
          sql`UPDATE jobs SET starts_at = now() + ${startsIn}::interval, ends_at = now() + ${startsIn}::interval + interval '8 hours' WHERE id = ${jobId}`,
        );
      return jobId;
    };
    const confirmedAt = async (jobId: string) =>
      (await fetchApi(baseUrl, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body.confirmedAt as string | null;

    const later = await book(2, '');
    await inbound(professional.phone, 'CONFIRM');
    expect((await reply())!.text).toMatch(/^Qgig: You can confirm from 48 hours before the shift starts, from \w{3}, .*\.$/);
    expect(await confirmedAt(later)).toBeNull();

    const soon = await book(3, '20 hours');
    await inbound(professional.phone, ' Confirm ');
    expect((await reply())!.text).toMatch(/^Qgig: Confirmed: teacher at .*, \w{3}, .*\. See you there\.$/);
    expect(await confirmedAt(soon)).toEqual(expect.any(String));

    const coded = await book(4, '30 hours');
    const code = await offer(professional, coded);
    await inbound(professional.phone, 'CONFIRM 9999');
    expect((await reply())!.text).toBe('Qgig: no shift of yours has the code 9999.');
    await inbound(professional.phone, 'CONFIRM ME');
    expect((await reply())!.text).toBe('Qgig: to confirm your next shift, reply CONFIRM, or CONFIRM and the 4-digit code of the shift.');
    expect(await confirmedAt(coded)).toBeNull();
    await inbound(professional.phone, `confirm ${code}`);
    expect((await reply())!.text).toMatch(/^Qgig: Confirmed: /);
    expect(await confirmedAt(coded)).toEqual(expect.any(String));

    const stranger = uniquePhone().replace(/^0/, '+256');
    await inbound(stranger, 'CONFIRM');
    expect(await repliesTo(stranger)).toEqual([]);
  });

  it('a YES racing a web accept of the same shift: exactly one winner, and the SMS tells the truth', async () => {
    for (let round = 0; round < 6; round++) {
      const bySms = await makeReadyProfessional(t.app, t.ctx, {}, 'Nakato Sarah');
      const byWeb = await makeReadyProfessional(t.app, t.ctx, {}, 'Apio Grace');
      const jobId = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 2 + 7 * round) })).body.id;
      const code = await offer(bySms, jobId);
      const [sms, web] = await Promise.all([
        inbound(bySms.phone, `YES ${code}`),
        fetchApi(baseUrl, 'POST', `/jobs/${jobId}/accept`, { token: byWeb.accessToken }),
      ]);
      expect(sms.status).toBe(200);
      const winners = await assigneeOf(jobId);
      expect(winners).toHaveLength(1);
      const [reply] = await repliesTo(bySms.phone);
      if (winners[0] === byWeb.id) {
        expect(web.status).toBe(200);
        expect(reply!.text).toBe('Qgig: Sorry, that shift was taken or is no longer open.');
      } else {
        expect(winners[0]).toBe(bySms.id);
        expect(web.status).toBe(409);
        expect(reply!.text).toMatch(/^Qgig: the shift is yours/);
      }
    }
  });

  it('many replays of one message at once: acted on once', async () => {
    const { professional, jobId, code, id } = await offeredMorningShift(3, 9);
    const answers = await Promise.all(Array.from({ length: 8 }, () => inbound(professional.phone, `YES ${code}`, id)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(await assigneeOf(jobId)).toEqual([professional.id]);
    expect(await repliesTo(professional.phone)).toHaveLength(1);
  });

  it('refuses a control character (a NUL PostgreSQL cannot store) in the sender, the id or the text with 422, and acts on nothing', async () => {
    const { professional, jobId, code, id } = await offeredMorningShift(4, 9);
    for (const [from, text, messageId] of [
      [`${professional.phone}\u0000`, `YES ${code}`, id],
      [professional.phone, `YES ${code}`, `${id}\u0000`],
      [professional.phone, `YES\u0000${code}`, id],
    ] as const) {
      const refused = await inbound(from, text, messageId);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect(await assigneeOf(jobId)).toEqual([]);
    expect(rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM inbound_sms WHERE provider_message_id = ${id}`))).toHaveLength(0);
    // A line break is a person's text, not a control character to refuse.
    expect((await inbound(professional.phone, `YES ${code}\n`, id)).status).toBe(200);
    expect(await assigneeOf(jobId)).toEqual([professional.id]);
  });
});
