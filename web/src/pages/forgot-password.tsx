import { Link } from 'wouter';
import { SUPPORT_EMAIL } from '../lib/support';

export default function ForgotPassword() {
  return (
    <section className="narrow">
      <h1>Forgotten your password?</h1>
      <p>Qgig cannot reset passwords by email yet. Qgig’s support staff can reset it for you:</p>
      <ol>
        <li>
          Write to <a href={`mailto:${SUPPORT_EMAIL}?subject=Password%20reset`}>{SUPPORT_EMAIL}</a> from the email address you registered with.
        </li>
        <li>Give your full name and the phone number on your account. Never send your old password.</li>
        <li>Support checks that the account is yours, then tells you how to set a new password.</li>
      </ol>
      <p>
        Remembered it? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
