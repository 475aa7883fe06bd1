import { useState } from 'react';
import type { JobView } from '@contracts/jobs';
import type { PayoutView } from '@contracts/payouts';
import type { Outcome } from '../jobs/outcome';
import type { Page } from '../../lib/use-paged-api';
import { useApi } from '../../lib/use-api';
import { Loaded } from '../status';
import { PayoutDetails, ReceiptButton } from './payout-details';
import { describePayoutMethod, PayoutMethodForm, usePayoutMethod } from './payout-method';

/** Asks the professional holding a shift for the wallet to pay them to, while they have none. */
export function PayoutMethodPrompt({ onOutcome }: { onOutcome: (outcome: Outcome) => void }) {
  const method = usePayoutMethod();
  const [saved, setSaved] = useState(false);
  if (method.status !== 'ready' || method.data || saved) return null;
  return (
    <section className="card" aria-labelledby="payout-method-heading">
      <h2 id="payout-method-heading">How you will be paid</h2>
      <p>Qgig pays you by mobile money once the institution approves your timesheet. Which number should it send your pay to?</p>
      <PayoutMethodForm
        method={null}
        onSaved={(answer) => {
          setSaved(true);
          onOutcome({ text: `Thank you: your pay will go to ${describePayoutMethod(answer)}.` });
        }}
      />
    </section>
  );
}

/** The payout of a completed shift: how much, to which wallet, and whether it arrived. */
export function JobPayout({ job }: { job: JobView }) {
  const payouts = useApi<Page<PayoutView>>(`/me/payouts?jobId=${job.id}`);
  return (
    <section className="card" aria-labelledby="payout-heading">
      <h2 id="payout-heading">Your payout</h2>
      <Loaded resource={payouts} label="Loading your payout…">
        {({ items }) => {
          const payout = items.find((item) => item.purpose === 'pay');
          if (!payout) return <p>Your pay for this shift is being prepared.</p>;
          return (
            <>
              <PayoutDetails payout={payout} />
              {payout.status === 'pending' && !payout.phone && <p>Add your mobile money number above to receive it.</p>}
              <ReceiptButton payout={payout} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
