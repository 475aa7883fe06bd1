import type { CancellationView, JobView } from '@contracts/jobs';
import type { InstitutionStanding } from '@contracts/profiles';
import { formatUGX } from './format';
import { percent } from './jobs';

/** "Rated 4.7 of 5 (3 ratings)." or "Not rated yet." */
export function describeRating({ ratingAverage, ratingCount }: Pick<InstitutionStanding, 'ratingAverage' | 'ratingCount'>): string {
  if (ratingAverage === null) return 'Not rated yet.';
  return `Rated ${ratingAverage.toFixed(1)} of 5 (${ratingCount} ${ratingCount === 1 ? 'rating' : 'ratings'}).`;
}

/** The share of accepted shifts the institution cancelled, as a sentence. */
export function describeCancellationRate(cancellationRate: number | null, days = 90): string {
  if (cancellationRate === null) return `Nobody took one of its shifts in the last ${days} days.`;
  return `Cancelled ${percent(cancellationRate)} of the shifts professionals took in the last ${days} days.`;
}

/**
 * What the owner's cancel form says cancelling will do: a late cancellation pays the professional
 * a share, and the rest comes back to the phone that paid.
 */
export function cancellationHint(job: Pick<JobView, 'status' | 'assignee' | 'total'> & { cancellation?: CancellationView | null }): string {
  const name = job.assignee?.name ?? 'The professional';
  const money = job.cancellation;
  if (job.status === 'paid' && money && money.payPercent > 0) {
    return (
      `This is a late cancellation, so ${name} is paid ${formatUGX(money.professionalAmount)} ` +
      `(${money.payPercent}% of the pay, with Qgig's fee of ${formatUGX(money.feeAmount)} on it). ` +
      `${formatUGX(money.refundAmount)} comes back by mobile money to the phone you paid from.`
    );
  }
  if (job.status === 'paid')
    return `${name} is told, and your payment of ${formatUGX(money?.refundAmount ?? job.total)} is refunded in full.`;
  if (job.status === 'assigned') return `${name} is told. You have not paid, so nothing is charged.`;
  return 'Nobody has accepted it yet, so nobody needs to be told.';
}

/** After a paid job was cancelled late: who got what. */
export function describeCancellationPaid(money: CancellationView, forOwner: boolean): string {
  if (forOwner) {
    return `Cancelled late: ${formatUGX(money.professionalAmount)} (${money.payPercent}% of the pay) went to the professional, and ${formatUGX(money.refundAmount)} comes back to the phone you paid from.`;
  }
  return `The institution cancelled late, so you are paid ${formatUGX(money.professionalAmount)} (${money.payPercent}% of the pay).`;
}
