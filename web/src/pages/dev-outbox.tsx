import { useState } from 'react';
import { Form } from '../components/form';
import { TextField } from '../components/fields';
import { SearchToolbar } from '../components/search-toolbar';
import { Loaded, Notice } from '../components/status';
import { formatKampalaDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';
import { DevPhone, replyAs } from './dev-outbox-phone';

interface RecordedSms {
  id: string;
  phone: string;
  kind: string;
  text: string;
  sender: string;
  status: string;
  failureReason: string | null;
  sendAfter: string;
  createdAt: string;
}

interface Outbox {
  items: RecordedSms[];
  callbackKey: string | null;
  /** The USSD code the phone dials: USSD_SERVICE_CODE. */
  ussdServiceCode: string;
}

/** Development only: the SMS Qgig sent through the built-in Africa's Talking simulator, and a reply box per message. */
export default function DevOutbox() {
  const outbox = useApi<Outbox>('/dev/outbox');
  const [phone, setPhone] = useState('');
  const [replied, setReplied] = useState<string>();

  if (outbox.status === 'error' && outbox.error.status === 404) {
    return (
      <>
        <h1>Development SMS outbox</h1>
        <Notice>
          <p>This server sends SMS through Africa’s Talking, so it keeps no local outbox.</p>
        </Notice>
      </>
    );
  }
  return (
    <>
      <h1>Development SMS outbox</h1>
      <p className="lead">
        SMS sent through the built-in Africa’s Talking simulator, newest first. Reply to one as that phone, or try the USSD menu.
      </p>
      {outbox.status === 'ready' && (
        <DevPhone callbackKey={outbox.data.callbackKey} serviceCode={outbox.data.ussdServiceCode} onSms={outbox.reload} />
      )}
      <SearchToolbar name="phone" label="Phone contains" value={phone} onChange={setPhone} onRefresh={outbox.reload} />
      {replied && (
        <p role="status" className="notice-meta">
          {replied}
        </p>
      )}
      <Loaded resource={outbox} label="Loading the outbox…">
        {({ items, callbackKey }) => {
          const shown = items.filter((sms) => sms.phone.includes(phone.trim()));
          if (shown.length === 0) return <p>No SMS{phone ? ' to this phone' : ''}.</p>;
          return (
            <ul className="plain-list">
              {shown.map((sms) => (
                <li key={sms.id} className="card mail">
                  <p className="notice-meta">
                    To {sms.phone} from the {sms.sender === 'shortcode' ? 'shortcode' : 'sender ID'}, {formatKampalaDateTime(sms.createdAt)}
                    : {sms.status}
                    {sms.failureReason ? ` (${sms.failureReason})` : ''}
                  </p>
                  <pre className="mail-text">{sms.text}</pre>
                  <Form
                    label={`Reply as ${sms.phone}`}
                    submitLabel="Send reply"
                    pendingLabel="Sending…"
                    onSubmit={async (data) => {
                      const text = String(data.get('text') ?? '');
                      await replyAs(sms.phone, text, callbackKey);
                      setReplied(`Replied “${text}” as ${sms.phone}.`);
                      outbox.reload();
                    }}
                  >
                    <TextField name="text" label="Reply text" required maxLength={160} />
                  </Form>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </>
  );
}
