import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { login } from '../api/auth';
import { ApiError } from '../api/problem';
import { PasswordField, TextField } from '../components/fields';
import { Form } from '../components/form';
import { safeNext } from '../components/guard';

interface Suspension {
  reason: string | null;
  support: { email: string; phone: string | null };
}

export default function Login() {
  const [, navigate] = useLocation();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const [suspension, setSuspension] = useState<Suspension>();

  async function signIn(data: FormData) {
    setSuspension(undefined);
    try {
      await login({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'account-suspended') {
        setSuspension(error.problem as unknown as Suspension);
        return;
      }
      throw error;
    }
    navigate(next, { replace: true });
  }

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {suspension && <SuspendedNotice suspension={suspension} />}
      <Form onSubmit={signIn} submitLabel="Sign in" pendingLabel="Signing in…">
        <TextField name="email" label="Email address" type="email" autoComplete="email" inputMode="email" required />
        <PasswordField name="password" label="Password" autoComplete="current-password" required />
      </Form>
      <p>
        <Link href="/forgot-password">Forgotten your password?</Link>
      </p>
      <p>
        New to Qgig? <Link href="/register">Create an account</Link>.
      </p>
    </section>
  );
}

function SuspendedNotice({ suspension: { reason, support } }: { suspension: Suspension }) {
  return (
    <div className="message message-error" role="alert">
      <p>
        <strong>Your account is suspended.</strong>
        {reason ? ` Reason given: ${reason}` : ''}
      </p>
      <p>
        To talk about it, contact Qgig support: <a href={`mailto:${support.email}`}>{support.email}</a>
        {support.phone && (
          <>
            {' '}
            or <a href={`tel:${support.phone.replace(/\s/g, '')}`}>{support.phone}</a>
          </>
        )}
        .
      </p>
    </div>
  );
}
