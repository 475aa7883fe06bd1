import {
  ApproveDocumentBody,
  DocumentStatus,
  type AdminDocumentView,
  type DocumentDecision,
  type DuplicateDocument,
} from '@contracts/documents';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { api } from '../../api/client';
import { Details } from '../../components/details';
import { DocumentViewer } from '../../components/document-viewer';
import { StatusBadge } from '../../components/documents/document-list';
import { ReasonForm } from '../../components/decision-form';
import { SelectField, TextField } from '../../components/fields';
import { Form } from '../../components/form';
import { PagedItems } from '../../components/load-more';
import { PersonLink } from '../../components/person-link';
import { Notice } from '../../components/status';
import { formatKampalaDate, formatKampalaDateTime } from '../../lib/format';
import { DOC_STATUS_LABELS, DOC_TYPE_LABELS } from '../../lib/labels';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';
import { CREDENTIAL_EXPIRY } from '../../../../src/modules/reliability/rules';
import { validate } from '../../lib/validate';

const STATUS_CHOICES = DocumentStatus.options.map((status) => ({ value: status, label: DOC_STATUS_LABELS[status] }));

export default function VerificationQueue() {
  const [, navigate] = useLocation();
  const status = new URLSearchParams(useSearch()).get('status') ?? 'pending';
  const documents = usePagedApi<AdminDocumentView>(withQuery('/admin/documents', { status }));
  const [outcome, setOutcome] = useState<string>();

  function decided(document: AdminDocumentView, decision: DocumentDecision) {
    const verb = decision.status === 'approved' ? 'Approved' : 'Rejected';
    setOutcome(
      `${verb}: ${document.professionalName}’s ${DOC_TYPE_LABELS[document.docType].toLowerCase()}. ${document.professionalName} is ${decision.professionalVerified ? 'now verified' : 'not verified yet'}.`,
    );
    documents.reload();
  }

  return (
    <>
      <h1>Document verification</h1>
      <p className="lead">Oldest first. Check each file against what the professional entered; every view is written to the audit log.</p>
      <div className="filters">
        <SelectField
          name="status"
          label="Show documents"
          options={STATUS_CHOICES}
          value={status}
          onChange={(event) => navigate(withQuery('/admin/documents', { status: event.target.value }))}
        />
      </div>
      {outcome && (
        <Notice>
          <p>{outcome}</p>
        </Notice>
      )}
      <PagedItems
        resource={documents}
        label="Loading documents…"
        empty={<>No {DOC_STATUS_LABELS[status as DocumentStatus]?.toLowerCase() ?? ''} documents.</>}
      >
        {(document) => <QueueItem key={document.id} document={document} onDecided={(decision) => decided(document, decision)} />}
      </PagedItems>
    </>
  );
}

function QueueItem({ document, onDecided }: { document: AdminDocumentView; onDecided: (decision: DocumentDecision) => void }) {
  const [open, setOpen] = useState(false);
  const title = `${document.professionalName}: ${DOC_TYPE_LABELS[document.docType]}`;
  const headingId = `document-${document.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <StatusBadge status={document.status} />
      </h2>
      <Details
        items={[
          ['Uploaded', formatKampalaDateTime(document.createdAt)],
          ['Number', document.number ?? 'Not given'],
          ['Expires', document.expiresOn ? formatKampalaDate(`${document.expiresOn}T12:00:00+03:00`) : 'Not given'],
          ['File', `${document.originalName ?? 'unnamed'} (${Math.ceil(document.size / 1024)} KB)`],
          ...(document.rejectionReason ? [['Rejected because', document.rejectionReason] as [string, string]] : []),
        ]}
      />
      {document.duplicateOf.length > 0 && <DuplicateWarning duplicates={document.duplicateOf} />}
      {open ? (
        <>
          <DocumentViewer documentId={document.id} mime={document.mime} title={title} />
          {document.status === 'pending' && <Decision document={document} onDecided={onDecided} />}
        </>
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)} aria-describedby={headingId}>
          Review
        </button>
      )}
    </li>
  );
}

/** The very same file came from another account: one person's papers used twice, or borrowed ones. */
function DuplicateWarning({ duplicates }: { duplicates: DuplicateDocument[] }) {
  return (
    <div className="message message-error">
      <p>
        <strong>The same file was uploaded by another account.</strong> Make sure it belongs to this professional before approving.
      </p>
      <ul>
        {duplicates.map((duplicate) => (
          <li key={duplicate.documentId}>
            <PersonLink person={duplicate} />: {DOC_STATUS_LABELS[duplicate.status].toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}

const EXPIRY_HINTS = {
  license: `The date printed on the licence. UNMC licences run ${CREDENTIAL_EXPIRY.licenceYears} years: the suggestion is ${CREDENTIAL_EXPIRY.licenceYears} years from today.`,
  certificate: 'Only if the certificate expires; leave it empty if it does not.',
};

function Decision({ document, onDecided }: { document: AdminDocumentView; onDecided: (decision: DocumentDecision) => void }) {
  async function approve(data: FormData) {
    const body = validate(ApproveDocumentBody, { expiresOn: data.get('expiresOn') || undefined });
    onDecided(await api.post<DocumentDecision>(`/admin/documents/${document.id}/approve`, body));
  }

  return (
    <div className="decision">
      <Form label="Approve" submitLabel="Approve" pendingLabel="Approving…" onSubmit={approve}>
        {document.docType !== 'nin' && (
          <TextField
            name="expiresOn"
            label={document.docType === 'license' ? 'Expiry date' : 'Expiry date (optional)'}
            type="date"
            defaultValue={document.suggestedExpiresOn ?? document.expiresOn ?? ''}
            required={document.docType === 'license'}
            hint={EXPIRY_HINTS[document.docType]}
          />
        )}
      </Form>
      <ReasonForm
        label="Reason for rejecting"
        hint="The professional sees this; say what to upload instead."
        submitLabel="Reject"
        pendingLabel="Rejecting…"
        onSubmit={async (reason) => onDecided(await api.post<DocumentDecision>(`/admin/documents/${document.id}/reject`, { reason }))}
      />
    </div>
  );
}
