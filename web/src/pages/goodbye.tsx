import { Link } from 'wouter';

export default function Goodbye() {
  return (
    <section className="narrow">
      <h1>Your account is deleted</h1>
      <p>Your personal data has been erased and every session signed out. Thank you for using Qgig.</p>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </section>
  );
}
