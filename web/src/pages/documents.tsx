import type { DocumentView, UploadedDocument } from '@contracts/documents';
import { useState } from 'react';
import { Link } from 'wouter';
import type { Me } from '../api/auth';
import { DocumentList } from '../components/documents/document-list';
import { UploadForm } from '../components/documents/upload-form';
import { LoadMore } from '../components/load-more';
import { Loaded, Notice } from '../components/status';
import { DOC_TYPE_LABELS } from '../lib/labels';
import { useApi } from '../lib/use-api';
import { usePagedApi } from '../lib/use-paged-api';

const MISSING_TEXT = {
  nin: 'an approved national ID (NIN)',
  credential: 'an approved certificate or licence',
  license: 'a current practising licence (nurses and midwives)',
} as const;

type Missing = keyof typeof MISSING_TEXT;

/** A licence also counts as a credential: a nurse missing both needs only the licence. */
function stillNeeded(missing: Missing[]): Missing[] {
  return missing.includes('license') ? missing.filter((item) => item !== 'credential') : missing;
}

export default function Documents() {
  const me = useApi<Me>('/me');
  const documents = usePagedApi<DocumentView>('/me/documents');
  const [uploaded, setUploaded] = useState<UploadedDocument>();

  function onUploaded(document: UploadedDocument) {
    setUploaded(document);
    documents.reload();
    me.reload();
  }

  return (
    <>
      <h1>Your documents</h1>
      <p className="lead">
        Qgig’s staff check your national ID and credentials before you can take shifts. Only they and you can see these files.
      </p>
      <Loaded resource={me} label="Checking your verification…">
        {({ verification }) =>
          verification?.verified ? (
            <Notice>
              <p>You are verified. Keep your licence up to date: upload the renewed one before it expires.</p>
            </Notice>
          ) : (
            <p>
              To be verified you still need{' '}
              {stillNeeded(verification?.missing ?? ['nin', 'credential'])
                .map((missing) => MISSING_TEXT[missing])
                .join(' and ')}
              . <Link href="/profile">Complete your profile</Link> too.
            </p>
          )
        }
      </Loaded>
      {uploaded && (
        <Notice>
          <p>Your {DOC_TYPE_LABELS[uploaded.docType].toLowerCase()} was uploaded and is waiting for review.</p>
          {uploaded.warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
        </Notice>
      )}
      <div className="columns">
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload a document</h2>
          <UploadForm onUploaded={onUploaded} />
        </section>
        <section aria-labelledby="list-heading">
          <h2 id="list-heading">Uploaded</h2>
          <Loaded resource={documents} label="Loading your documents…">
            {(list) => (
              <>
                <DocumentList documents={list.items} />
                <LoadMore list={list} />
              </>
            )}
          </Loaded>
        </section>
      </div>
    </>
  );
}
