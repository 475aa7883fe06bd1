import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../contracts/jobs.js';
import { rowsOf } from '../../platform/db.js';
import { currentCode } from './attendance-code.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { databaseUrl } from '../../../test/support/postgres.js';
import { registerUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { eventually } from '../../../test/support/pesapal.js';
import {
  makeReadyProfessional,
  markPaid,
  nextKampalaDate,
  postJob,
  restoreReliability,
  endShift,
  startShift,
  validJob,
} from '../../../test/support/job-factories.js';
import { makeInstitution, makeProfessional, type Institution } from '../../../test/support/profile-factories.js';
import type { Professional } from '../../../test/support/profile-factories.js';

let t: TestApp;
let institution: Institution;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
});
afterAll(async () => {
  await t.close();
});

async function jobCount(): Promise<number> {
  return rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM jobs`))[0]!.n;
}

describe('POST /jobs', () => {
  it('stores Kampala times as instants, and a shift that crosses midnight ends the next day', async () => {
    const date = nextKampalaDate(5);
    const night = await postJob(t.app, institution.accessToken, {
      role: 'Nurse',
      skills: [' ICU ', 'icu', 'Triage'],
      date,
      startTime: '22:00',
      endTime: '06:00',
      rateUnit: 'hour',
      rateAmount: 15_000,
    });
    expect(night.body).toMatchObject({
      status: 'open',
      role: 'nurse',
      skills: ['icu', 'triage'],
      date,
      startTime: '22:00',
      endTime: '06:00',
      currency: 'UGX',
      rateAmount: 15_000,
    });
    expect(night.body.startsAt).toBe(new Date(`${date}T22:00:00+03:00`).toISOString());
    expect(Date.parse(night.body.endsAt) - Date.parse(night.body.startsAt)).toBe(8 * 3_600_000);
  });

  it('keeps HTML in the description as plain text', async () => {
    const description = '<script>alert("x")</script> Ünïcödé — 👩🏾‍⚕️; DROP TABLE jobs;--';
    const job = await postJob(t.app, institution.accessToken, { description });
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).body.description).toBe(description);
  });

  it.each([
    ['a shift in the past', { date: '2020-01-06' }, 'date'],
    ['a date that does not exist', { date: '2027-02-30' }, 'date'],
    ['the same start and end', { startTime: '09:00', endTime: '09:00' }, 'endTime'],
    ['a zero rate', { rateAmount: 0 }, 'rateAmount'],
    ['a negative rate', { rateAmount: -5 }, 'rateAmount'],
    ['a fractional rate', { rateAmount: 100.5 }, 'rateAmount'],
    ['a rate given as text', { rateAmount: '50000' }, 'rateAmount'],
    ['an unknown role', { role: 'astronaut' }, 'role'],
    ['an unknown district', { district: 'Atlantis' }, 'district'],
    ['a time like 25:00', { startTime: '25:00' }, 'startTime'],
    ['another currency', { currency: 'USD' }, 'currency'],
  ])('refuses %s with 422 naming the field, storing nothing', async (_label, override, field) => {
    const before = await jobCount();
    const response = await call(t.app, 'POST', '/jobs', { token: institution.accessToken, body: validJob(override) });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    expect(await jobCount()).toBe(before);
  });

  it('says what each refused field needs in a sentence, never in the validator’s own words', async () => {
    const response = await call(t.app, 'POST', '/jobs', {
      token: institution.accessToken,
      body: validJob({ date: '1 Dec', rateAmount: 1e12, rateUnit: 'week', startTime: 8 }),
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'date', message: 'Choose the date the shift starts (year-month-day)' },
      { path: 'startTime', message: 'Enter text here' },
      { path: 'rateAmount', message: 'The rate can be at most UGX 100,000,000' },
      { path: 'rateUnit', message: 'Choose one of: hour, day' },
    ]);
  });

  it('refuses professionals (403) and anonymous callers (401)', async () => {
    const professional = await registerUser(t.app, { role: 'professional' });
    expect((await call(t.app, 'POST', '/jobs', { token: professional.accessToken, body: validJob() })).status).toBe(403);
    expect((await call(t.app, 'POST', '/jobs', { body: validJob() })).status).toBe(401);
  });
});

describe('editing and deleting', () => {
  it('lets the owner edit an open job, re-checking times together, and nobody else', async () => {
    const job = await postJob(t.app, institution.accessToken);
    const edited = await call(t.app, 'PATCH', `/jobs/${job.body.id}`, {
      token: institution.accessToken,
      body: { startTime: '18:00', rateAmount: 60_000 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      startTime: '18:00',
      endTime: '16:00',
      rateAmount: 60_000,
      skills: ['mathematics'],
      description: job.body.description,
    });
    expect(Date.parse(edited.body.endsAt) - Date.parse(edited.body.startsAt)).toBe(22 * 3_600_000);

    const clash = await call(t.app, 'PATCH', `/jobs/${job.body.id}`, { token: institution.accessToken, body: { endTime: '18:00' } });
    expect(clash.status).toBe(422);
    expect((await call(t.app, 'PATCH', `/jobs/${job.body.id}`, { token: institution.accessToken, body: {} })).status).toBe(422);
    expect((await call(t.app, 'PATCH', `/jobs/${job.body.id}`, { token: institution.accessToken, body: { status: 'paid' } })).status).toBe(
      422,
    );

    const stranger = await makeInstitution(t.app);
    expect((await call(t.app, 'PATCH', `/jobs/${job.body.id}`, { token: stranger.accessToken, body: { rateAmount: 1 } })).status).toBe(403);
    expect((await call(t.app, 'DELETE', `/jobs/${job.body.id}`, { token: stranger.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).body.rateAmount).toBe(60_000);
  });

  it('soft-deletes: the row stays, the job is gone from every view', async () => {
    const job = await postJob(t.app, institution.accessToken);
    expect((await call(t.app, 'DELETE', `/jobs/${job.body.id}`, { token: institution.accessToken })).status).toBe(204);
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/jobs/${job.body.id}`, { token: institution.accessToken })).status).toBe(404);
    const mine = await call(t.app, 'GET', '/me/jobs?limit=100', { token: institution.accessToken });
    expect(mine.body.items.map((item: { id: string }) => item.id)).not.toContain(job.body.id);
    const stored = rowsOf<{ deleted: boolean }>(
      await t.ctx.db.execute(sql`SELECT deleted_at IS NOT NULL AS deleted FROM jobs WHERE id = ${job.body.id}`),
    );
    expect(stored).toEqual([{ deleted: true }]);
  });

  it('answers 404 for an unknown job and for an id that is not a UUID', async () => {
    expect((await call(t.app, 'GET', '/jobs/00000000-0000-4000-8000-000000000000', { token: institution.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', "/jobs/1'%20OR%201=1", { token: institution.accessToken })).status).toBe(404);
  });
});

/** `funded`: open again, holding its payment (a paid job its assignee gave back). */
type State = JobStatus | 'funded';
type Action =
  | 'edit'
  | 'delete'
  | 'accept'
  | 'owner-cancel'
  | 'assignee-cancel'
  | 'complete'
  | 'check-in'
  | 'check-out'
  | 'dispute'
  | 'no-show'
  | 'confirm'
  | 'release';

/**
 * Expected status code of each action in each state, the state it leaves the job in, and for a 409
 * that is not about the state, what it says instead. The cancelled job here was cancelled while open,
 * so the professional never held it: 403, not 409. Assigned jobs start days ahead (too early to
 * confirm or release). Jobs from `paid` on have a shift that ended an hour ago: completion, check-in
 * (the code still shows until 2 h after the end) and a no-show are all in time; confirming and
 * releasing are not.
 */
const TABLE: Record<State, Record<Action, [number, State | 'deleted', string?]>> = {
  open: {
    edit: [200, 'open'],
    delete: [204, 'deleted'],
    accept: [200, 'assigned'],
    'owner-cancel': [200, 'cancelled'],
    'assignee-cancel': [403, 'open'],
    complete: [409, 'open'],
    'check-in': [403, 'open'],
    'check-out': [403, 'open'],
    dispute: [409, 'open'],
    'no-show': [409, 'open'],
    confirm: [403, 'open'],
    release: [409, 'open'],
  },
  assigned: {
    edit: [409, 'assigned'],
    delete: [409, 'assigned'],
    accept: [409, 'assigned'],
    'owner-cancel': [200, 'cancelled'],
    'assignee-cancel': [200, 'open'],
    complete: [409, 'assigned'],
    'check-in': [409, 'assigned'],
    'check-out': [409, 'assigned'],
    dispute: [409, 'assigned'],
    'no-show': [409, 'assigned'],
    confirm: [409, 'assigned', 'You can confirm from 48 hours before'],
    release: [409, 'assigned', 'can be released from 4 hours before'],
  },
  paid: {
    edit: [409, 'paid'],
    delete: [409, 'paid'],
    accept: [409, 'paid'],
    'owner-cancel': [200, 'cancelled'],
    'assignee-cancel': [200, 'funded'],
    complete: [200, 'completed'],
    'check-in': [200, 'checked_in'],
    'check-out': [409, 'paid'],
    dispute: [409, 'paid'],
    'no-show': [200, 'no_show'],
    confirm: [409, 'paid', 'The shift has started'],
    release: [409, 'paid', 'The shift has started'],
  },
  checked_in: {
    edit: [409, 'checked_in'],
    delete: [409, 'checked_in'],
    accept: [409, 'checked_in'],
    'owner-cancel': [409, 'checked_in'],
    'assignee-cancel': [409, 'checked_in'],
    complete: [409, 'checked_in'],
    'check-in': [409, 'checked_in'],
    'check-out': [200, 'checked_out'],
    dispute: [409, 'checked_in'],
    'no-show': [409, 'checked_in'],
    confirm: [409, 'checked_in'],
    release: [409, 'checked_in'],
  },
  checked_out: {
    edit: [409, 'checked_out'],
    delete: [409, 'checked_out'],
    accept: [409, 'checked_out'],
    'owner-cancel': [409, 'checked_out'],
    'assignee-cancel': [409, 'checked_out'],
    complete: [200, 'completed'],
    'check-in': [409, 'checked_out'],
    'check-out': [409, 'checked_out'],
    dispute: [200, 'disputed'],
    'no-show': [409, 'checked_out'],
    confirm: [409, 'checked_out'],
    release: [409, 'checked_out'],
  },
  disputed: {
    edit: [409, 'disputed'],
    delete: [409, 'disputed'],
    accept: [409, 'disputed'],
    'owner-cancel': [409, 'disputed'],
    'assignee-cancel': [409, 'disputed'],
    complete: [409, 'disputed'],
    'check-in': [409, 'disputed'],
    'check-out': [409, 'disputed'],
    dispute: [409, 'disputed'],
    'no-show': [409, 'disputed'],
    confirm: [409, 'disputed'],
    release: [409, 'disputed'],
  },
  completed: {
    edit: [409, 'completed'],
    delete: [409, 'completed'],
    accept: [409, 'completed'],
    'owner-cancel': [409, 'completed'],
    'assignee-cancel': [409, 'completed'],
    complete: [409, 'completed'],
    'check-in': [409, 'completed'],
    'check-out': [409, 'completed'],
    dispute: [409, 'completed'],
    'no-show': [409, 'completed'],
    confirm: [409, 'completed'],
    release: [409, 'completed'],
  },
  cancelled: {
    edit: [409, 'cancelled'],
    delete: [409, 'cancelled'],
    accept: [409, 'cancelled'],
    'owner-cancel': [409, 'cancelled'],
    'assignee-cancel': [403, 'cancelled'],
    complete: [409, 'cancelled'],
    'check-in': [403, 'cancelled'],
    'check-out': [403, 'cancelled'],
    dispute: [409, 'cancelled'],
    'no-show': [409, 'cancelled'],
    confirm: [403, 'cancelled'],
    release: [409, 'cancelled'],
  },
  funded: {
    edit: [409, 'funded', 'This job is already paid for, so it cannot be edited'],
    delete: [409, 'funded', 'This job is already paid for, so it cannot be deleted'],
    accept: [200, 'paid'],
    'owner-cancel': [200, 'cancelled'],
    'assignee-cancel': [403, 'funded'],
    complete: [409, 'funded'],
    'check-in': [403, 'funded'],
    'check-out': [403, 'funded'],
    dispute: [409, 'funded'],
    'no-show': [409, 'funded'],
    confirm: [403, 'funded'],
    release: [409, 'funded'],
  },
  no_show: {
    edit: [409, 'no_show'],
    delete: [409, 'no_show'],
    accept: [409, 'no_show'],
    'owner-cancel': [409, 'no_show'],
    'assignee-cancel': [409, 'no_show'],
    complete: [409, 'no_show'],
    'check-in': [409, 'no_show'],
    'check-out': [409, 'no_show'],
    dispute: [409, 'no_show'],
    'no-show': [409, 'no_show'],
    confirm: [409, 'no_show'],
    release: [409, 'no_show'],
  },
};

describe('the state machine, every state × every action', () => {
  let assignee: Professional;
  let rival: Professional;
  let weekday = 0;

  beforeAll(async () => {
    const everyDay = Array.from({ length: 7 }, (_, day) => ({ weekday: day, start: '00:00', end: '24:00' }));
    assignee = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
    rival = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  });

  /** A job brought to `state` through the API (payment is simulated by the database update a confirmed payment makes). */
  async function jobIn(state: State): Promise<string> {
    // Each job on its own future day, so the assignee's shifts never overlap.
    weekday += 1;
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(weekday % 7, 2 + weekday) });
    const id = job.body.id as string;
    if (state === 'open') return id;
    if (state === 'cancelled') {
      await call(t.app, 'POST', `/jobs/${id}/cancel`, { token: institution.accessToken, body: { reason: 'No longer needed' } });
      return id;
    }
    await restoreReliability(t.ctx, assignee.id);
    expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: assignee.accessToken })).status).toBe(200);
    if (state === 'assigned') return id;
    await markPaid(t.ctx, id);
    if (state === 'funded') {
      expect((await perform('assignee-cancel', id)).status).toBe(200);
      return id;
    }
    await endShift(t.ctx, id);
    const path =
      {
        checked_in: ['check-in'],
        checked_out: ['check-in', 'check-out'],
        disputed: ['check-in', 'check-out', 'dispute'],
        completed: ['complete'],
        no_show: ['no-show'],
      }[state as string] ?? [];
    for (const action of path) expect((await perform(action as Action, id)).status).toBe(200);
    return id;
  }

  function perform(action: Action, id: string) {
    const owner = institution.accessToken;
    switch (action) {
      case 'edit':
        return call(t.app, 'PATCH', `/jobs/${id}`, { token: owner, body: { description: 'Changed' } });
      case 'delete':
        return call(t.app, 'DELETE', `/jobs/${id}`, { token: owner });
      case 'accept':
        return call(t.app, 'POST', `/jobs/${id}/accept`, { token: rival.accessToken });
      case 'owner-cancel':
        return call(t.app, 'POST', `/jobs/${id}/cancel`, { token: owner, body: { reason: 'Plans changed' } });
      case 'assignee-cancel':
        return call(t.app, 'POST', `/jobs/${id}/cancel`, { token: assignee.accessToken, body: { reason: 'I am unwell' } });
      case 'complete':
        return call(t.app, 'POST', `/jobs/${id}/complete`, { token: owner });
      case 'check-in':
      case 'check-out':
        return currentCode(t.ctx.config.jwtSecret, id).then(({ code }) =>
          call(t.app, 'POST', `/jobs/${id}/${action}`, { token: assignee.accessToken, body: { code } }),
        );
      case 'dispute':
        return call(t.app, 'POST', `/jobs/${id}/dispute`, { token: owner, body: { reason: 'Left two hours early' } });
      case 'no-show':
        return call(t.app, 'POST', `/jobs/${id}/no-show`, { token: owner });
      case 'confirm':
        return call(t.app, 'POST', `/jobs/${id}/confirm`, { token: assignee.accessToken });
      case 'release':
        return call(t.app, 'POST', `/jobs/${id}/release`, { token: owner });
    }
  }

  const cases = (Object.keys(TABLE) as State[]).flatMap((state) =>
    (Object.keys(TABLE[state]) as Action[]).map((action) => [state, action] as const),
  );

  it.each(cases)('%s × %s', async (state, action) => {
    const id = await jobIn(state);
    const [expectedStatus, expectedState, saying] = TABLE[state][action];
    const response = await perform(action, id);
    expect(response.status).toBe(expectedStatus);
    const status = state === 'funded' ? 'open' : state;
    if (expectedStatus === 409)
      expect(response.body).toMatchObject({ currentStatus: status, detail: expect.stringContaining(saying ?? `This job is ${status}`) });
    const stored = rowsOf<{ status: JobStatus; deleted: boolean; funded: boolean }>(
      await t.ctx.db.execute(
        sql`SELECT status, deleted_at IS NOT NULL AS deleted, funded_at IS NOT NULL AS funded FROM jobs WHERE id = ${id}`,
      ),
    )[0]!;
    expect(stored.deleted ? 'deleted' : stored.status === 'open' && stored.funded ? 'funded' : stored.status).toBe(expectedState);
  });
});

