import type { ConsentState } from '@contracts/accounts';
import { api } from '../api/client';
import { Form } from './form';
import { Loaded } from './status';
import { useApi } from '../lib/use-api';

interface PrivacyNotice {
  version: string;
  text: string;
}

/** Asks again when Qgig's privacy notice changed since the user accepted it (`consent.required` from /me). */
export function ConsentPrompt({ consent, onAccepted }: { consent: ConsentState; onAccepted: () => void }) {
  const notice = useApi<PrivacyNotice>(consent.required ? '/privacy/notice' : null);
  if (!consent.required) return null;
  return (
    <section className="card consent-prompt" aria-labelledby="consent-prompt-heading">
      <h2 id="consent-prompt-heading">Our privacy notice has changed</h2>
      <Loaded resource={notice} label="Loading the privacy notice…">
        {({ version, text }) => (
          <>
            <p>
              {consent.version
                ? `You accepted version ${consent.version}. Please read version ${version} and accept it to keep using Qgig.`
                : `Please read the privacy notice (version ${version}) and accept it.`}
            </p>
            <p className="consent-text">{text}</p>
            <Form
              label="Accept the privacy notice"
              submitLabel="I accept the privacy notice"
              pendingLabel="Saving…"
              onSubmit={async () => {
                await api.post('/me/consent', { version });
                onAccepted();
              }}
            >
              {null}
            </Form>
          </>
        )}
      </Loaded>
    </section>
  );
}
