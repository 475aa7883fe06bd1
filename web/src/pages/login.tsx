import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { login } from '../api/auth';
import { PasswordField, TextField } from '../components/fields';
import { Form } from '../components/form';
import { safeNext } from '../components/guard';
import { SuspendedNotice, suspensionOf, type Suspension } from '../components/suspended-notice';

export default function Login() {
  const [, navigate] = useLocation();
  const search = useSearch();
  const next = safeNext(new URLSearchParams(search).get('next'));
  const [suspension, setSuspension] = useState<Suspension>();

  async function signIn(data: FormData) {
    setSuspension(undefined);
    try {
      await login({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
    } catch (error) {
      const suspended = suspensionOf(error);
      if (!suspended) throw error;
      setSuspension(suspended);
      return;
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
        <Link href={`/login/code${search ? `?${search}` : ''}`}>Sign in with a code by SMS</Link>
      </p>
      <p>
        <Link href="/forgot-password">Forgotten your password?</Link>
      </p>
      <p>
        New to Qgig? <Link href="/register">Create an account</Link>.
      </p>
    </section>
  );
}
