import { OtpRequestBody } from '@contracts/accounts';
import { api } from '../api/client';
import { validate } from '../lib/validate';
import { TextField, type TextFieldProps } from './fields';
import { Form } from './form';
import { Notice } from './status';

type Props = Omit<TextFieldProps, 'name' | 'label' | 'type'> & { name?: string; label?: string };

/** A Ugandan phone number, in any form people type it (the server reads 0772…, 772… and +256772…). */
export function PhoneField({ name = 'phone', label = 'Phone number', hint = 'A Ugandan number, such as 0772 123 456.', ...input }: Props) {
  return <TextField name={name} label={label} type="tel" autoComplete="tel" inputMode="tel" required hint={hint} {...input} />;
}

/** The 6-digit code of an SMS; phones offer to fill it in from the message. */
export function SmsCodeField({ name = 'code', label = 'Code from the SMS', hint = 'The 6 digits in the SMS.', ...input }: Props) {
  return (
    <TextField name={name} label={label} autoComplete="one-time-code" inputMode="numeric" maxLength={9} required hint={hint} {...input} />
  );
}

/** Step one of anything confirmed by an SMS code: the phone number, sent to `path`. */
export function SendCodeForm({
  path,
  submitLabel,
  onSent,
}: {
  path: '/auth/otp' | '/auth/password-reset';
  submitLabel: string;
  onSent: (phone: string) => void;
}) {
  async function send(data: FormData) {
    const body = validate(OtpRequestBody, { phone: data.get('phone') });
    await api.post(path, body);
    onSent(body.phone);
  }
  return (
    <Form onSubmit={send} submitLabel={submitLabel} pendingLabel="Sending…">
      <PhoneField />
    </Form>
  );
}

/** Says where the code went without saying whether the number has an account, and offers to start again. */
export function CodeSentNotice({ phone, minutes, onRestart }: { phone: string; minutes: number; onRestart: () => void }) {
  return (
    <Notice>
      <p>
        If a Qgig account uses <strong>{phone}</strong>, we have sent it a code by SMS. It works for {minutes} minutes and 3 tries.
      </p>
      <p>
        No SMS after a minute?{' '}
        <button type="button" className="button-link" onClick={onRestart}>
          Check the number and ask again
        </button>
      </p>
    </Notice>
  );
}
