import { z } from 'zod';
import { IdParams, page } from '../../contracts/common.js';
import {
  AttendanceBody,
  AttendanceCodeView,
  BrowseQuery,
  CancelBody,
  DisputeBody,
  JobBody,
  JobPatch,
  JobView,
  MyJobsQuery,
  PricingView,
} from '../../contracts/jobs.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import * as attendance from './attendance.js';
import * as jobs from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['jobs'];

export const jobRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const institution = { preHandler: guards.requireRole('institution') };
  const user = { preHandler: guards.requireUser };

  app.post(
    '/jobs',
    {
      ...institution,
      schema: { tags, summary: 'Post a shift (Kampala date and times)', security: bearer, body: JobBody, response: { 201: JobView } },
    },
    async (request, reply) => reply.code(201).send(await jobs.postJob(ctx, callerOf(request), request.body)),
  );

  app.patch(
    '/jobs/:id',
    {
      ...institution,
      schema: { tags, summary: 'Edit an open job (owner)', security: bearer, params: IdParams, body: JobPatch, response: { 200: JobView } },
    },
    async (request) => jobs.editJob(ctx, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/jobs/:id',
    {
      ...institution,
      schema: { tags, summary: 'Delete an open job (owner; soft delete)', security: bearer, params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await jobs.deleteJob(ctx, callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/jobs',
    {
      ...user,
      schema: {
        tags,
        summary: 'Browse open, future jobs, soonest first',
        security: bearer,
        querystring: BrowseQuery,
        response: { 200: page(JobView) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // Most callers have no blocks, favourites or restriction (scope `plain`): they share one cached
      // page per query, which leaves out every job in a head start, so it never shows a hidden job
      // and depends on nobody's relationships. Anyone else gets a page of their own, keyed by them
      // and their scope. Favourites and blocks bump the browse version when they change, and the
      // task ending a head start updates the job, which bumps it too (answers also age out in 60 s).
      const viewer = caller.scope === 'plain' ? undefined : { id: caller.id, restricted: caller.scope === 'restricted' };
      const query = JSON.stringify(request.query);
      const key = viewer ? `browse ${caller.scope} ${caller.id} ${query}` : `browse ${query}`;
      return ctx.responses.send(request, reply, 'browse', key, () => jobs.browseJobs(ctx, request.query, viewer));
    },
  );

  app.get(
    '/pricing',
    {
      ...user,
      schema: { tags, summary: "Qgig's fee percentage, for previewing a shift's total", security: bearer, response: { 200: PricingView } },
    },
    async () => jobs.pricing(ctx),
  );

  app.get(
    '/jobs/:id',
    {
      ...user,
      schema: {
        tags,
        summary: 'One job; contacts show only to its parties once assigned',
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.getJob(ctx, callerOf(request), request.params.id),
  );

  app.get(
    '/me/jobs',
    {
      ...user,
      schema: {
        tags,
        summary: 'Jobs the caller posted (institution) or holds (professional), latest shift first',
        security: bearer,
        querystring: MyJobsQuery,
        response: { 200: page(JobView) },
      },
    },
    async (request) => jobs.listMyJobs(ctx, callerOf(request), request.query),
  );

  app.post(
    '/jobs/:id/accept',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags,
        summary: 'Accept an open job; exactly one professional wins',
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.acceptJob(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/jobs/:id/cancel',
    {
      ...user,
      schema: {
        tags,
        summary: 'Cancel (owner; a paid job is refunded), or give back (assignee; the job reopens, a paid one still paid for)',
        description:
          'The owner cancelling a paid job under 24 h before its start pays the assignee 25 % of `pay` (under 4 h: 50 %; exactly 24 h: nothing, exactly 4 h: 25 %) by payout to their mobile-money wallet, Qgig’s fee following the same share; the rest of the total goes back by payout to the phone the payment came from (PesaPal refunds only whole payments). Otherwise a paid job is refunded whole through PesaPal: not late, or cancelled by an administrator. The assignee giving a paid job back reopens it, still paid for. An assigned job not yet paid costs nothing. The job view’s `cancellation` shows the owner what cancelling now would cost, and both parties what it cost.',
        security: bearer,
        params: IdParams,
        body: CancelBody,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.cancelJob(ctx, callerOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/jobs/:id/confirm',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags,
        summary: "Confirm you'll be there (assignee, from 48 h before the start); repeating it changes nothing",
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.confirmJob(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/jobs/:id/release',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Release an assignee who has not confirmed, from 4 h before the start, without penalty; the job reopens (owner)',
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.releaseAssignee(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/jobs/:id/complete',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Approve the timesheet, or complete a paid job nobody checked in after its end (owner)',
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => jobs.completeJob(ctx, callerOf(request), request.params.id),
  );

  app.get(
    '/jobs/:id/attendance-code',
    {
      ...institution,
      schema: {
        tags,
        summary: 'The current attendance code and its QR code (owner, from 60 min before the start)',
        security: bearer,
        params: IdParams,
        response: { 200: AttendanceCodeView },
      },
    },
    async (request) => attendance.attendanceCode(ctx, callerOf(request), request.params.id),
  );

  const professional = { preHandler: guards.requireRole('professional') };
  for (const [path, action, summary] of [
    ['check-in', 'checkIn', 'Check in with the code shown at the institution (assignee)'],
    ['check-out', 'checkOut', 'Check out with the code shown at the institution (assignee)'],
  ] as const) {
    app.post(
      `/jobs/:id/${path}`,
      { ...professional, schema: { tags, summary, security: bearer, params: IdParams, body: AttendanceBody, response: { 200: JobView } } },
      async (request) => attendance.attend(ctx, callerOf(request), request.params.id, action, request.body.code),
    );
  }

  app.post(
    '/jobs/:id/dispute',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Dispute a checked-out timesheet (owner)',
        security: bearer,
        params: IdParams,
        body: DisputeBody,
        response: { 200: JobView },
      },
    },
    async (request) => attendance.disputeTimesheet(ctx, callerOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/jobs/:id/no-show',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Nobody came: from 30 min after the start, refunded in full (owner)',
        security: bearer,
        params: IdParams,
        response: { 200: JobView },
      },
    },
    async (request) => attendance.reportNoShow(ctx, callerOf(request), request.params.id),
  );
};
