import { api } from '../api/client';
import { useAction } from '../lib/use-action';
import { ErrorMessage } from './status';

/**
 * Fetches a file with the session's token (a plain link could not send it) and saves it, under the
 * name the server gives it or else `filename`.
 */
export function DownloadButton({
  path,
  filename,
  label,
  pendingLabel,
}: {
  path: string;
  filename: string;
  label: string;
  pendingLabel: string;
}) {
  const { run, pending, error } = useAction(async () => {
    const file = await api.file(path);
    const url = URL.createObjectURL(file.blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = file.filename ?? filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return (
    <>
      {error && <ErrorMessage error={error} />}
      <button type="button" className="button button-secondary" onClick={run} disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
