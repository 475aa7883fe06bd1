import { useState } from 'react';
import { Loaded, Notice } from '../components/status';
import { SearchToolbar } from '../components/search-toolbar';
import { formatKampalaDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';

interface StoredMail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** Development only: the mail Qgig would have sent, when the server has no SMTP_URL (never in production). */
export default function DevMailbox() {
  const mailbox = useApi<{ items: StoredMail[] }>('/dev/mailbox');
  const [recipient, setRecipient] = useState('');

  if (mailbox.status === 'error' && mailbox.error.status === 404) {
    return (
      <>
        <h1>Development mailbox</h1>
        <Notice>
          <p>This server sends real email, so it keeps no local mailbox.</p>
        </Notice>
      </>
    );
  }
  return (
    <>
      <h1>Development mailbox</h1>
      <p className="lead">This server has no SMTP server configured: the mail it would have sent is kept here instead, newest first.</p>
      <SearchToolbar name="recipient" label="Recipient contains" value={recipient} onChange={setRecipient} onRefresh={mailbox.reload} />
      <Loaded resource={mailbox} label="Loading the mailbox…">
        {({ items }) => {
          const shown = items.filter((mail) => mail.to.toLowerCase().includes(recipient.trim().toLowerCase()));
          if (shown.length === 0) return <p>No mail{recipient ? ' to this recipient' : ''}.</p>;
          return (
            <ul className="plain-list">
              {shown.map((mail) => (
                <li key={mail.id} className="card mail">
                  <details>
                    <summary>
                      <strong>{mail.subject}</strong>
                      <span className="notice-meta">
                        {' '}
                        to {mail.to}, {formatKampalaDateTime(mail.createdAt)}
                      </span>
                    </summary>
                    <p className="notice-meta">From {mail.from}</p>
                    <pre className="mail-text">{mail.text}</pre>
                  </details>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </>
  );
}
