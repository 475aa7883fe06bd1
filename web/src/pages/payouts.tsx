import type { PayoutView } from '@contracts/payouts';
import { Link } from 'wouter';
import { PagedItems } from '../components/load-more';
import { PayoutDetails, PayoutStatusBadge, ReceiptButton } from '../components/payouts/payout-details';
import { describePayoutMethod, usePayoutMethod } from '../components/payouts/payout-method';
import { Loaded } from '../components/status';
import { formatKampalaDate, formatUGX } from '../lib/format';
import { usePagedApi } from '../lib/use-paged-api';

export default function Payouts() {
  const method = usePayoutMethod();
  const payouts = usePagedApi<PayoutView>('/me/payouts');
  return (
    <>
      <h1>Your payouts</h1>
      <Loaded resource={method} label="Loading your payout method…">
        {(current) =>
          current ? (
            <p className="lead">
              Your pay goes to {describePayoutMethod(current)}. <Link href="/profile">Change it</Link>.
            </p>
          ) : (
            <p className="lead">
              You have no payout method yet: <Link href="/profile">add your mobile money number</Link> to be paid.
            </p>
          )
        }
      </Loaded>
      <PagedItems
        resource={payouts}
        label="Loading your payouts…"
        empty="No payouts yet: you are paid for each shift once it is completed."
      >
        {(payout) => {
          const headingId = `payout-${payout.id}`;
          return (
            <li key={payout.id} className="card" aria-labelledby={headingId}>
              <h2 id={headingId}>
                {formatUGX(payout.amount)} on {formatKampalaDate(payout.createdAt)} <PayoutStatusBadge status={payout.status} />
              </h2>
              <PayoutDetails payout={payout} />
              <p>
                <Link href={`/jobs/${payout.jobId}`} aria-describedby={headingId}>
                  See the shift
                </Link>
              </p>
              <ReceiptButton payout={payout} />
            </li>
          );
        }}
      </PagedItems>
    </>
  );
}