describe('accepting', () => {
  it('needs a verified professional (403) holding the job’s role (403)', async () => {
    const job = await postJob(t.app, institution.accessToken);
    const unverified = await makeProfessional(t.app);
    const refused = await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: unverified.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toContain('not-verified');
    const nurse = await makeReadyProfessional(t.app, t.ctx, { roles: ['nurse'] });
    const wrongRole = await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: nurse.accessToken });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.type).toContain('role-mismatch');
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).body.status).toBe('open');
  });

  it('refuses a shift that overlaps one the professional holds (409), and takes one that does not', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const date = nextKampalaDate(1, 9);
    const morning = await postJob(t.app, institution.accessToken, { date, startTime: '08:00', endTime: '12:00' });
    const overlapping = await postJob(t.app, institution.accessToken, { date, startTime: '11:00', endTime: '15:00' });
    const afterwards = await postJob(t.app, institution.accessToken, { date, startTime: '12:00', endTime: '16:00' });
    expect((await call(t.app, 'POST', `/jobs/${morning.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    const clash = await call(t.app, 'POST', `/jobs/${overlapping.body.id}/accept`, { token: professional.accessToken });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ type: expect.stringContaining('shift-clash'), clashingJobId: morning.body.id });
    expect((await call(t.app, 'POST', `/jobs/${afterwards.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  });

  it('frees the hours of a cancelled shift for another accept', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const date = nextKampalaDate(1, 44);
    const morning = await postJob(t.app, institution.accessToken, { date, startTime: '08:00', endTime: '12:00' });
    const overlapping = await postJob(t.app, institution.accessToken, { date, startTime: '10:00', endTime: '14:00' });
    expect((await call(t.app, 'POST', `/jobs/${morning.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    expect((await call(t.app, 'POST', `/jobs/${overlapping.body.id}/accept`, { token: professional.accessToken })).status).toBe(409);

    const cancel = await call(t.app, 'POST', `/jobs/${morning.body.id}/cancel`, {
      token: institution.accessToken,
      body: { reason: 'The teacher on leave came back' },
    });
    expect(cancel.body.status).toBe('cancelled');
    const taken = await call(t.app, 'POST', `/jobs/${overlapping.body.id}/accept`, { token: professional.accessToken });
    expect(taken).toMatchObject({ status: 200, body: { status: 'assigned' } });
  });

  it('tells the institution in the same transaction, and shows contacts only to the two parties', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 16) });
    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });

    const notices = await call(t.app, 'GET', '/notifications', { token: institution.accessToken });
    expect(notices.body.items[0]).toMatchObject({ type: 'job.accepted', data: { jobId: job.body.id, professionalName: 'Nakato Sarah' } });

    const asOwner = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken });
    expect(asOwner.body.assignee).toEqual({
      id: professional.id,
      name: 'Nakato Sarah',
      phone: professional.phone,
      email: professional.email,
    });
    const asAssignee = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: professional.accessToken });
    expect(asAssignee.body.institutionContact).toMatchObject({ id: institution.id, phone: institution.profile.contactPhone });
    expect(asAssignee.body.assignee.phone).toBeNull();
    const other = await makeReadyProfessional(t.app, t.ctx);
    const asOther = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: other.accessToken });
    expect(asOther.body).toMatchObject({ assignee: null, institutionContact: null });
    expect(JSON.stringify(asOther.body)).not.toContain(professional.phone);
  });

  it('tells everyone the institution’s name, type and area, and only the assignee its address, contact person and phone', async () => {
    const { profile } = institution;
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 23) });
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const before = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: professional.accessToken });
    expect(before.body).toMatchObject({
      institutionName: profile.name,
      institutionType: 'school',
      institutionDistrict: profile.district,
      institutionContact: null,
    });
    const browsed = await call(t.app, 'GET', '/jobs?limit=100', { token: professional.accessToken });
    for (const seen of [before.body, ...browsed.body.items]) expect(JSON.stringify(seen)).not.toContain(profile.address);

    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
    const asAssignee = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: professional.accessToken });
    expect(asAssignee.body.institutionContact).toMatchObject({
      name: profile.name,
      address: profile.address,
      contactName: profile.contactName,
      phone: profile.contactPhone,
    });
    const asOther = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: (await makeReadyProfessional(t.app, t.ctx)).accessToken });
    expect(asOther.body).toMatchObject({ institutionType: 'school', institutionDistrict: profile.district, institutionContact: null });
    expect(JSON.stringify(asOther.body)).not.toContain(profile.address);
  });

  it('counts a completed shift in the overlap check', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, {
      availability: Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    });
    const date = nextKampalaDate(2, 30);
    const worked = await postJob(t.app, institution.accessToken, { date });
    expect((await call(t.app, 'POST', `/jobs/${worked.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    await markPaid(t.ctx, worked.body.id);
    // endShift moves the job's times only: the hours its assignee holds are those taken (a taken job's times never change).
    await endShift(t.ctx, worked.body.id);
    expect((await call(t.app, 'POST', `/jobs/${worked.body.id}/complete`, { token: institution.accessToken })).status).toBe(200);
    const sameHour = await postJob(t.app, institution.accessToken, { date, startTime: '11:00', endTime: '15:00' });
    const clash = await call(t.app, 'POST', `/jobs/${sameHour.body.id}/accept`, { token: professional.accessToken });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ type: expect.stringContaining('shift-clash'), clashingJobId: worked.body.id });
  });
});

describe('cancelling and completing', () => {
  it('queues a refund when a paid job is cancelled, and tells the assignee', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(2, 20) });
    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
    await markPaid(t.ctx, job.body.id);
    const cancelled = await call(t.app, 'POST', `/jobs/${job.body.id}/cancel`, {
      token: institution.accessToken,
      body: { reason: 'School closed for a strike' },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'School closed for a strike' });
    const refunds = rowsOf<{ data: { jobId: string } }>(
      await t.ctx.db.execute(sql`SELECT data FROM pgboss.job WHERE name = 'payments.refund-job-payment'`),
    );
    expect(refunds.map((row) => row.data.jobId)).toContain(job.body.id);
    const notices = await call(t.app, 'GET', '/notifications', { token: professional.accessToken });
    expect(notices.body.items[0]).toMatchObject({
      type: 'job.cancelled',
      data: { reason: 'School closed for a strike', cancelledBy: 'institution' },
    });
  });

  it('refuses to complete a paid shift nobody checked in before its scheduled end (409), and completes it with the scheduled times once over', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 37) });
    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
    await markPaid(t.ctx, job.body.id);
    await startShift(t.ctx, job.body.id);
    const early = await call(t.app, 'POST', `/jobs/${job.body.id}/complete`, { token: institution.accessToken });
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    const started = (await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).body;
    expect(early.body).toMatchObject({ type: expect.stringContaining('shift-not-ended'), currentStatus: 'paid', endsAt: started.endsAt });
    expect(started.status).toBe('paid');
    await endShift(t.ctx, job.body.id);
    const completed = await call(t.app, 'POST', `/jobs/${job.body.id}/complete`, { token: institution.accessToken });
    expect(completed.body).toMatchObject({ status: 'completed', checkedInAt: null });
    const ended = completed.body;
    expect(ended.timesheet).toEqual({
      checkedInAt: ended.startsAt,
      checkedOutAt: ended.endsAt,
      minutes: 480,
      autoCheckout: false,
      byOwner: true,
    });
  });

  it('waits for a transaction holding the job, then takes the job it gave back, or is refused the job it took', async () => {
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 23) });
    const [first, second] = await Promise.all([makeReadyProfessional(t.app, t.ctx), makeReadyProfessional(t.app, t.ctx)]);
    // An owner's edit, or a rival's accept, in another connection: the job's row is held.
    const holder = new pg.Client({ connectionString: databaseUrl(t.databaseName) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM jobs WHERE id = $1 FOR UPDATE', [job.body.id]);
      const accepting = call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: first.accessToken });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('ROLLBACK');
      const accepted = await accepting;
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('assigned');

      await holder.query('BEGIN');
      await holder.query("UPDATE jobs SET status = 'open' WHERE id = $1", [job.body.id]);
      const refusedLater = call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: second.accessToken });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('ROLLBACK');
      const refused = await refusedLater;
      expect(refused.status).toBe(409);
      expect(refused.body.currentStatus).toBe('assigned');
    } finally {
      await holder.end();
    }
    const assignees = rowsOf<{ id: string }>(
      await t.ctx.db.execute(sql`SELECT professional_id AS id FROM job_assignees WHERE job_id = ${job.body.id}`),
    );
    expect(assignees).toEqual([{ id: first.id }]);
  });

  it('refuses a job that has started though it is still open, and an unknown job with 404', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken);
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() - interval '1 minute', ends_at = now() + interval '1 hour' WHERE id = ${job.body.id}`,
    );
    const started = await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
    expect(started.status).toBe(409);
    expect(started.body.type).toContain('job-state-conflict');
    expect(
      (await call(t.app, 'POST', '/jobs/00000000-0000-4000-8000-000000000000/accept', { token: professional.accessToken })).status,
    ).toBe(404);
  });

  it('sends one claim per job from a process: a rival waits for it, then takes the job when it fails', async () => {
    const date = nextKampalaDate(5, 24);
    const job = await postJob(t.app, institution.accessToken, { date });
    const [clashing, rival] = await Promise.all([makeReadyProfessional(t.app, t.ctx), makeReadyProfessional(t.app, t.ctx)]);
    const held = await postJob(t.app, institution.accessToken, { date, startTime: '12:00', endTime: '18:00' });
    expect((await call(t.app, 'POST', `/jobs/${held.body.id}/accept`, { token: clashing.accessToken })).status).toBe(200);
    const lockWaiters = async () =>
      rowsOf<{ query: string }>(
        await t.ctx.db.execute(sql`SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      );
    // Another connection holds the clashing professional's row: their claim of the job waits inside its transaction.
    const holder = new pg.Client({ connectionString: databaseUrl(t.databaseName) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM professionals WHERE user_id = $1 FOR UPDATE', [clashing.id]);
      const claiming = call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: clashing.accessToken });
      await eventually(async () => (await lockWaiters()).length === 1);
      const waiting = call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: rival.accessToken });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The rival sent no claim and no read that would wait on the job's row: only the first claim waits.
      expect(await lockWaiters()).toHaveLength(1);
      await holder.query('ROLLBACK');
      const clash = await claiming;
      expect(clash.status).toBe(409);
      expect(clash.body.type).toContain('shift-clash');
      const taken = await waiting;
      expect(taken.status).toBe(200);
      expect(taken.body.status).toBe('assigned');
    } finally {
      await holder.end();
    }
    const assignees = rowsOf<{ id: string }>(
      await t.ctx.db.execute(sql`SELECT professional_id AS id FROM job_assignees WHERE job_id = ${job.body.id}`),
    );
    expect(assignees).toEqual([{ id: rival.id }]);
  });
  it('queues the refund when the payment settles while the cancel is on its way', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(4, 21) });
    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
    // A payment settling in another connection holds the job's row, about to make it paid.
    const settling = new pg.Client({ connectionString: databaseUrl(t.databaseName) });
    await settling.connect();
    try {
      await settling.query('BEGIN');
      await settling.query("UPDATE jobs SET status = 'paid', funded_at = now() WHERE id = $1", [job.body.id]);
      const cancel = call(t.app, 'POST', `/jobs/${job.body.id}/cancel`, {
        token: institution.accessToken,
        body: { reason: 'Plans changed' },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await settling.query('COMMIT');
      expect((await cancel).body.status).toBe('cancelled');
    } finally {
      await settling.end();
    }
    const refunds = rowsOf<{ n: number }>(
      await t.ctx.db.execute(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payments.refund-job-payment' AND data->>'jobId' = ${job.body.id}`,
      ),
    );
    expect(refunds[0]!.n).toBe(1);
  });

  it('reopens a shift the assignee gives back before payment, so another professional can take it', async () => {
    const first = await makeReadyProfessional(t.app, t.ctx);
    const second = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 20) });
    await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: first.accessToken });
    const released = await call(t.app, 'POST', `/jobs/${job.body.id}/cancel`, {
      token: first.accessToken,
      body: { reason: 'Family emergency' },
    });
    expect(released.body).toMatchObject({ status: 'open', assignee: null });
    expect(
      (await call(t.app, 'GET', '/me/jobs', { token: first.accessToken })).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(job.body.id);
    expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: second.accessToken })).status).toBe(200);
  });

  it('requires a reason to cancel', async () => {
    const job = await postJob(t.app, institution.accessToken);
    expect(
      (await call(t.app, 'POST', `/jobs/${job.body.id}/cancel`, { token: institution.accessToken, body: { reason: ' ' } })).status,
    ).toBe(422);
    expect((await call(t.app, 'POST', `/jobs/${job.body.id}/cancel`, { token: institution.accessToken, body: {} })).status).toBe(422);
  });
});

describe('GET /me/jobs', () => {
  it('lists an institution’s posted jobs and a professional’s held jobs, filterable by state', async () => {
    const owner = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const held = await postJob(t.app, owner.accessToken, { date: nextKampalaDate(1, 30) });
    const open = await postJob(t.app, owner.accessToken, { date: nextKampalaDate(1, 37) });
    await call(t.app, 'POST', `/jobs/${held.body.id}/accept`, { token: professional.accessToken });

    const posted = await call(t.app, 'GET', '/me/jobs', { token: owner.accessToken });
    expect(posted.body.items.map((item: { id: string }) => item.id)).toEqual([open.body.id, held.body.id]);
    const openOnly = await call(t.app, 'GET', '/me/jobs?status=open', { token: owner.accessToken });
    expect(openOnly.body.items.map((item: { id: string }) => item.id)).toEqual([open.body.id]);
    const mine = await call(t.app, 'GET', '/me/jobs', { token: professional.accessToken });
    expect(mine.body.items.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([[held.body.id, 'assigned']]);
  });
});
