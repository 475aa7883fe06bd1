import { ReasonBody } from '@contracts/admin';
import { TextAreaField } from './fields';
import { Form } from './form';
import { validate } from '../lib/validate';

/** An action that needs a written reason (reject, suspend, activate): audited and, for rejections, shown to the person. */
export function ReasonForm({
  label,
  hint,
  submitLabel,
  pendingLabel,
  onSubmit,
}: {
  label: string;
  hint?: string;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (reason: string) => Promise<void>;
}) {
  return (
    <Form
      label={submitLabel}
      submitLabel={submitLabel}
      pendingLabel={pendingLabel}
      onSubmit={async (data) => onSubmit(validate(ReasonBody, { reason: data.get('reason') }).reason)}
    >
      <TextAreaField name="reason" label={label} hint={hint} rows={3} maxLength={500} required />
    </Form>
  );
}
