import { PAYOUT_NETWORKS, PayoutMethodBody, type PayoutMethodView } from '@contracts/payouts';
import { useState } from 'react';
import { api } from '../../api/client';
import { PAYOUT_NETWORK_LABELS } from '../../lib/labels';
import { useApi, type Resource } from '../../lib/use-api';
import { validate } from '../../lib/validate';
import { RadioGroup, TextField } from '../fields';
import { Form } from '../form';
import { Notice } from '../status';

const NETWORK_CHOICES = PAYOUT_NETWORKS.map((network) => ({ value: network, label: PAYOUT_NETWORK_LABELS[network] }));

/** The caller's payout method, or null while they have none (the API answers 404). */
export function usePayoutMethod(): Resource<PayoutMethodView | null> {
  const method = useApi<PayoutMethodView>('/me/payout-method');
  if (method.status === 'error' && method.error.status === 404) return { status: 'ready', data: null, reload: method.reload };
  return method;
}

/** "0772 123456 (MTN Mobile Money), registered to JOHN OKELLO". */
export function describePayoutMethod({ phone, network, accountName }: PayoutMethodView): string {
  return `${phone} (${PAYOUT_NETWORK_LABELS[network]})${accountName ? `, registered to ${accountName}` : ''}`;
}

/**
 * The mobile money wallet a professional is paid to. After saving it shows what the network says the
 * wallet is registered to, so a mistyped number shows up as a stranger's name.
 */
export function PayoutMethodForm({
  method,
  onSaved,
  submitLabel = 'Save payout method',
}: {
  method: PayoutMethodView | null;
  onSaved: (saved: PayoutMethodView) => void;
  submitLabel?: string;
}) {
  const [saved, setSaved] = useState<PayoutMethodView>();
  async function save(data: FormData) {
    const body = validate(PayoutMethodBody, { phone: data.get('phone'), network: data.get('network') ?? undefined });
    const answer = await api.put<PayoutMethodView>('/me/payout-method', body);
    setSaved(answer);
    onSaved(answer);
  }
  return (
    <>
      {saved && (
        <Notice>
          <p>Your payouts go to {describePayoutMethod(saved)}.</p>
          {!saved.accountName && <p>The network did not tell us the name on this number: check it is yours.</p>}
        </Notice>
      )}
      <Form label="Payout method" onSubmit={save} submitLabel={submitLabel} pendingLabel="Saving…">
        <TextField
          name="phone"
          label="Mobile money number"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          defaultValue={method?.phone ?? ''}
          hint="Such as 0772 123456. Your pay for each completed shift is sent here."
          required
        />
        <RadioGroup name="network" legend="Network" choices={NETWORK_CHOICES} defaultValue={method?.network} />
      </Form>
    </>
  );
}
