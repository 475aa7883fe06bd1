import { useState } from 'react';
import { Link } from 'wouter';
import { PasswordResetBody } from '@contracts/accounts';
import { api } from '../api/client';
import { TextField } from '../components/fields';
import { Form } from '../components/form';
import { Notice } from '../components/status';
import { validate } from '../lib/validate';

export default function ForgotPassword() {
  const [sentTo, setSentTo] = useState<string>();

  async function requestLink(data: FormData) {
    const body = validate(PasswordResetBody, { email: data.get('email') });
    await api.post('/auth/password-reset', body);
    setSentTo(body.email);
  }

  return (
    <section className="narrow">
      <h1>Forgotten your password?</h1>
      {sentTo ? (
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
      )}
      <p>
        Remembered it? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
