import type { DataExport } from '../../contracts/data-export.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import { eraseAccount, exportAccountData } from '../accounts/service.js';
import { accessLogFor, recordAudit } from '../audit/service.js';
import { deleteUserDocuments } from '../documents/service.js';
import { assertNoActiveJob, exportJobs, withdrawOpenJobs } from '../jobs/service.js';
import { eraseMessages, exportMessages } from '../messages/service.js';
import { eraseNotifications, exportNotifications } from '../notifications/service.js';
import { erasePushSubscriptions } from '../push/service.js';
import { eraseRelations } from '../favourites/service.js';
import { notificationSettingsOf } from '../notifications/settings.js';
import { exportTransactions, forgetPayerPhone } from '../payments/service.js';
import { assertNoUnsettledPayout, exportPayouts, forgetPayoutWallets } from '../payouts/service.js';
import { eraseProfiles, exportUserProfileData } from '../profiles/service.js';
import { exportRatings } from '../ratings/service.js';
import { exportReliability } from '../reliability/service.js';
import { erasePhoneCodes } from '../phone-codes/service.js';
import { eraseSms, exportSms } from '../sms/service.js';
import { eraseUssd } from '../ussd/service.js';

/** Everything stored about the caller, as one JSON document (right of access). */
export async function exportMyData(ctx: AppContext, caller: AuthenticatedUser): Promise<DataExport> {
  return {
    format: 'qgig-export/1',
    generatedAt: new Date().toISOString(),
    account: await exportAccountData(ctx.db, caller.id),
    profile: await exportUserProfileData(ctx.db, caller.id),
    jobs: await exportJobs(ctx.db, caller),
    ratings: await exportRatings(ctx, caller.id),
    reliability: await exportReliability(ctx, caller),
    transactions: await exportTransactions(ctx, caller.id),
    messages: await exportMessages(ctx.db, caller.id),
    payouts: await exportPayouts(ctx.db, caller.id),
    notifications: await exportNotifications(ctx, caller.id),
    notificationSettings: await notificationSettingsOf(ctx.db, caller.id),
    sms: await exportSms(ctx.db, caller.id),
    accessLog: await accessLogFor(ctx.db, caller.id),
  };
}

/**
 * Erasure (right to be forgotten), in one transaction, refused while a payout to the caller is not
 * yet successful or the caller is part of an
 * assigned or paid job: open jobs are withdrawn; contact details, credentials, profile, the phone
 * payments were made from, documents (files deleted once it commits), notices and the texts of their messages go; the account row stays pseudonymised so
 * payment records and ratings keep pointing at "Former user", as payment regulations require.
 */
export async function eraseMyAccount(ctx: AppContext, caller: AuthenticatedUser, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await assertNoActiveJob(tx, caller.id);
    await assertNoUnsettledPayout(tx, caller.id);
    await withdrawOpenJobs(tx, caller.id);
    await forgetPayerPhone(tx, caller.id);
    await forgetPayoutWallets(tx, caller.id);
    await eraseAccount(tx, caller.id);
    await eraseProfiles(tx, caller.id);
    await deleteUserDocuments(ctx, tx, caller.id);
    await eraseNotifications(tx, caller.id);
    await eraseMessages(tx, caller.id);
    await eraseSms(tx, caller.id);
    await eraseUssd(tx, caller.id);
    await erasePhoneCodes(tx, caller.id);
    await erasePushSubscriptions(tx, caller.id);
    await eraseRelations(tx, caller.id);
    await recordAudit(tx, { actorId: caller.id, action: 'user.erase', targetType: 'user', targetId: caller.id, ip: meta.ip });
  });
  ctx.log.info({ userId: caller.id }, 'account erased at its owner’s request');
}
