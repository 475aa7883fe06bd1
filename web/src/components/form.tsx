import { createContext, useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { asApiError, type ApiError } from '../api/problem';

/** What the fields of a form read: where their ids start, whether it is sending, and their errors. */
export interface FormState {
  idPrefix: string;
  pending: boolean;
  fieldErrors: Record<string, string>;
}

export const FormContext = createContext<FormState>({ idPrefix: 'field', pending: false, fieldErrors: {} });

/** The id of the input named `name` (the error summary links to it). */
export const idFor = (prefix: string, name: string) => `${prefix}-${name}`;

export interface FormProps {
  /** Gets the form's values; throw (ApiError or anything) to show what went wrong. */
  onSubmit: (data: FormData) => Promise<void>;
  submitLabel: string;
  pendingLabel?: string;
  children: ReactNode;
  /** Accessible name of the form, when the page has more than one. */
  label?: string;
}

/**
 * A form that shows its own state: the submit button reports progress and cannot double-submit, and a
 * failure appears as a summary at the top (focused, announced) plus a message beside each field the
 * problem names (`errors[].path` = the field's `name`). Fields are in ./fields.
 */
export function Form({ onSubmit, submitLabel, pendingLabel = 'Please wait…', children, label }: FormProps) {
  const idPrefix = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(undefined);
    try {
      await onSubmit(new FormData(event.currentTarget));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  }

  const state: FormState = { idPrefix, pending, fieldErrors: error?.fieldErrors ?? {} };
  return (
    <form className="form" noValidate onSubmit={submit} aria-label={label} aria-busy={pending}>
      <FormContext.Provider value={state}>
        {error && <ErrorSummary ref={summary} error={error} idPrefix={idPrefix} />}
        {children}
        <button type="submit" className="button" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </FormContext.Provider>
    </form>
  );
}

function ErrorSummary({ error, idPrefix, ref }: { error: ApiError; idPrefix: string; ref: Ref<HTMLDivElement> }) {
  const fields = error.problem.errors ?? [];
  return (
    <div className="message message-error error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p>{error.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(({ path, message }) => (
            <li key={`${path}:${message}`}>
              <a
                href={`#${idFor(idPrefix, path)}`}
                onClick={(event) => {
                  const field = document.getElementById(idFor(idPrefix, path));
                  if (!field) return;
                  event.preventDefault();
                  field.focus();
                }}
              >
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
