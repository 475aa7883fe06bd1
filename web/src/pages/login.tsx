import { Link, useLocation, useSearch } from 'wouter';
import { login } from '../api/auth';
import { PasswordField, TextField } from '../components/fields';
import { Form } from '../components/form';
import { safeNext } from '../components/guard';

export default function Login() {
  const [, navigate] = useLocation();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));

  async function signIn(data: FormData) {
    await login({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
    navigate(next, { replace: true });
  }

  return (
    <section className="narrow">
      <h1>Sign in</h1>
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
