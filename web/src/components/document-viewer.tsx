import type { DocumentMime } from '@contracts/documents';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { asApiError, type ApiError } from '../api/problem';
import { ErrorMessage, Loading } from './status';

type Fetched = { id: string; url: string } | { id: string; error: ApiError };

/**
 * Shows a credential file: fetched with the session's token (a plain link could not send it) into a
 * blob: address, a PDF in a frame and an image as an image, with a link to save it.
 */
export function DocumentViewer({ documentId, mime, title }: { documentId: string; mime: DocumentMime; title: string }) {
  const [fetched, setFetched] = useState<Fetched>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let url: string | undefined;
    api.blob(`/documents/${documentId}/file`, { signal: controller.signal }).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setFetched({ id: documentId, url });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFetched({ id: documentId, error: asApiError(error) });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [documentId, attempt]);

  const current = fetched?.id === documentId ? fetched : undefined;
  if (!current) return <Loading label="Opening the file…" />;
  if ('error' in current) return <ErrorMessage error={current.error} onRetry={() => setAttempt((n) => n + 1)} />;
  const extension = mime === 'application/pdf' ? 'pdf' : mime === 'image/png' ? 'png' : 'jpg';
  return (
    <div className="document-viewer">
      {mime === 'application/pdf' ? <iframe src={current.url} title={title} /> : <img src={current.url} alt={title} />}
      <p>
        <a href={current.url} download={`${title}.${extension}`}>
          Save the file
        </a>{' '}
        (if it does not show above)
      </p>
    </div>
  );
}
