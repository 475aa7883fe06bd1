import type { JobView } from '@contracts/jobs';
import { useState } from 'react';
import { api } from '../../api/client';
import { ReasonForm } from '../decision-form';

export interface CancelCopy {
  button: string;
  /** Closes the form without acting; "Keep the job" unless said. */
  keep?: string;
  label: string;
  hint: string;
  submit: string;
}

/** A button that opens a reasoned cancel (the owner cancels; the assignee gives the shift back), or the owner's dispute of a timesheet. */
export function CancelAction({
  job,
  copy,
  onDone,
  action = 'cancel',
}: {
  job: JobView;
  copy: CancelCopy;
  onDone: (job: JobView) => void;
  action?: 'cancel' | 'dispute';
}) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {copy.button}
      </button>
    );
  }
  return (
    <div className="card">
      <ReasonForm
        label={copy.label}
        hint={copy.hint}
        submitLabel={copy.submit}
        pendingLabel="Saving…"
        onSubmit={async (reason) => onDone(await api.post<JobView>(`/jobs/${job.id}/${action}`, { reason }))}
      />
      <button type="button" className="button-link" onClick={() => setOpen(false)}>
        {copy.keep ?? 'Keep the job'}
      </button>
    </div>
  );
}
