import { formatUgx } from '../../contracts/money.js';
import { escapeHtml } from '../../platform/html.js';
import type { TransactionRow } from './repository.js';

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a}
main{max-width:26rem;margin:0 auto;padding:1.25rem}.card{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 .5rem}a{color:#0b4f94;font-weight:600}:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}`;

const OUTCOMES: Record<TransactionRow['status'], { title: string; text: string }> = {
  pending: {
    title: 'Waiting for your payment',
    text: 'Approve the payment on your phone if asked. This page refreshes until PesaPal confirms it.',
  },
  completed: { title: 'Payment received', text: 'Thank you. The shift is booked and paid; the professional has been told.' },
  failed: { title: 'The payment did not go through', text: 'Nothing was charged. You can try again from the job’s page.' },
  reversed: { title: 'The payment was reversed', text: 'PesaPal reversed this payment. Contact Qgig support if you did not expect this.' },
};

/** The page PesaPal's callback lands on: the payment's outcome, refreshing itself while it is pending. */
export function renderOutcomePage(transaction: TransactionRow | undefined, publicUrl: string): string {
  const outcome = transaction
    ? OUTCOMES[transaction.status]
    : { title: 'Payment not found', text: 'We could not find this payment. Open your jobs to see where things stand.' };
  const link = transaction ? `${publicUrl}/jobs/${transaction.jobId}` : `${publicUrl}/jobs/mine`;
  const refresh = transaction?.status === 'pending' ? '<meta http-equiv="refresh" content="3">' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh}
<title>${escapeHtml(outcome.title)} · Qgig</title><style>${STYLE}</style></head>
<body><main><div class="card" role="status">
<h1>${escapeHtml(outcome.title)}</h1>
${transaction ? `<p><strong>${escapeHtml(formatUgx(transaction.amount))}</strong></p>` : ''}
<p>${escapeHtml(outcome.text)}</p>
<p><a href="${escapeHtml(link)}">Back to the job</a></p>
</div></main></body></html>`;
}
