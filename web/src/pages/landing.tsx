import { Link } from 'wouter';
import { useSession } from '../api/session';
import { HOME_PATH } from '../routes';

export default function Landing() {
  const session = useSession();
  return (
    <>
      <section className="hero">
        <h1>Substitute staff for Uganda, the same day</h1>
        <p className="lead">
          When a teacher, nurse or caregiver cannot come in, Qgig lists the shift for verified professionals, ranks those free at that time,
          and the institution pays through PesaPal by mobile money or card.
        </p>
        {session.status === 'signed-in' ? (
          <Link href={HOME_PATH} className="button">
            Go to your home page
          </Link>
        ) : (
          <p className="actions">
            <Link href="/register?role=institution" className="button">
              Register an institution
            </Link>
            <Link href="/register?role=professional" className="button button-secondary">
              Join as a professional
            </Link>
          </p>
        )}
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="for-institutions">
          <h2 id="for-institutions">For schools, clinics, hospitals and households</h2>
          <ul className="ticks">
            <li>Post a shift in a few minutes: the role, the skills, the time and the rate in shillings.</li>
            <li>See the verified professionals free at that time, ranked by skills, experience and ratings.</li>
            <li>Only professionals whose national ID and credentials Qgig has checked can take a shift.</li>
            <li>Pay through PesaPal with MTN Mobile Money, Airtel Money or a card, then rate the work.</li>
          </ul>
        </section>
        <section className="card" aria-labelledby="for-professionals">
          <h2 id="for-professionals">For teachers, nurses and caregivers</h2>
          <ul className="ticks">
            <li>Get verified once: upload your national ID and your certificates.</li>
            <li>See the shifts for your roles that fit the hours you are free, ranked by your skills, experience and ratings.</li>
            <li>Accept a shift in one tap; the first verified professional to accept gets it.</li>
            <li>See the institution’s address and contact once the shift is yours, and build your reputation with every rating.</li>
          </ul>
        </section>
      </div>

      <section aria-labelledby="privacy">
        <h2 id="privacy">Your data is guarded</h2>
        <p>
          Identity documents are encrypted and seen only by Qgig’s verification staff. Contact details are shared only once a shift is
          assigned. Qgig follows the Uganda Data Protection and Privacy Act, 2019.
        </p>
        {session.status !== 'signed-in' && (
          <p>
            Already registered? <Link href="/login">Sign in</Link>.
          </p>
        )}
      </section>
    </>
  );
}
