import { PaymentBody, type StartedPayment, type TransactionView } from '@contracts/payments';
import type { JobView } from '@contracts/jobs';
import { api } from '../../api/client';
import { RadioGroup, TextField } from '../fields';
import { Form } from '../form';
import { Details } from '../details';
import { Loaded } from '../status';
import { formatKampalaDateTime, formatUGX } from '../../lib/format';
import { formatPrice } from '../../lib/jobs';
import type { Resource } from '../../lib/use-api';
import { validate } from '../../lib/validate';

const METHOD_LABELS: Record<TransactionView['paymentMethod'], string> = { mobile_money: 'Mobile money (MTN, Airtel)', card: 'Card' };
const METHOD_CHOICES = Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }));
const PAYMENT_STATUS_LABELS: Record<TransactionView['status'], string> = {
  pending: 'Waiting for PesaPal',
  completed: 'Paid',
  failed: 'Failed',
  reversed: 'Reversed',
};

type Payments = Resource<{ items: TransactionView[] }>;

/**
 * For an assigned job: the way back to PesaPal's checkout while a payment is pending (it expires
 * after a while, and a new one can then start), otherwise the form that starts one.
 */
export function PayOrContinue({ job, payments }: { job: JobView; payments: Payments }) {
  return (
    <Loaded resource={payments} label="Loading payments…">
      {({ items }) => {
        const pending = items.find((payment) => payment.status === 'pending' && payment.redirectUrl);
        return pending?.redirectUrl ? (
          <>
            <p>A payment of {formatUGX(pending.amount)} is waiting at PesaPal.</p>
            <a className="button" href={pending.redirectUrl}>
              Continue payment
            </a>
          </>
        ) : (
          <PayForm job={job} />
        );
      }}
    </Loaded>
  );
}

/** Starts a PesaPal payment for an assigned job and sends the browser to PesaPal's checkout. */
function PayForm({ job }: { job: JobView }) {
  async function pay(data: FormData) {
    const body = validate(PaymentBody, {
      method: data.get('method') ?? undefined,
      phone: (data.get('phone') as string | null)?.trim() || undefined,
    });
    const started = await api.post<StartedPayment>(`/jobs/${job.id}/payments`, body);
    window.location.assign(started.redirectUrl);
  }
  return (
    <Form onSubmit={pay} submitLabel={`Pay ${formatUGX(job.total)} with PesaPal`} pendingLabel="Opening PesaPal…" label="Pay for the shift">
      <p>{formatPrice(job)}</p>
      <RadioGroup name="method" legend="Pay by" choices={METHOD_CHOICES} defaultValue="mobile_money" />
      <TextField
        name="phone"
        label="Mobile money number (optional)"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        hint="Leave empty to pay from your account’s phone number."
      />
    </Form>
  );
}

/** The job's payment attempts, newest first, with where each stands. */
export function PaymentAttempts({ payments }: { payments: Payments }) {
  return (
    <Loaded resource={payments} label="Loading payments…">
      {({ items }) =>
        items.length === 0 ? (
          <p>No payment yet.</p>
        ) : (
          <ul className="plain-list">
            {items.map((payment) => (
              <li key={payment.id} className="card">
                <h3>
                  {formatUGX(payment.amount)}{' '}
                  <span className={`badge badge-payment-${payment.status}`}>{PAYMENT_STATUS_LABELS[payment.status]}</span>
                </h3>
                <Details
                  items={[
                    ['Started', formatKampalaDateTime(payment.createdAt)],
                    ['Method', payment.providerMethod ?? METHOD_LABELS[payment.paymentMethod]],
                    ...(payment.settledAt ? [['Settled', formatKampalaDateTime(payment.settledAt)] as [string, string]] : []),
                    ...(payment.confirmationCode ? [['Confirmation code', payment.confirmationCode] as [string, string]] : []),
                    ...(payment.refundStatus ? [['Refund', payment.refundStatus] as [string, string]] : []),
                  ]}
                />
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
