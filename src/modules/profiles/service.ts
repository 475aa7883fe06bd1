import type { z } from 'zod';
import type { DocumentView } from '../../contracts/documents.js';
import {
  clockToMinutes,
  minutesToClock,
  type AdminProfessional,
  type AdminProfessionalsQuery,
  type AvailabilitySlot,
  type InstitutionProfile,
  type InstitutionProfileBody,
  type ProfessionalBasics,
  type ProfessionalProfile,
  type ProfessionalProfileBody,
  type PublicInstitution,
  type PublicProfessional,
  type VerificationState,
} from '../../contracts/profiles.js';
import { ratingAverage } from '../../contracts/ratings.js';
import type { AuthenticatedUser, Role } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { documentsMetadataOf } from '../documents/service.js';
import { standingCountsOf } from '../jobs/repository.js';
import { cancellationRate } from '../jobs/service.js';
import { FAVOURITES } from '../reliability/rules.js';
import { recomputeVerification, verificationStateOf } from '../documents/verification.js';
import * as repo from './repository.js';

const toSlotView = (slot: repo.MinuteSlot): AvailabilitySlot => ({
  weekday: slot.weekday,
  start: minutesToClock(slot.startMinute),
  end: minutesToClock(slot.endMinute),
});

const toMinuteSlot = (slot: AvailabilitySlot): repo.MinuteSlot => ({
  weekday: slot.weekday,
  startMinute: clockToMinutes(slot.start),
  endMinute: clockToMinutes(slot.end),
});

/** Creates or replaces the caller's professional profile, availability and blackout dates at once. */
export async function saveProfessionalProfile(
  ctx: AppContext,
  caller: AuthenticatedUser,
  body: ProfessionalProfileBody,
): Promise<ProfessionalProfile> {
  return ctx.db.transaction(async (tx) => {
    const { availability, blackoutDates, ...values } = body;
    await repo.upsertProfessional(tx, caller.id, values);
    await repo.replaceAvailability(tx, caller.id, availability.map(toMinuteSlot));
    await repo.replaceBlackouts(tx, caller.id, blackoutDates);
    // Documents approved before the profile existed count from now on.
    await recomputeVerification(tx, caller.id);
    return (await professionalProfileOf(tx, caller.id))!;
  });
}

/** The fields the owner's view and the public view share. */
async function basicsOf(db: Executor, row: repo.ProfessionalRow): Promise<ProfessionalBasics> {
  return {
    bio: row.bio,
    roles: row.roles,
    skills: row.skills,
    experienceYears: row.experienceYears,
    rateAmount: row.rateAmount,
    rateUnit: row.rateUnit,
    currency: 'UGX',
    district: row.district,
    verified: row.verified,
    availability: (await repo.availabilityOf(db, row.userId)).map(toSlotView),
  };
}

export async function professionalProfileOf(db: Executor, userId: string): Promise<ProfessionalProfile | undefined> {
  const row = await repo.findProfessional(db, userId);
  if (!row) return undefined;
  return {
    userId: row.userId,
    ...(await basicsOf(db, row)),
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    blackoutDates: await repo.blackoutsOf(db, userId),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function saveInstitutionProfile(
  ctx: AppContext,
  caller: AuthenticatedUser,
  body: InstitutionProfileBody,
): Promise<InstitutionProfile> {
  const contactPhone = toUgandaE164(body.contactPhone);
  if (!contactPhone) throw invalidField('contactPhone', 'Enter a valid Ugandan phone number, such as 0772 123 456', 'invalid-phone');
  return toInstitutionView(await repo.upsertInstitution(ctx.db, caller.id, { ...body, contactPhone }));
}

function toInstitutionView(row: repo.InstitutionRow): InstitutionProfile {
  return {
    userId: row.userId,
    name: row.name,
    type: row.type,
    address: row.address,
    district: row.district,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What any signed-in user sees; 404 for anyone who is not an active professional with a profile. */
export async function getPublicProfessional(ctx: AppContext, userId: string): Promise<PublicProfessional> {
  const found = await repo.findVisibleProfessional(ctx.db, userId);
  if (!found) throw notFound('Professional');
  return {
    id: found.profile.userId,
    name: found.name,
    ...(await basicsOf(ctx.db, found.profile)),
    ratingAverage: ratingAverage(found.ratingSum, found.ratingCount),
    ratingCount: found.ratingCount,
  };
}

/** GET /institutions/{id}: 404 for anyone who is not an active institution with a profile. */
export async function getPublicInstitution(ctx: AppContext, userId: string): Promise<PublicInstitution> {
  const found = await repo.findVisibleInstitution(ctx.db, userId);
  if (!found) throw notFound('Institution');
  const counts = await standingCountsOf(ctx.db, userId);
  return {
    id: found.profile.userId,
    name: found.profile.name,
    type: found.profile.type,
    district: found.profile.district,
    ratingAverage: ratingAverage(found.ratingSum, found.ratingCount),
    ratingCount: found.ratingCount,
    cancellationRate: cancellationRate(counts),
    acceptedJobs: counts.accepted,
    cancelledJobs: counts.cancelled,
    cancellationRateDays: FAVOURITES.cancellationRateDays,
    memberSince: found.memberSince.toISOString(),
  };
}

export interface AccountProfile {
  professional: ProfessionalProfile | null;
  institution: InstitutionProfile | null;
  /** Professionals only. */
  verification: VerificationState | null;
}

/** The role profile and verification state shown with the caller's account (`GET /me`). */
export async function accountProfileOf(db: Executor, user: { id: string; role: Role }): Promise<AccountProfile> {
  if (user.role === 'professional') {
    return {
      professional: (await professionalProfileOf(db, user.id)) ?? null,
      institution: null,
      verification: await verificationStateOf(db, user.id),
    };
  }
  if (user.role === 'institution') {
    const institution = await repo.findInstitution(db, user.id);
    return { professional: null, institution: institution ? toInstitutionView(institution) : null, verification: null };
  }
  return { professional: null, institution: null, verification: null };
}

export async function listProfessionalsForReview(
  ctx: AppContext,
  query: z.output<typeof AdminProfessionalsQuery>,
): Promise<Page<AdminProfessional>> {
  const rows = await repo.listProfessionalAccounts(ctx.db, query);
  return keysetPage(
    rows,
    query.limit,
    (row) => row.id,
    (row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      registeredAt: row.registeredAt.toISOString(),
      hasProfile: row.hasProfile,
      district: row.district,
      roles: row.roles ?? [],
      verified: row.verified,
      verifiedAt: row.verifiedAt?.toISOString() ?? null,
      documents: { pending: row.pending, approved: row.approved, rejected: row.rejected },
    }),
  );
}

export interface ProfileExport {
  professional: ProfessionalProfile | null;
  institution: InstitutionProfile | null;
  /** Metadata only: never the files, and numbers only masked. */
  documents: DocumentView[];
}

/** Everything the profiles and documents modules hold about a user, for the data-subject export. */
export async function exportUserProfileData(db: Executor, userId: string): Promise<ProfileExport> {
  const institution = await repo.findInstitution(db, userId);
  return {
    professional: (await professionalProfileOf(db, userId)) ?? null,
    institution: institution ? toInstitutionView(institution) : null,
    documents: await documentsMetadataOf(db, userId),
  };
}

export async function eraseProfiles(tx: Executor, userId: string): Promise<void> {
  await repo.deleteProfiles(tx, userId);
}
