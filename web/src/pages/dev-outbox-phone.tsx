import { useState } from 'react';
import { API_BASE } from '../api/client';
import { ApiError, problemOf } from '../api/problem';
import { Form } from '../components/form';
import { TextField } from '../components/fields';

function withKey(path: string, callbackKey: string | null): string {
  return `${API_BASE}${path}${callbackKey ? `?key=${encodeURIComponent(callbackKey)}` : ''}`;
}

/** Posts a form to one of Africa's Talking's callbacks, as Africa's Talking does; the answer's text. */
async function postAsAfricasTalking(path: string, fields: Record<string, string>, callbackKey: string | null): Promise<string> {
  const response = await fetch(withKey(path, callbackKey), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.text();
}

/** Sends `text` to Qgig's shortcode as `phone`, the way Africa's Talking forwards an SMS. */
export async function replyAs(phone: string, text: string, callbackKey: string | null): Promise<void> {
  await postAsAfricasTalking(
    '/sms/inbound',
    { from: phone, to: 'qgig', text, date: new Date().toISOString(), id: crypto.randomUUID(), linkId: '' },
    callbackKey,
  );
}

interface UssdSession {
  id: string;
  phone: string;
  answers: string[];
  screen: string;
}

/**
 * A feature phone for trying the USSD menu: dial as a phone number, then answer screen by screen
 * (each step posts every answer so far, joined by `*`, to /ussd as Africa's Talking does).
 */
export function DevPhone({ callbackKey, serviceCode, onSms }: { callbackKey: string | null; serviceCode: string; onSms: () => void }) {
  const [session, setSession] = useState<UssdSession>();
  const [sent, setSent] = useState<string>();
  const open = session !== undefined && session.screen.startsWith('CON ');

  async function step(next: Omit<UssdSession, 'screen'>) {
    const screen = await postAsAfricasTalking(
      '/ussd',
      { sessionId: next.id, serviceCode, phoneNumber: next.phone, networkCode: '64110', text: next.answers.join('*') },
      callbackKey,
    );
    setSession({ ...next, screen });
  }

  return (
    <section className="card" aria-labelledby="dev-phone-heading">
      <h2 id="dev-phone-heading">Phone</h2>
      <Form
        label="Dial the USSD menu"
        submitLabel={`Dial ${serviceCode}`}
        pendingLabel="Dialling…"
        onSubmit={async (data) => step({ id: crypto.randomUUID(), phone: String(data.get('phone') ?? '').trim(), answers: [] })}
      >
        <TextField name="phone" label="Phone number" type="tel" autoComplete="off" required />
      </Form>
      {session && (
        <>
          <pre className="mail-text" aria-live="polite" aria-label="USSD screen">
            {session.screen.replace(/^(CON|END) /, '')}
          </pre>
          {open ? (
            <Form
              label="Reply to the USSD menu"
              submitLabel="Send"
              pendingLabel="Sending…"
              onSubmit={async (data) => step({ ...session, answers: [...session.answers, String(data.get('answer') ?? '')] })}
            >
              <TextField name="answer" label="Answer" inputMode="numeric" autoComplete="off" key={session.answers.length} />
            </Form>
          ) : (
            <p className="notice-meta">Session ended.</p>
          )}
          <Form
            label="Send an SMS to Qgig"
            submitLabel="Send SMS"
            pendingLabel="Sending…"
            onSubmit={async (data) => {
              const text = String(data.get('sms') ?? '');
              await replyAs(session.phone, text, callbackKey);
              setSent(`Sent “${text}” from ${session.phone}.`);
              onSms();
            }}
          >
            <TextField name="sms" label={`SMS from ${session.phone} to the shortcode`} required maxLength={160} />
          </Form>
          {sent && (
            <p role="status" className="notice-meta">
              {sent}
            </p>
          )}
        </>
      )}
    </section>
  );
}
