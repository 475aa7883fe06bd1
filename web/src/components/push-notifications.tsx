import { useEffect, useState } from 'react';
import { pushState, turnPushOff, turnPushOn, type PushState } from '../lib/push';
import { ErrorMessage } from './status';

const PUSH_TEXT: Record<PushState, string> = {
  unsupported: 'This browser cannot show Qgig notifications. Install Qgig from a current browser to get them.',
  denied: 'Notifications are blocked for Qgig in this browser’s settings. Allow them there to turn this on.',
  off: 'Get shift offers, acceptances and payments as phone notifications when Qgig is closed.',
  on: 'This browser shows Qgig notifications when Qgig is closed.',
};

/** Asks for push notifications only when the person presses the button, never by itself. */
export function PushNotifications() {
  const [state, setState] = useState<PushState>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  useEffect(() => {
    void pushState().then(setState, () => setState('unsupported'));
  }, []);

  async function toggle(change: () => Promise<PushState>) {
    setPending(true);
    setError(undefined);
    try {
      setState(await change());
    } catch (caught) {
      setError(caught instanceof Error ? `Notifications could not be changed: ${caught.message}` : 'Notifications could not be changed.');
      setState(await pushState().catch(() => 'unsupported' as const));
    } finally {
      setPending(false);
    }
  }

  if (!state) return null;
  return (
    <section className="card" aria-labelledby="push-heading">
      <h2 id="push-heading">Phone notifications</h2>
      <p>{PUSH_TEXT[state]}</p>
      {error && <ErrorMessage error={error} />}
      {state === 'off' && (
        <button type="button" className="button" disabled={pending} onClick={() => void toggle(turnPushOn)}>
          Turn on notifications
        </button>
      )}
      {state === 'on' && (
        <button type="button" className="button button-secondary" disabled={pending} onClick={() => void toggle(turnPushOff)}>
          Turn off notifications
        </button>
      )}
    </section>
  );
}
