import { useState } from 'react';
import { Link } from 'wouter';
import { PasswordResetBody, PasswordResetConfirmBody } from '@contracts/accounts';
import { api } from '../api/client';
import { endSession } from '../api/session';
import { PasswordField, RadioGroup, TextField } from '../components/fields';
import { Form } from '../components/form';
import { PasswordResetDone } from '../components/password-reset-done';
import { CodeSentNotice, SendCodeForm, SmsCodeField } from '../components/phone-fields';
import { Notice } from '../components/status';
import { NEW_PASSWORD_HINT } from '../lib/labels';
import { validate } from '../lib/validate';

const METHODS = [
  { value: 'email', label: 'By email', hint: 'A link to the email address of your account' },
  { value: 'phone', label: 'By SMS', hint: 'A code to the phone number of your account' },
];

export default function ForgotPassword() {
  const [method, setMethod] = useState('email');
  return (
    <section className="narrow">
      <h1>Forgotten your password?</h1>
      <RadioGroup name="method" legend="How should we reach you?" choices={METHODS} defaultValue="email" onChange={setMethod} />
      {method === 'email' ? <ResetByEmail /> : <ResetBySms />}
      <p>
        Remembered it? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}

function ResetByEmail() {
  const [sentTo, setSentTo] = useState<string>();

  async function requestLink(data: FormData) {
    const body = validate(PasswordResetBody, { email: data.get('email') });
    await api.post('/auth/password-reset', body);
    setSentTo(body.email);
  }

  return sentTo ? (
    <Notice>
      <p>
        If a Qgig account uses <strong>{sentTo}</strong>, we have sent it a link to choose a new password. The link works once, for 30
        minutes.
      </p>
      <p>No email after a few minutes? Look in your spam folder, or check the address and ask again.</p>
    </Notice>
  ) : (
    <>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <Form onSubmit={requestLink} submitLabel="Send the link" pendingLabel="Sending…">
        <TextField name="email" label="Email address" type="email" autoComplete="email" inputMode="email" required />
      </Form>
    </>
  );
}

function ResetBySms() {
  const [phone, setPhone] = useState<string>();
  const [done, setDone] = useState(false);

  async function reset(data: FormData) {
    const body = validate(PasswordResetConfirmBody, { phone, code: data.get('code'), password: data.get('password') });
    await api.post('/auth/password-reset/confirm', body);
    // Every session of the account ended, this browser's too.
    endSession();
    setDone(true);
  }

  if (done) return <PasswordResetDone />;
  return phone ? (
    <>
      <CodeSentNotice phone={phone} minutes={30} onRestart={() => setPhone(undefined)} />
      <Form onSubmit={reset} submitLabel="Save the new password" pendingLabel="Saving…">
        <SmsCodeField />
        <PasswordField name="password" label="New password" hint={NEW_PASSWORD_HINT} autoComplete="new-password" required />
      </Form>
    </>
  ) : (
    <>
      <p>Enter the phone number of your account and we will send it a code by SMS to choose a new password.</p>
      <SendCodeForm path="/auth/password-reset" submitLabel="Send me a code" onSent={setPhone} />
    </>
  );
}
