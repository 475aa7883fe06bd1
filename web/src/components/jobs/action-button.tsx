import type { JobView } from '@contracts/jobs';
import { api } from '../../api/client';
import { asApiError } from '../../api/problem';
import { ConfirmButton, type ConfirmCopy } from '../confirm-button';
import type { Outcome } from './outcome';

/** An action on the job after a second, explicit click, its outcome reported to the page. */
export function ActionButton({
  job,
  path,
  copy,
  done,
  danger = false,
  onOutcome,
}: {
  job: JobView;
  path: string;
  copy: ConfirmCopy;
  done: string;
  danger?: boolean;
  onOutcome: (outcome: Outcome) => void;
}) {
  return (
    <ConfirmButton
      danger={danger}
      copy={copy}
      onConfirm={async () => {
        try {
          await api.post(`/jobs/${job.id}/${path}`);
          onOutcome({ text: done });
        } catch (caught) {
          onOutcome({ text: asApiError(caught).message, error: true });
        }
      }}
    />
  );
}
