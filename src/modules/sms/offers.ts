import { randomInt } from 'node:crypto';
import { formatUgx } from '../../contracts/money.js';
import { formatKampalaDateTime } from '../../contracts/time.js';
import type { Config } from '../../config.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { violatedUniqueConstraint } from '../../platform/db-errors.js';
import { contactOf } from '../accounts/service.js';
import { endHeadStart, jobParties, type JobRow } from '../jobs/service.js';
import { bestProfessionalIdsFor } from '../matching/service.js';
import { notificationSettingsOf } from '../notifications/settings.js';
import { FAVOURITES } from '../reliability/rules.js';
import { queuePush, type PushMessage } from '../push/service.js';
import { fitSegment, fitsWhole } from './gsm7.js';
import * as repo from './repository.js';
import { sendSms } from './service.js';
import { shortJobPath } from './short-link.js';

const CODE_ATTEMPTS = 20;

/**
 * Offers a shift open to everyone to its ten best matches who want shift offers: by web push, and by
 * SMS from the shortcode so `YES <code>` can answer it, each SMS with a 4-digit code unique among
 * live offers, valid until the shift starts. Queued at posting, after the favourites' head start
 * when there is one (this run ends it), and when a shift reopens. A retried run skips whoever
 * already has an SMS offer.
 */
export async function offerShift(ctx: AppContext, jobId: string): Promise<void> {
  const job = (await jobParties(ctx.db, jobId))?.job;
  if (!job || job.status !== 'open' || job.deletedAt || job.startsAt.getTime() <= Date.now()) return;
  if (job.headStartEndsAt) {
    if (job.headStartEndsAt.getTime() > Date.now()) throw new Error(`job ${jobId}'s head start has not ended; will retry`);
    await endHeadStart(ctx.db, jobId);
  }
  const offered = new Set((await repo.offersOfJob(ctx.db, jobId)).map((offer) => offer.professionalId));
  for (const professionalId of await bestProfessionalIdsFor(ctx.db, job, FAVOURITES.offeredMatches)) {
    if (offered.has(professionalId)) continue;
    const [contact, settings] = await Promise.all([contactOf(ctx.db, professionalId), notificationSettingsOf(ctx.db, professionalId)]);
    if (!settings.shiftOffers) continue;
    // The push's tag is the job's: a repeated run replaces the notification rather than adding one.
    await ctx.db.transaction((tx) => queuePush(ctx, tx, professionalId, offerPush(job)));
    if (!contact?.phone || !settings.sms) continue;
    const phone = contact.phone;
    await ctx.db.transaction(async (tx) => {
      const offer = await insertOfferWithCode(tx, { jobId, professionalId, phone, expiresAt: job.startsAt });
      await sendSms(ctx, tx, {
        userId: professionalId,
        phone,
        kind: 'shift.offer',
        text: offerText(job, offer.code, ctx.config),
        from: 'shortcode',
        shiftStartsAt: job.startsAt,
      });
    });
  }
}

function offerPush(job: Pick<JobRow, 'id' | 'role' | 'startsAt' | 'district' | 'rateAmount' | 'rateUnit'>): PushMessage {
  return {
    title: `Shift offer: ${job.role}`,
    body: `${formatKampalaDateTime(job.startsAt.toISOString())}, ${job.district}, ${formatUgx(job.rateAmount)} per ${job.rateUnit}`,
    path: `/jobs/${job.id}`,
    tag: `offer:${job.id}`,
  };
}

/** A random code, drawn again while a live offer holds it; the partial unique index is the judge. */
async function insertOfferWithCode(
  tx: Transaction,
  offer: { jobId: string; professionalId: string; phone: string; expiresAt: Date },
): Promise<repo.OfferRow> {
  for (let attempt = 1; ; attempt++) {
    const code = String(randomInt(0, 10_000)).padStart(4, '0');
    try {
      return await tx.transaction(async (savepoint) => {
        await repo.releaseExpiredCode(savepoint, code);
        return repo.insertOffer(savepoint, { ...offer, code });
      });
    } catch (error) {
      if (violatedUniqueConstraint(error) !== 'shift_offers_live_code_key' || attempt >= CODE_ATTEMPTS) throw error;
    }
  }
}

/** The offer SMS; it names the USSD code too when that still leaves the whole offer in one segment. */
export function offerText(
  job: Pick<JobRow, 'id' | 'role' | 'startsAt' | 'endsAt' | 'district' | 'rateAmount' | 'rateUnit'>,
  code: string,
  config: Pick<Config, 'publicUrl' | 'ussdServiceCode'>,
): string {
  const ends = formatKampalaDateTime(job.endsAt.toISOString()).slice(-5);
  const rate = `${formatUgx(job.rateAmount)}/${job.rateUnit === 'hour' ? 'hr' : 'day'}`;
  const offer = `Qgig shift: ${job.role}, ${formatKampalaDateTime(job.startsAt.toISOString())}-${ends}, ${job.district}, ${rate}. Reply YES ${code} to take it`;
  const link = `${config.publicUrl}${shortJobPath(job.id)}`;
  const withUssd = `${offer} or dial ${config.ussdServiceCode}.`;
  return fitsWhole(withUssd, link) ? fitSegment(withUssd, link) : fitSegment(`${offer}.`, link);
}
