import { IdParams, page } from '../../contracts/common.js';
import {
  AdminProfessional,
  AdminProfessionalsQuery,
  InstitutionProfile,
  InstitutionProfileBody,
  ProfessionalProfile,
  ProfessionalProfileBody,
  PublicInstitution,
  PublicProfessional,
} from '../../contracts/profiles.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import * as profiles from './service.js';

const bearer = [{ bearer: [] }];

export const profileRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.put(
    '/me/professional',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags: ['profiles'],
        summary: 'Create or replace the caller’s professional profile',
        security: bearer,
        body: ProfessionalProfileBody,
        response: { 200: ProfessionalProfile },
      },
    },
    async (request) => profiles.saveProfessionalProfile(ctx, callerOf(request), request.body),
  );

  app.put(
    '/me/institution',
    {
      preHandler: guards.requireRole('institution'),
      schema: {
        tags: ['profiles'],
        summary: 'Create or replace the caller’s institution profile',
        security: bearer,
        body: InstitutionProfileBody,
        response: { 200: InstitutionProfile },
      },
    },
    async (request) => profiles.saveInstitutionProfile(ctx, callerOf(request), request.body),
  );

  app.get(
    '/professionals/:id',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['profiles'],
        summary: 'A professional’s public profile (no contact details or documents)',
        security: bearer,
        params: IdParams,
        response: { 200: PublicProfessional },
      },
    },
    async (request) => profiles.getPublicProfessional(ctx, request.params.id),
  );

  app.get(
    '/institutions/:id',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['profiles'],
        summary: 'An institution’s public profile: type, district, rating and cancellation rate (no address or contact)',
        description:
          '`cancellationRate` = `cancelledJobs` ÷ `acceptedJobs`: of the institution’s jobs someone accepted in the last `cancellationRateDays` (90) days, by the time of the accept, the share it cancelled itself or left unpaid until its start (Qgig then cancels it). Jobs a professional gave back, and cancellations by Qgig’s administrators, do not count. Null when nobody accepted one of its jobs in the window.',
        security: bearer,
        params: IdParams,
        response: { 200: PublicInstitution },
      },
    },
    async (request) => profiles.getPublicInstitution(ctx, request.params.id),
  );

  app.get(
    '/admin/professionals',
    {
      preHandler: guards.requireRole('admin'),
      schema: {
        tags: ['admin'],
        summary: 'Professional accounts, oldest first; `?verified=false` for those awaiting verification',
        security: bearer,
        querystring: AdminProfessionalsQuery,
        response: { 200: page(AdminProfessional) },
      },
    },
    async (request) => profiles.listProfessionalsForReview(ctx, request.query),
  );
};
