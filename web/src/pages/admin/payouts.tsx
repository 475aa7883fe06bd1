import type { AdminPayoutView } from '@contracts/payouts';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/client';
import { asApiError } from '../../api/problem';
import { ConfirmButton } from '../../components/confirm-button';
import { Details } from '../../components/details';
import { PagedItems } from '../../components/load-more';
import type { Outcome } from '../../components/jobs/outcome';
import { PayoutDetails } from '../../components/payouts/payout-details';
import { OutcomeMessage } from '../../components/status';
import { formatKampalaDateTime, formatUGX } from '../../lib/format';
import { usePagedApi } from '../../lib/use-paged-api';

const PURPOSE_LABELS: Record<AdminPayoutView['purpose'], string> = {
  pay: 'A professional’s pay',
  refund: 'A refund to the institution',
};

/** Payouts the network refused for good, waiting for an administrator to send them again. */
export default function AdminPayouts() {
  const payouts = usePagedApi<AdminPayoutView>('/admin/payouts?status=failed');
  const [outcome, setOutcome] = useState<Outcome>();

  function report(next: Outcome) {
    setOutcome(next);
    payouts.reload();
    window.scrollTo({ top: 0 });
  }

  return (
    <>
      <h1>Failed payouts</h1>
      <p className="lead">
        Payouts the network refused (an unregistered number, a full wallet, a limit). Fix the cause with the person first if you can, then
        send it again: it goes under a new reference.
      </p>
      {outcome && <OutcomeMessage outcome={outcome} />}
      <PagedItems resource={payouts} label="Loading failed payouts…" empty="No failed payouts.">
        {(payout) => {
          const headingId = `payout-${payout.id}`;
          return (
            <li key={payout.id} className="card" aria-labelledby={headingId}>
              <h2 id={headingId}>
                {formatUGX(payout.amount)} to {payout.phone ?? 'no number'}
              </h2>
              <PayoutDetails payout={payout} />
              <Details
                items={[
                  ['For', PURPOSE_LABELS[payout.purpose]],
                  ['Created', formatKampalaDateTime(payout.createdAt)],
                  ['Attempts', String(payout.attempts)],
                  ['Shift', <Link href={`/jobs/${payout.jobId}`}>See the job</Link>],
                ]}
              />
              <ConfirmButton
                copy={{
                  ask: 'Retry…',
                  question: `Send ${formatUGX(payout.amount)} to ${payout.phone ?? 'this payout'} again?`,
                  confirm: 'Yes, send it again',
                  keep: 'Not now',
                  group: 'Confirm the retry',
                }}
                onConfirm={async () => {
                  try {
                    await api.post(`/admin/payouts/${payout.id}/retry`);
                    report({ text: `The payout of ${formatUGX(payout.amount)} to ${payout.phone ?? 'the payee'} is sent again.` });
                  } catch (caught) {
                    report({ text: asApiError(caught).message, error: true });
                  }
                }}
              />
            </li>
          );
        }}
      </PagedItems>
    </>
  );
}
