import { Link } from 'wouter';
import { LinkConfirmation } from '../components/link-confirmation';

export default function ConfirmEmail() {
  return (
    <section className="narrow">
      <h1>Confirm your new email address</h1>
      <LinkConfirmation
        endpoint="/me/email/confirm"
        pending="Changing your address…"
        done={<p>Your account now uses this email address. Sign in with it from now on.</p>}
      />
      <p>
        <Link href="/account">Go to your account</Link>
      </p>
    </section>
  );
}
