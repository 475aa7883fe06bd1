import type { PayoutView } from '@contracts/payouts';
import { formatKampalaDateTime, formatUGX } from '../../lib/format';
import { PAYOUT_NETWORK_LABELS, PAYOUT_STATUS_LABELS } from '../../lib/labels';
import { Details } from '../details';
import { DownloadButton } from '../download-button';

export function PayoutStatusBadge({ status }: { status: PayoutView['status'] }) {
  return <span className={`badge badge-payout-${status}`}>{PAYOUT_STATUS_LABELS[status]}</span>;
}

/** A payout's amount, where it goes, and how far it got. */
export function PayoutDetails({ payout }: { payout: PayoutView }) {
  return (
    <Details
      items={[
        ['Amount', formatUGX(payout.amount)],
        ['To', payout.phone && payout.network ? `${payout.phone} (${PAYOUT_NETWORK_LABELS[payout.network]})` : 'No payout method yet'],
        ['Status', <PayoutStatusBadge status={payout.status} />],
        ...(payout.settledAt ? [['Settled', formatKampalaDateTime(payout.settledAt)] as [string, string]] : []),
        ...(payout.providerReference ? [['Network reference', payout.providerReference] as [string, string]] : []),
        ...(payout.status === 'failed' && payout.failureReason ? [['Why it failed', payout.failureReason] as [string, string]] : []),
      ]}
    />
  );
}

/** The PDF receipt of a successful payout; nothing for one not paid (yet). */
export function ReceiptButton({ payout }: { payout: PayoutView }) {
  if (payout.status !== 'successful') return null;
  return (
    <DownloadButton
      path={`/me/payouts/${payout.id}/receipt`}
      filename={`qgig-receipt-${(payout.settledAt ?? payout.createdAt).slice(0, 10)}-${payout.id.slice(0, 8)}.pdf`}
      label="Download the receipt"
      pendingLabel="Preparing the receipt…"
    />
  );
}
