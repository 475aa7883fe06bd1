import { Link } from 'wouter';
import { LinkConfirmation } from '../components/link-confirmation';

export default function VerifyEmail() {
  return (
    <section className="narrow">
      <h1>Confirm your email address</h1>
      <LinkConfirmation
        endpoint="/auth/verify-email"
        pending="Confirming your address…"
        done={<p>Thank you: your email address is confirmed. Qgig will email you about your shifts and payments.</p>}
      />
      <p>
        <Link href="/account">Go to your account</Link>, where you can ask for a new link.
      </p>
    </section>
  );
}
