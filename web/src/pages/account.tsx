import { useState } from 'react';
import { useLocation } from 'wouter';
import { logout, type Me } from '../api/auth';
import type { User } from '../api/session';
import { DataExport, DeleteAccount } from '../components/account-data';
import { Blocks } from '../components/blocks';
import { PushNotifications } from '../components/push-notifications';
import { ChangeEmail, ChangeName, ChangePassword, ChangePhone, EmailVerificationNotice, UssdPin } from '../components/account-settings';
import { ConsentPrompt } from '../components/consent-prompt';
import { Details } from '../components/details';
import { ErrorMessage, Loaded } from '../components/status';
import { formatKampalaDate, formatKampalaDateTime } from '../lib/format';
import { ROLE_LABELS, STATUS_LABELS } from '../lib/labels';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';

export default function Account() {
  const me = useApi<Me>('/me');
  return (
    <>
      <h1>Your account</h1>
      <Loaded resource={me} label="Loading your account…">
        {(account) => <AccountSections account={account} onConsentAccepted={me.reload} />}
      </Loaded>
      <DataExport />
      <SignOut />
      <DeleteAccount />
    </>
  );
}

function AccountSections({ account: { user: loaded, consent, ussd }, onConsentAccepted }: { account: Me; onConsentAccepted: () => void }) {
  // A saved name or phone shows at once, without reloading the page's forms (and their messages).
  const [changed, setChanged] = useState<User>();
  const user = changed ?? loaded;
  return (
    <>
      <ConsentPrompt consent={consent} onAccepted={onConsentAccepted} />
      <EmailVerificationNotice user={user} />
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Your details</h2>
        <Details
          items={[
            ['Name', user.name],
            ['Email address', user.email ? `${user.email}${user.emailVerified ? '' : ' (not confirmed yet)'}` : '—'],
            ['Phone number', user.phone ?? '—'],
            ['Account type', ROLE_LABELS[user.role]],
            ['Status', STATUS_LABELS[user.status] ?? user.status],
            ['Member since', formatKampalaDate(user.createdAt)],
          ]}
        />
      </section>
      <ChangeName user={user} onChanged={setChanged} />
      <ChangePassword />
      <ChangeEmail user={user} />
      <ChangePhone user={user} onChanged={setChanged} />
      {ussd && <UssdPin ussd={ussd} phone={user.phone} />}
      <PushNotifications />
      {user.role !== 'admin' && <Blocks />}
      <section className="card" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Privacy</h2>
        <p>
          {consent.acceptedAt
            ? `You accepted the privacy notice (version ${consent.version}) on ${formatKampalaDateTime(consent.acceptedAt)}, Kampala time.`
            : 'You have not accepted a privacy notice.'}
        </p>
      </section>
    </>
  );
}

function SignOut() {
  const [, navigate] = useLocation();
  const {
    run: signOut,
    pending,
    error,
  } = useAction(async () => {
    await logout();
    navigate('/login', { replace: true });
  });

  return (
    <section aria-labelledby="sign-out-heading">
      <h2 id="sign-out-heading">Sign out</h2>
      <p>Signing out ends this session on this device.</p>
      {error && <ErrorMessage error={`Could not sign out: ${error.message}`} />}
      <button type="button" className="button button-secondary" onClick={signOut} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </section>
  );
}
