import type { JobView } from '@contracts/jobs';
import { useState } from 'react';
import { api } from '../../api/client';
import { asApiError, type ApiError } from '../../api/problem';

/** What a refused accept means to the professional, by the problem's type. */
export function acceptRefusal(error: ApiError): string {
  if (error.code === 'job-state-conflict') {
    return error.problem.currentStatus === 'cancelled'
      ? 'This shift was cancelled by the institution.'
      : 'Someone else was faster: this shift has just been taken by another professional.';
  }
  if (error.code === 'shift-clash') return 'You already hold a shift that overlaps this one, so you cannot take both.';
  if (error.code === 'not-verified')
    return 'Only verified professionals can accept shifts. On your Documents page, upload your national ID and a current certificate or licence (nurses and midwives need a licence); an administrator reviews them.';
  return error.message;
}

/** Accepts an open shift; exactly one professional wins it, and the others are told why not. */
export function AcceptButton({
  job,
  onAccepted,
  onRefused,
}: {
  job: JobView;
  onAccepted: (job: JobView) => void;
  onRefused: (message: string) => void;
}) {
  const [pending, setPending] = useState(false);
  async function accept() {
    setPending(true);
    try {
      onAccepted(await api.post<JobView>(`/jobs/${job.id}/accept`));
    } catch (caught) {
      onRefused(acceptRefusal(asApiError(caught)));
    } finally {
      setPending(false);
    }
  }
  return (
    <button type="button" className="button" onClick={() => void accept()} disabled={pending}>
      {pending ? 'Accepting…' : 'Accept this shift'}
    </button>
  );
}
