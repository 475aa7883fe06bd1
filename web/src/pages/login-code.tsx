import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { OtpVerifyBody } from '@contracts/accounts';
import { signInWithCode } from '../api/auth';
import { Form } from '../components/form';
import { safeNext } from '../components/guard';
import { CodeSentNotice, SendCodeForm, SmsCodeField } from '../components/phone-fields';
import { SuspendedNotice, suspensionOf, type Suspension } from '../components/suspended-notice';
import { validate } from '../lib/validate';

/** Sign-in for people who do not use email or passwords: a code by SMS to the phone of the account. */
export default function LoginWithCode() {
  const [, navigate] = useLocation();
  const search = useSearch();
  const next = safeNext(new URLSearchParams(search).get('next'));
  const [phone, setPhone] = useState<string>();
  const [suspension, setSuspension] = useState<Suspension>();

  async function signIn(data: FormData) {
    setSuspension(undefined);
    try {
      await signInWithCode(validate(OtpVerifyBody, { phone, code: data.get('code') }));
    } catch (error) {
      const suspended = suspensionOf(error);
      if (!suspended) throw error;
      setSuspension(suspended);
      return;
    }
    navigate(next, { replace: true });
  }

  return (
    <section className="narrow">
      <h1>Sign in with a code by SMS</h1>
      {suspension && <SuspendedNotice suspension={suspension} />}
      {phone ? (
        <>
          <CodeSentNotice phone={phone} minutes={5} onRestart={() => setPhone(undefined)} />
          <Form onSubmit={signIn} submitLabel="Sign in" pendingLabel="Signing in…">
            <SmsCodeField />
          </Form>
        </>
      ) : (
        <>
          <p>Enter the phone number of your Qgig account and we will send it a code to sign in with.</p>
          <SendCodeForm path="/auth/otp" submitLabel="Send me a code" onSent={setPhone} />
        </>
      )}
      <p>
        <Link href={`/login${search ? `?${search}` : ''}`}>Sign in with email and password instead</Link>
      </p>
    </section>
  );
}
