import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { PasswordResetConfirmBody } from '@contracts/accounts';
import { api } from '../api/client';
import { endSession } from '../api/session';
import { PasswordField } from '../components/fields';
import { Form } from '../components/form';
import { PasswordResetDone } from '../components/password-reset-done';
import { ErrorMessage } from '../components/status';
import { NEW_PASSWORD_HINT } from '../lib/labels';
import { validate } from '../lib/validate';

export default function ResetPassword() {
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [done, setDone] = useState(false);

  async function reset(data: FormData) {
    const body = validate(PasswordResetConfirmBody, { token, password: data.get('password') });
    await api.post('/auth/password-reset/confirm', body);
    // Every session of the account ended, this browser's too.
    endSession();
    setDone(true);
  }

  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      {done ? (
        <PasswordResetDone />
      ) : token ? (
        <Form onSubmit={reset} submitLabel="Save the new password" pendingLabel="Saving…">
          <PasswordField name="password" label="New password" hint={NEW_PASSWORD_HINT} autoComplete="new-password" required />
        </Form>
      ) : (
        <ErrorMessage error="This link is incomplete. Open the link from the email again, or ask for a new one." />
      )}
      <p>
        Link expired or already used? <Link href="/forgot-password">Ask for a new one</Link>.
      </p>
    </section>
  );
}
