import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { fetchApi, type CallOptions, type JsonResponse } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, validJob } from '../../../test/support/job-factories.js';
import { eventually } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { sessionStates } from '../accounts/repository.js';
import { eligibilityOf } from '../jobs/repository.js';
import { FAVOURITES } from '../reliability/rules.js';
import { headStartEnd } from './service.js';

const HEAD_START_MINUTES = 10;
const MINUTE = 60_000;

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true, workers: true, env: { SMS_QUIET_HOURS: 'off' } });
  baseUrl = await t.listen();
});
afterAll(() => t?.close());

const api = (method: string, url: string, options: CallOptions = {}): Promise<JsonResponse> => fetchApi(baseUrl, method, url, options);

/** A shift starting at the first whole Kampala minute at or after `msAhead` from now (its end two hours later). */
function startingIn(msAhead: number, round: 'up' | 'down' = 'up'): Record<string, string> {
  const at = DateTime.fromMillis(Date.now() + msAhead).setZone('Africa/Kampala');
  const start =
    round === 'down' ? at.startOf('minute') : at.startOf('minute').plus({ minutes: at.second > 0 || at.millisecond > 0 ? 1 : 0 });
  return { date: start.toISODate()!, startTime: start.toFormat('HH:mm'), endTime: start.plus({ hours: 2 }).toFormat('HH:mm') };
}

async function post(
  institution: Institution,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; headStartEndsAt: string | null }> {
  const response = await api('POST', '/jobs', { token: institution.accessToken, body: validJob(overrides) });
  expect(response.status).toBe(201);
  return response.body;
}

const favourite = (institution: Institution, professional: { id: string }) =>
  api('PUT', `/me/favourites/${professional.id}`, { token: institution.accessToken });

const browseIds = async (user: { accessToken: string }, query = '?limit=100'): Promise<string[]> => {
  const response = await api('GET', `/jobs${query}`, { token: user.accessToken });
  expect(response.status).toBe(200);
  return response.body.items.map((job: { id: string }) => job.id);
};

const recommendedIds = async (user: { accessToken: string }): Promise<string[]> => {
  const response = await api('GET', '/me/recommended-jobs?limit=100', { token: user.accessToken });
  expect(response.status).toBe(200);
  return response.body.items.map((item: { job: { id: string } }) => item.job.id);
};

const matchIds = async (institution: Institution, jobId: string): Promise<string[]> => {
  const response = await api('GET', `/jobs/${jobId}/matches?limit=100`, { token: institution.accessToken });
  expect(response.status).toBe(200);
  return response.body.items.map((match: { professionalId: string }) => match.professionalId);
};

/** Ends a job's head start by moving it into the past (the test's stand-in for time passing), then lets the offering task run. */
async function endHeadStartNow(jobId: string): Promise<void> {
  await t.ctx.db.execute(sql`UPDATE jobs SET head_start_ends_at = now() - interval '1 second' WHERE id = ${jobId}`);
  await fastForwardTasks(t.ctx, 'sms.offer-shift');
  await eventually(async () => {
    const [row] = rowsOf<{ ends: Date | null }>(
      await t.ctx.db.execute(sql`SELECT head_start_ends_at AS ends FROM jobs WHERE id = ${jobId}`),
    );
    return row!.ends === null ? true : undefined;
  });
}

describe('favourites', () => {
  it('PUT is idempotent, GET lists name, roles, rating and reliability score, DELETE unmarks; unknown or non-professional ids are 404', async () => {
    const institution = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx, {}, 'Auma Ruth');
    expect((await favourite(institution, professional)).status).toBe(204);
    expect((await favourite(institution, professional)).status).toBe(204);
    const list = await api('GET', '/me/favourites', { token: institution.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        professionalId: professional.id,
        name: 'Auma Ruth',
        roles: ['teacher'],
        ratingAverage: null,
        ratingCount: 0,
        reliabilityScore: 100,
      }),
    ]);
    const unknown = await api('PUT', '/me/favourites/00000000-0000-4000-8000-000000000000', { token: institution.accessToken });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const other = await makeInstitution(t.app);
    expect((await favourite(institution, other)).status).toBe(404);
    expect((await api('PUT', `/me/favourites/${professional.id}`, { token: professional.accessToken })).status).toBe(403);
    expect((await api('DELETE', `/me/favourites/${professional.id}`, { token: institution.accessToken })).status).toBe(204);
    expect((await api('GET', '/me/favourites', { token: institution.accessToken })).body.items).toEqual([]);
  });
});

