import type { DocumentView } from '@contracts/documents';
import { useState } from 'react';
import { Details } from '../details';
import { DocumentViewer } from '../document-viewer';
import { daysBetween, kampalaDateOf } from '@contracts/time';
import { CREDENTIAL_EXPIRY } from '../../../../src/modules/reliability/rules';
import { formatCalendarDate, formatKampalaDate, formatKampalaDateTime } from '../../lib/format';
import { DOC_STATUS_LABELS, DOC_TYPE_LABELS } from '../../lib/labels';

/** From the first reminder on, an approved document shows how soon it expires. */
const WARN_DAYS = Math.max(...CREDENTIAL_EXPIRY.reminderDaysBefore);

/** The caller's documents, newest first, each with its review outcome and the file on demand. */
export function DocumentList({ documents }: { documents: DocumentView[] }) {
  const [viewing, setViewing] = useState<string>();
  if (documents.length === 0) return <p>You have not uploaded any documents yet.</p>;
  return (
    <ul className="plain-list">
      {documents.map((document) => {
        const title = DOC_TYPE_LABELS[document.docType];
        return (
          <li key={document.id} className="card">
            <h3>
              {title} <StatusBadge status={document.status} />
            </h3>
            <ExpiryNotice document={document} />
            <Details
              items={[
                ['Uploaded', formatKampalaDateTime(document.createdAt)],
                ...(document.numberHint ? [['Number', document.numberHint] as [string, string]] : []),
                ...(document.expiresOn ? [['Expires', formatCalendarDate(document.expiresOn)] as [string, string]] : []),
                ...(document.decidedAt ? [['Reviewed', formatKampalaDateTime(document.decidedAt)] as [string, string]] : []),
                ...(document.rejectionReason ? [['Why it was rejected', document.rejectionReason] as [string, string]] : []),
              ]}
            />
            {viewing === document.id ? (
              <DocumentViewer
                documentId={document.id}
                mime={document.mime}
                title={`${title}, uploaded ${formatKampalaDate(document.createdAt)}`}
              />
            ) : (
              <button type="button" className="button-link" onClick={() => setViewing(document.id)}>
                Show the file <span className="visually-hidden">of your {title.toLowerCase()}</span>
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** An expired document, or an approved one inside the first reminder's window, says what to do. */
function ExpiryNotice({ document }: { document: DocumentView }) {
  if (!document.expiresOn) return null;
  const expires = formatCalendarDate(document.expiresOn);
  if (document.status === 'expired') {
    return <p className="message message-error">Expired on {expires}: upload a new one. It no longer counts towards your verification.</p>;
  }
  const daysLeft = daysBetween(kampalaDateOf(new Date()), document.expiresOn);
  if (document.status !== 'approved' || daysLeft > WARN_DAYS) return null;
  return (
    <p className="message message-info">
      Expires {daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`}, on {expires}. Upload the renewed one before then so you can keep taking
      shifts.
    </p>
  );
}

export function StatusBadge({ status }: { status: DocumentView['status'] }) {
  return <span className={`badge badge-${status}`}>{DOC_STATUS_LABELS[status]}</span>;
}
