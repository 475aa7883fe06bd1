import { useState, type ReactNode } from 'react';
import { ChangeEmailBody, ChangePasswordBody, ChangePhoneBody, ConfirmPhoneBody, RenameBody } from '@contracts/accounts';
import { PinBody, type UssdState } from '@contracts/phones';
import { api } from '../api/client';
import type { Me } from '../api/auth';
import { updateSessionUser, type User } from '../api/session';
import { NEW_PASSWORD_HINT } from '../lib/labels';
import { useAction } from '../lib/use-action';
import { validate } from '../lib/validate';
import { PasswordField, TextField } from './fields';
import { Form } from './form';
import { PhoneField, SmsCodeField } from './phone-fields';
import { ErrorMessage, Notice } from './status';

/** Until the address is confirmed it gets no email but the confirmation itself and password resets. */
export function EmailVerificationNotice({ user }: { user: User }) {
  const [sent, setSent] = useState(false);
  const resend = useAction(async () => {
    await api.post('/me/verify-email/resend');
    setSent(true);
  });
  if (user.emailVerified) return null;

  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Confirm your email address</h2>
      <p>
        Your email address {user.email} is not confirmed yet. Until you open the link we sent there, Qgig sends it no email except that link
        and password resets. Your notices still appear here in the app.
      </p>
      {resend.error && <ErrorMessage error={resend.error} />}
      {sent ? (
        <Notice>We sent a new link to {user.email}. It works for 7 days.</Notice>
      ) : (
        <button type="button" className="button button-secondary" onClick={resend.run} disabled={resend.pending}>
          {resend.pending ? 'Sending…' : 'Send the link again'}
        </button>
      )}
    </section>
  );
}

function SettingsCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

export function ChangeName({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const [saved, setSaved] = useState(false);
  async function rename(data: FormData) {
    setSaved(false);
    const me = await api.patch<Me>('/me', validate(RenameBody, { name: data.get('name') }));
    updateSessionUser(me.user);
    setSaved(true);
    onChanged(me.user);
  }
  return (
    <SettingsCard id="name" title="Change your name">
      {saved && <Notice>Your name is saved.</Notice>}
      <Form onSubmit={rename} submitLabel="Save the name" pendingLabel="Saving…" label="Change your name">
        <TextField name="name" label="Full name" autoComplete="name" defaultValue={user.name} required />
      </Form>
    </SettingsCard>
  );
}

/** The PIN the USSD menu asks for, for using Qgig from a phone without the web. */
export function UssdPin({ ussd, phone }: { ussd: UssdState; phone: string | null }) {
  const [saved, setSaved] = useState(false);
  async function save(data: FormData) {
    setSaved(false);
    await api.put('/me/pin', validate(PinBody, { pin: data.get('pin') }));
    setSaved(true);
  }
  return (
    <SettingsCard id="ussd-pin" title="USSD PIN">
      <p>
        Dial <strong>{ussd.serviceCode}</strong> from {phone ? `the phone ${phone}` : 'your phone'} to find and accept shifts: every session
        asks for this 4-digit PIN.
      </p>
      {!saved && <p className="notice-meta">{ussd.pinSet ? 'Your PIN is set; a new one replaces it.' : 'You have no PIN yet.'}</p>}
      {saved ? (
        <Notice>Your USSD PIN is set. A new PIN also unlocks USSD after wrong PINs.</Notice>
      ) : (
        <Form onSubmit={save} submitLabel="Set the PIN" pendingLabel="Saving…" label="Set your USSD PIN">
          <TextField name="pin" label="New 4-digit PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={4} required />
        </Form>
      )}
    </SettingsCard>
  );
}

export function ChangePassword() {
  const [saved, setSaved] = useState(false);
  async function change(data: FormData) {
    setSaved(false);
    await api.post('/me/password', validate(ChangePasswordBody, { current: data.get('current'), password: data.get('password') }));
    setSaved(true);
  }
  return (
    <SettingsCard id="password" title="Change your password">
      {saved ? (
        <Notice>Your password is changed. Every other device that was signed in is signed out; this one stays signed in.</Notice>
      ) : (
        <Form onSubmit={change} submitLabel="Change the password" pendingLabel="Changing…" label="Change your password">
          <PasswordField name="current" label="Current password" autoComplete="current-password" required />
          <PasswordField name="password" label="New password" autoComplete="new-password" hint={NEW_PASSWORD_HINT} required />
        </Form>
      )}
    </SettingsCard>
  );
}

export function ChangeEmail({ user }: { user: User }) {
  const [sentTo, setSentTo] = useState<string>();
  async function change(data: FormData) {
    const body = validate(ChangeEmailBody, { email: data.get('email'), password: data.get('password') });
    await api.post('/me/email', body);
    setSentTo(body.email);
  }
  return (
    <SettingsCard id="email" title="Change your email address">
      {sentTo ? (
        <Notice>
          We sent a link to {sentTo}. Your address changes when you open it (within 24 hours); until then, keep using {user.email}.
        </Notice>
      ) : (
        <Form onSubmit={change} submitLabel="Send a confirmation link" pendingLabel="Sending…" label="Change your email address">
          <TextField name="email" label="New email address" type="email" autoComplete="email" inputMode="email" required />
          <PasswordField name="password" label="Your password" autoComplete="current-password" hint="To be sure it is you." required />
        </Form>
      )}
    </SettingsCard>
  );
}

/** The new phone is the account's once the code sent to it comes back; until then the old one stays. */
export function ChangePhone({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const [sentTo, setSentTo] = useState<string>();
  const [saved, setSaved] = useState(false);
  async function change(data: FormData) {
    setSaved(false);
    const body = validate(ChangePhoneBody, { phone: data.get('phone'), password: data.get('password') });
    await api.post('/me/phone', body);
    setSentTo(body.phone);
  }
  async function confirm(data: FormData) {
    await api.post('/me/phone/confirm', validate(ConfirmPhoneBody, { code: data.get('code') }));
    const me = await api.get<Me>('/me');
    updateSessionUser(me.user);
    onChanged(me.user);
    setSentTo(undefined);
    setSaved(true);
  }
  return (
    <SettingsCard id="phone" title="Change your phone number">
      {saved && <Notice>Your phone number is now {user.phone}.</Notice>}
      {sentTo ? (
        <>
          <Notice>
            We sent a code by SMS to {sentTo}. Enter it within 30 minutes; until then, your number stays {user.phone}.
          </Notice>
          <Form onSubmit={confirm} submitLabel="Use the new number" pendingLabel="Confirming…" label="Confirm your new phone number">
            <SmsCodeField />
          </Form>
          <button type="button" className="button-link" onClick={() => setSentTo(undefined)}>
            Use another number
          </button>
        </>
      ) : (
        <Form onSubmit={change} submitLabel="Send a code" pendingLabel="Sending…" label="Change your phone number">
          <PhoneField label="New phone number" />
          <PasswordField name="password" label="Your password" autoComplete="current-password" hint="To be sure it is you." required />
        </Form>
      )}
    </SettingsCard>
  );
}
