import { Link } from 'wouter';
import { Notice } from './status';

export function PasswordResetDone() {
  return (
    <Notice>
      <p>Your password is changed, and every device that was signed in is signed out.</p>
      <p>
        <Link href="/login">Sign in with your new password</Link>
      </p>
    </Notice>
  );
}
