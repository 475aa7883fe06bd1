import type { LedgerView } from '@contracts/ledger';
import { Details } from '../../components/details';
import { ErrorMessage, Loaded, Notice } from '../../components/status';
import { formatUGX } from '../../lib/format';
import { LEDGER_ACCOUNT_LABELS } from '../../lib/labels';
import { useApi } from '../../lib/use-api';

/** The escrow ledger's balances, and the check that every journal balances. */
export default function AdminLedger() {
  const ledger = useApi<LedgerView>('/admin/ledger');
  return (
    <>
      <h1>Ledger</h1>
      <p className="lead">
        Every movement of money is a journal whose entries sum to zero. What institutions paid in shows as a negative balance; the other
        accounts hold where that money is now.
      </p>
      <Loaded resource={ledger} label="Adding up the ledger…">
        {({ accounts, unbalancedJournals }) => (
          <>
            {unbalancedJournals === 0 ? (
              <Notice>
                <p>Every journal balances.</p>
              </Notice>
            ) : (
              <ErrorMessage error={`${unbalancedJournals} journals do not balance. Tell the engineers at once.`} />
            )}
            <section className="card" aria-labelledby="balances-heading">
              <h2 id="balances-heading">Balances</h2>
              <Details
                items={[
                  ...accounts.map(({ account, balance }): [string, string] => [LEDGER_ACCOUNT_LABELS[account], formatUGX(balance)]),
                  ['Unbalanced journals', String(unbalancedJournals)],
                ]}
              />
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}
