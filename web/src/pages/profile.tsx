import type { PayoutMethodView } from '@contracts/payouts';
import { useState } from 'react';
import { Link } from 'wouter';
import type { Me } from '../api/auth';
import { InstitutionProfileForm } from '../components/profile/institution-form';
import { ProfessionalProfileForm } from '../components/profile/professional-form';
import { describePayoutMethod, PayoutMethodForm, usePayoutMethod } from '../components/payouts/payout-method';
import { Loaded, Notice } from '../components/status';
import { formatKampalaDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';

export default function Profile() {
  const me = useApi<Me>('/me');
  const [savedAt, setSavedAt] = useState<string>();
  const onSaved = ({ updatedAt }: { updatedAt: string }) => {
    setSavedAt(updatedAt);
    window.scrollTo({ top: 0 });
  };

  return (
    <section className="narrow">
      <h1>Your profile</h1>
      {savedAt && (
        <Notice>
          <p>Your profile is saved ({formatKampalaDateTime(savedAt)}).</p>
        </Notice>
      )}
      <Loaded resource={me} label="Loading your profile…">
        {({ user, professional, institution, verification }) =>
          user.role === 'professional' ? (
            <>
              <p className="lead">Institutions see this profile, and Qgig uses it to offer you shifts that fit.</p>
              {verification && !verification.verified && (
                <p>
                  You are not verified yet: <Link href="/documents">upload your national ID and a certificate or licence</Link>.
                </p>
              )}
              <ProfessionalProfileForm profile={professional} onSaved={onSaved} />
              <PayoutMethodSection />
            </>
          ) : (
            <>
              <p className="lead">Professionals see your institution’s name, kind and district when you post a shift.</p>
              <InstitutionProfileForm profile={institution} onSaved={onSaved} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** Where the professional's pay goes: a mobile money wallet, saved apart from the profile. */
function PayoutMethodSection() {
  const method = usePayoutMethod();
  const [saved, setSaved] = useState<PayoutMethodView>();
  return (
    <section className="card" aria-labelledby="payout-method-heading">
      <h2 id="payout-method-heading">How you are paid</h2>
      <Loaded resource={method} label="Loading your payout method…">
        {(loaded) => {
          const current = saved ?? loaded;
          return (
            <>
              <p>
                {current
                  ? `Your pay goes to ${describePayoutMethod(current)}.`
                  : 'Add the mobile money number your pay should go to: a completed shift is paid only once you have one.'}
              </p>
              <PayoutMethodForm method={current} onSaved={setSaved} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
