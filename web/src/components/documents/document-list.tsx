import type { DocumentView } from '@contracts/documents';
import { useState } from 'react';
import { Details } from '../details';
import { DocumentViewer } from '../document-viewer';
import { formatKampalaDate, formatKampalaDateTime } from '../../lib/format';
import { DOC_STATUS_LABELS, DOC_TYPE_LABELS } from '../../lib/labels';

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
            <Details
              items={[
                ['Uploaded', formatKampalaDateTime(document.createdAt)],
                ...(document.numberHint ? [['Number', document.numberHint] as [string, string]] : []),
                ...(document.expiresOn ? [['Expires', formatKampalaDate(`${document.expiresOn}T12:00:00+03:00`)] as [string, string]] : []),
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

export function StatusBadge({ status }: { status: DocumentView['status'] }) {
  return <span className={`badge badge-${status}`}>{DOC_STATUS_LABELS[status]}</span>;
}
