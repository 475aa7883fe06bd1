import { useState } from 'react';
import { Link } from 'wouter';
import type { Me } from '../api/auth';
import { InstitutionProfileForm } from '../components/profile/institution-form';
import { ProfessionalProfileForm } from '../components/profile/professional-form';
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
