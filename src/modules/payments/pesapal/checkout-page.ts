import { formatUgx } from '../../../contracts/money.js';
import { escapeHtml } from '../../../platform/html.js';
import { PAYMENT_METHODS, type SimulatedOrder } from './simulator-state.js';

const STYLE = `
  body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a}
  main{max-width:26rem;margin:0 auto;padding:1.25rem}
  .card{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
  h1{font-size:1.25rem;margin:0 0 .25rem} .sim{font-size:.8rem;color:#5a3d00;background:#fff4d6;padding:.4rem .6rem;border-radius:.4rem}
  dl{display:grid;grid-template-columns:auto 1fr;gap:.35rem .75rem;margin:1rem 0} dt{color:#4a4a4a} dd{margin:0;font-weight:600}
  fieldset{border:1px solid #c9cfd6;border-radius:.5rem;margin:0 0 1rem;padding:.75rem} legend{padding:0 .25rem}
  label{display:block;margin:.35rem 0} input[type=tel]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #6b7580;border-radius:.4rem}
  .actions{display:flex;gap:.75rem;flex-wrap:wrap} button{flex:1;min-height:2.75rem;font-size:1rem;border-radius:.4rem;border:0;cursor:pointer}
  .approve{background:#0b6b3a;color:#fff} .decline{background:#fff;color:#8a1c1c;border:2px solid #8a1c1c}
  :focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}`;

/** The hosted payment page the simulator serves at redirect_url; its form posts approve or decline back. */
export function renderCheckoutPage(order: SimulatedOrder, actionUrl: string): string {
  const settled = order.status !== 'PENDING';
  const phone = order.billing.phone_number ?? '';
  const methods = Object.entries(PAYMENT_METHODS)
    .map(
      ([value, label], index) =>
        `<label><input type="radio" name="method" value="${value}"${index === 0 ? ' checked' : ''}> ${escapeHtml(label)}</label>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pay ${escapeHtml(formatUgx(order.amount))} · PesaPal simulator</title><style>${STYLE}</style></head>
<body><main><div class="card">
<p class="sim" role="note">PesaPal simulator: no real money moves.</p>
<h1>Pay Qgig</h1>
<dl><dt>Merchant</dt><dd>Qgig</dd><dt>Amount</dt><dd>${escapeHtml(formatUgx(order.amount))}</dd>
<dt>For</dt><dd>${escapeHtml(order.description)}</dd><dt>Reference</dt><dd>${escapeHtml(order.merchantReference)}</dd></dl>
${
  settled
    ? `<p>This order is already ${escapeHtml(order.status.toLowerCase())}.</p>`
    : `<form method="post" action="${escapeHtml(actionUrl)}">
<fieldset><legend>Pay with</legend>${methods}</fieldset>
<label for="phone">Mobile money number</label>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" value="${escapeHtml(phone)}">
<p class="actions"><button class="approve" type="submit" name="action" value="approve">Approve payment</button>
<button class="decline" type="submit" name="action" value="decline">Decline</button></p>
</form>`
}
</div></main></body></html>`;
}

export function renderMissingOrderPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Order not found · PesaPal simulator</title></head>
<body><main><h1>Order not found</h1><p>This payment link is not valid.</p></main></body></html>`;
}