describe('the head start', () => {
  let institution: Institution;
  let fan: Professional;
  let other: Professional;

  beforeAll(async () => {
    institution = await makeInstitution(t.app);
    fan = await makeReadyProfessional(t.app, t.ctx, {}, 'Favourite Fan');
    other = await makeReadyProfessional(t.app, t.ctx, {}, 'Other Teacher');
    expect((await favourite(institution, fan)).status).toBe(204);
  });

  it('ends FAVOURITES_HEAD_START_MINUTES after posting, only for a shift starting later than two head starts from posting', () => {
    const posted = new Date('2026-12-07T06:00:00Z');
    const headStartMs = HEAD_START_MINUTES * MINUTE;
    const twoHeadStarts = new Date(posted.getTime() + FAVOURITES.skipWithinHeadStarts * headStartMs);
    expect(headStartEnd(twoHeadStarts, posted, HEAD_START_MINUTES, 1)).toBeUndefined();
    expect(headStartEnd(new Date(twoHeadStarts.getTime() + 1), posted, HEAD_START_MINUTES, 1)).toEqual(
      new Date(posted.getTime() + headStartMs),
    );
    expect(headStartEnd(new Date(twoHeadStarts.getTime() + 1), posted, 0, 1)).toBeUndefined();
    expect(headStartEnd(new Date(twoHeadStarts.getTime() + 1), posted, HEAD_START_MINUTES, 0)).toBeUndefined();
  });

  it('over HTTP: a shift starting within two head starts gets none; one starting just past gets one', async () => {
    const twoHeadStarts = FAVOURITES.skipWithinHeadStarts * HEAD_START_MINUTES * MINUTE;
    const within = await post(institution, startingIn(twoHeadStarts, 'down'));
    expect(within.headStartEndsAt).toBeNull();
    expect((await api('GET', `/jobs/${within.id}`, { token: other.accessToken })).status).toBe(200);
    const before = Date.now();
    const past = await post(institution, startingIn(twoHeadStarts + MINUTE));
    expect(past.headStartEndsAt).not.toBeNull();
    const ends = Date.parse(past.headStartEndsAt!);
    expect(ends).toBeGreaterThanOrEqual(before + HEAD_START_MINUTES * MINUTE - 1000);
    expect(ends).toBeLessThanOrEqual(Date.now() + HEAD_START_MINUTES * MINUTE + 1000);
    expect((await api('GET', `/jobs/${past.id}`, { token: other.accessToken })).status).toBe(404);
  });

  it('hides the shift from everyone but the favourites until it ends (GET, accept, browse, recommendations, cached answers), then shows it', async () => {
    const job = await post(institution);
    // The others' cached browse page first, then the favourite's own page: neither may leak into the other.
    expect(await browseIds(other)).not.toContain(job.id);
    expect(await browseIds(fan)).toContain(job.id);
    expect(await browseIds(other)).not.toContain(job.id);
    expect(await recommendedIds(fan)).toContain(job.id);
    expect(await recommendedIds(other)).not.toContain(job.id);

    const seen = await api('GET', `/jobs/${job.id}`, { token: fan.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body.headStartEndsAt).toBe(job.headStartEndsAt);
    const hidden = await api('GET', `/jobs/${job.id}`, { token: other.accessToken });
    expect(hidden.status).toBe(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect((await api('POST', `/jobs/${job.id}/accept`, { token: other.accessToken })).status).toBe(404);
    const stranger = await makeInstitution(t.app);
    expect((await api('GET', `/jobs/${job.id}`, { token: stranger.accessToken })).status).toBe(404);
    // The owner's matches list everyone who could take it: the owner sees its own job whole.
    expect(await matchIds(institution, job.id)).toEqual(expect.arrayContaining([fan.id, other.id]));

    // The pages cached above were computed while the job was hidden: ending the head start must not leave them served.
    await endHeadStartNow(job.id);
    expect(await browseIds(other)).toContain(job.id);
    expect(await recommendedIds(other)).toContain(job.id);
    const open = await api('GET', `/jobs/${job.id}`, { token: other.accessToken });
    expect(open.status).toBe(200);
    expect(open.body.headStartEndsAt).toBeNull();
    const late = await makeReadyProfessional(t.app, t.ctx);
    expect((await api('POST', `/jobs/${job.id}/accept`, { token: late.accessToken })).status).toBe(200);
  });

  it('lets a favourite accept during the head start', async () => {
    const job = await post(institution, { date: nextKampalaDate(1, 9) });
    const accepted = await api('POST', `/jobs/${job.id}/accept`, { token: fan.accessToken });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('assigned');
  });

  it('offers the shift to the favourites at posting (notice and SMS), and to the best matches when the head start ends', async () => {
    const job = await post(institution);
    const notices = await eventually(async () => {
      const rows = rowsOf<{ user_id: string }>(
        await t.ctx.db.execute(sql`SELECT user_id FROM notifications WHERE type = 'job.offered' AND data->>'jobId' = ${job.id}`),
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(notices.map((row) => row.user_id)).toEqual([fan.id]);
    const sms = await eventually(async () => {
      const rows = rowsOf<{ phone: string; text: string }>(
        await t.ctx.db.execute(sql`SELECT phone, text FROM sms_messages WHERE user_id = ${fan.id} AND kind = 'job.offered'`),
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(sms[0]!.phone).toBe(fan.phone);
    expect(sms[0]!.text).toMatch(/marked you a favourite/);
    const offersNow = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM shift_offers WHERE job_id = ${job.id}`));
    expect(offersNow).toEqual([]);

    await endHeadStartNow(job.id);
    const offered = await eventually(async () => {
      const rows = rowsOf<{ professional_id: string }>(
        await t.ctx.db.execute(sql`SELECT professional_id FROM shift_offers WHERE job_id = ${job.id}`),
      );
      const ids = rows.map((row) => row.professional_id);
      return ids.includes(fan.id) && ids.includes(other.id) ? rows : undefined;
    });
    expect(offered.length).toBeLessThanOrEqual(FAVOURITES.offeredMatches);
    const offerSms = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM sms_messages WHERE user_id = ${other.id} AND kind = 'shift.offer'`));
    expect(offerSms.length).toBeGreaterThan(0);
  });

  it('gives no head start to an institution without favourites holding the role, and offers its shift to the best matches at posting', async () => {
    const plain = await makeInstitution(t.app);
    const job = await post(plain);
    expect(job.headStartEndsAt).toBeNull();
    expect(await browseIds(other)).toContain(job.id);
    await eventually(async () => {
      const rows = rowsOf(
        await t.ctx.db.execute(sql`SELECT 1 FROM shift_offers WHERE job_id = ${job.id} AND professional_id = ${other.id}`),
      );
      return rows.length > 0 ? rows : undefined;
    });
    const nurseOnly = await makeInstitution(t.app);
    expect((await favourite(nurseOnly, await makeReadyProfessional(t.app, t.ctx, { roles: ['nurse'] }))).status).toBe(204);
    expect((await post(nurseOnly)).headStartEndsAt).toBeNull();
  });

  it('is off when FAVOURITES_HEAD_START_MINUTES is 0', async () => {
    const off = await startTestApp({ databaseName: t.databaseName, env: { FAVOURITES_HEAD_START_MINUTES: '0' } });
    try {
      const offBase = await off.listen();
      // This app signs its own tokens: its users sign up on it.
      const owner = await makeInstitution(off.app);
      const [fond, stranger] = [await makeReadyProfessional(off.app, off.ctx), await makeReadyProfessional(off.app, off.ctx)];
      expect((await fetchApi(offBase, 'PUT', `/me/favourites/${fond.id}`, { token: owner.accessToken })).status).toBe(204);
      const response = await fetchApi(offBase, 'POST', '/jobs', { token: owner.accessToken, body: validJob() });
      expect(response.status).toBe(201);
      expect(response.body.headStartEndsAt).toBeNull();
      expect((await fetchApi(offBase, 'GET', `/jobs/${response.body.id}`, { token: stranger.accessToken })).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('blocks', () => {
  it('either side blocking hides the shifts both ways (GET, accept, browse, recommendations, matches); a block removes a favourite and is undone', async () => {
    for (const blockedBy of ['institution', 'professional'] as const) {
      const institution = await makeInstitution(t.app);
      const professional = await makeReadyProfessional(t.app, t.ctx);
      expect((await favourite(institution, professional)).status).toBe(204);
      const job = await post(institution, startingIn(FAVOURITES.skipWithinHeadStarts * HEAD_START_MINUTES * MINUTE, 'down'));
      const shown = await post(institution);
      await endHeadStartNow(shown.id);
      const [blocker, blocked] = blockedBy === 'institution' ? [institution, professional] : [professional, institution];
      expect((await api('PUT', `/me/blocks/${blocked.id}`, { token: blocker.accessToken })).status).toBe(204);
      expect((await api('PUT', `/me/blocks/${blocked.id}`, { token: blocker.accessToken })).status).toBe(204);
      expect((await api('GET', '/me/favourites', { token: institution.accessToken })).body.items).toEqual([]);
      const blocks = await api('GET', '/me/blocks', { token: blocker.accessToken });
      expect(blocks.body.items).toEqual([
        expect.objectContaining({ userId: blocked.id, role: blockedBy === 'institution' ? 'professional' : 'institution' }),
      ]);

      for (const id of [job.id, shown.id]) {
        expect((await api('GET', `/jobs/${id}`, { token: professional.accessToken })).status).toBe(404);
        expect(await browseIds(professional)).not.toContain(id);
        expect(await recommendedIds(professional)).not.toContain(id);
        expect(await matchIds(institution, id)).not.toContain(professional.id);
      }
      expect((await api('POST', `/jobs/${shown.id}/accept`, { token: professional.accessToken })).status).toBe(404);

      expect((await api('DELETE', `/me/blocks/${blocked.id}`, { token: blocker.accessToken })).status).toBe(204);
      expect((await api('GET', `/jobs/${shown.id}`, { token: professional.accessToken })).status).toBe(200);
      expect(await browseIds(professional)).toContain(shown.id);
      expect(await matchIds(institution, shown.id)).toContain(professional.id);
    }
  });

  it('does not undo an assignment in progress: the assignee still sees the job', async () => {
    const institution = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await post(institution);
    expect((await api('POST', `/jobs/${job.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    expect((await api('PUT', `/me/blocks/${professional.id}`, { token: institution.accessToken })).status).toBe(204);
    const seen = await api('GET', `/jobs/${job.id}`, { token: professional.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('assigned');
    expect((await api('GET', `/jobs/${job.id}`, { token: institution.accessToken })).body.assignee.id).toBe(professional.id);
  });

  it('blocks only the other side: 404 for a user of the same role or an unknown id', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const peer = await makeReadyProfessional(t.app, t.ctx);
    expect((await api('PUT', `/me/blocks/${peer.id}`, { token: professional.accessToken })).status).toBe(404);
    expect((await api('PUT', '/me/blocks/00000000-0000-4000-8000-000000000000', { token: professional.accessToken })).status).toBe(404);
    expect((await api('GET', '/me/blocks', { token: professional.accessToken })).body.items).toEqual([]);
  });
});

describe('the restriction by reliability score', () => {
  it("limits a restricted professional to favourites' shifts: 403 with the reason and end date on accept, and only those in browse and recommendations", async () => {
    const trusting = await makeInstitution(t.app);
    const other = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    expect((await favourite(trusting, professional)).status).toBe(204);
    const theirs = await post(trusting, startingIn(FAVOURITES.skipWithinHeadStarts * HEAD_START_MINUTES * MINUTE, 'down'));
    const mondays = await post(trusting, { startTime: '09:00', endTime: '10:00' });
    const elsewhere = await post(other);
    const until = DateTime.now().plus({ days: 3 }).startOf('second');
    await t.ctx.db.execute(sql`UPDATE professionals SET restricted_until = ${until.toISO()} WHERE user_id = ${professional.id}`);

    const refused = await api('POST', `/jobs/${elsewhere.id}/accept`, { token: professional.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.type).toContain('reliability-restricted');
    expect(refused.body.restrictedUntil).toBe(until.toUTC().toISO({ suppressMilliseconds: false }));
    expect(refused.body.detail).toContain('reliability score fell below 50');
    expect(refused.body.detail).toContain(until.setZone('Africa/Kampala').toFormat('d LLL yyyy'));

    const browsed = await browseIds(professional);
    expect(browsed).toEqual(expect.arrayContaining([theirs.id]));
    expect(browsed).not.toContain(elsewhere.id);
    const recommended = await recommendedIds(professional);
    expect(recommended).toContain(mondays.id);
    expect(recommended).not.toContain(elsewhere.id);
    expect((await api('POST', `/jobs/${theirs.id}/accept`, { token: professional.accessToken })).status).toBe(200);

    await t.ctx.db.execute(sql`UPDATE professionals SET restricted_until = now() - interval '1 second' WHERE user_id = ${professional.id}`);
    expect(await browseIds(professional)).toContain(elsewhere.id);
  });

  it("is the professional's own: another's restriction leaves them plain, in the session check and in the accept's read", async () => {
    const restricted = await makeReadyProfessional(t.app, t.ctx);
    const plain = await makeReadyProfessional(t.app, t.ctx);
    await t.ctx.db.execute(sql`UPDATE professionals SET restricted_until = now() + interval '1 day' WHERE user_id = ${restricted.id}`);
    const eligibility = await eligibilityOf(t.ctx.db, [restricted.id, plain.id]);
    expect(eligibility.get(restricted.id)?.scope).toBe('restricted');
    expect(eligibility.get(plain.id)?.scope).toBe('plain');
    const sessions = await t.ctx.database.sql.executeSql(
      'SELECT id, user_id FROM sessions WHERE user_id = ANY($1::uuid[]) AND revoked_at IS NULL',
      [[restricted.id, plain.id]],
    );
    const states = await sessionStates(
      t.ctx.db,
      (sessions.rows as { id: string }[]).map((row) => row.id),
    );
    expect(new Map(states.map((state) => [state.userId, state.scope]))).toEqual(
      new Map([
        [restricted.id, 'restricted'],
        [plain.id, 'plain'],
      ]),
    );
  });
});
