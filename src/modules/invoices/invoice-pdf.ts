import { formatUgx } from '../../contracts/money.js';
import { formatKampalaDateTime } from '../../contracts/time.js';
import { renderStatement } from '../../platform/pdf.js';

/** What an invoice says: the institution billed, the shift, the amounts and the payment that settled them. */
export interface InvoiceFacts {
  number: string;
  issuedAt: Date;
  institution: { name: string; address: string | null; district: string | null };
  shift: { jobId: string; role: string; startsAt: Date; endTime: string; hours: number };
  pay: number;
  fee: number;
  feePercent: number;
  total: number;
  confirmationCode: string | null;
}

export function renderInvoice(facts: InvoiceFacts): Promise<Buffer> {
  const { institution, shift } = facts;
  return renderStatement({
    title: 'Invoice',
    number: facts.number,
    issuedAt: facts.issuedAt,
    sections: [
      {
        heading: 'Billed to',
        rows: [
          ['Institution', institution.name],
          ['Address', institution.address ?? '-'],
          ['District', institution.district ?? '-'],
        ],
      },
      {
        heading: 'Shift',
        rows: [
          ['Role', shift.role],
          ['Date and time', `${formatKampalaDateTime(shift.startsAt.toISOString())}-${shift.endTime} (Kampala time)`],
          ['Hours', String(shift.hours)],
          ['Job reference', shift.jobId],
        ],
      },
      {
        heading: 'Amount',
        totalRow: true,
        rows: [
          ["Professional's pay", formatUgx(facts.pay)],
          [`Qgig fee (${facts.feePercent}%)`, formatUgx(facts.fee)],
          ['Total paid', formatUgx(facts.total)],
        ],
      },
      {
        heading: 'Payment',
        rows: [
          ['Paid through', 'PesaPal'],
          ['Confirmation code', facts.confirmationCode ?? '-'],
          ['Paid on', `${formatKampalaDateTime(facts.issuedAt.toISOString())} (Kampala time)`],
        ],
      },
    ],
    note: 'Amounts are in Uganda shillings (UGX). The total was paid in full through PesaPal; this invoice is also the receipt for it.',
  });
}
