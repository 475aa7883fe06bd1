import { useState, type ReactNode } from 'react';

export interface ConfirmCopy {
  /** The first button, which only asks. */
  ask: string;
  /** What the person is asked, shown beside the two choices. */
  question?: ReactNode;
  confirm: string;
  keep: string;
  /** The accessible name of the pair of choices. */
  group: string;
}

/** An action taken only after a second, explicit click; `onConfirm` runs once, and the choices come back if it throws. */
export function ConfirmButton({
  copy,
  danger = false,
  onConfirm,
}: {
  copy: ConfirmCopy;
  danger?: boolean;
  onConfirm: () => Promise<void>;
}) {
  const [step, setStep] = useState<'idle' | 'asking' | 'pending'>('idle');
  async function confirm() {
    setStep('pending');
    try {
      await onConfirm();
    } finally {
      setStep('idle');
    }
  }
  if (step === 'idle') {
    return (
      <button type="button" className="button button-secondary" onClick={() => setStep('asking')}>
        {copy.ask}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={copy.group}>
      {copy.question && <span>{copy.question}</span>}
      <button
        type="button"
        className={danger ? 'button button-danger' : 'button'}
        onClick={() => void confirm()}
        disabled={step === 'pending'}
      >
        {step === 'pending' ? 'Saving…' : copy.confirm}
      </button>
      <button type="button" className="button-link" onClick={() => setStep('idle')} disabled={step === 'pending'}>
        {copy.keep}
      </button>
    </span>
  );
}
