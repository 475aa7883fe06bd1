import { api } from '../api/client';
import { useAction } from '../lib/use-action';
import { ErrorMessage } from './status';

/**
 * Saves a file only a signed-in user may fetch (a plain link could not send the session's token):
 * fetched as a blob, then handed to the browser as a download named `filename`.
 */
export function DownloadButton({
  path,
  filename,
  label,
  pendingLabel = 'Preparing the file…',
  describedBy,
}: {
  path: string;
  filename: string;
  label: string;
  pendingLabel?: string;
  /** The id of the text that says what the file is, when the label alone does not. */
  describedBy?: string;
}) {
  const {
    run: download,
    pending,
    error,
  } = useAction(async () => {
    const url = URL.createObjectURL(await api.blob(path));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return (
    <>
      {error && <ErrorMessage error={error} />}
      <button type="button" className="button button-secondary" onClick={download} disabled={pending} aria-describedby={describedBy}>
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
