import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { FieldNotes, useField } from './fields';

export interface ChipInputProps {
  /** Names the field for errors (`skills`, `blackoutDates`); the values travel through `onChange`. */
  name: string;
  label: string;
  hint?: ReactNode;
  values: readonly string[];
  onChange: (values: string[]) => void;
  type?: 'text' | 'date';
  /** What one value says to a screen reader on its remove button and in the list, e.g. a formatted date. */
  describe?: (value: string) => string;
  /** Turns what was typed into the stored value (trim, lower-case…); empty means nothing to add. */
  normalise?: (typed: string) => string;
  addLabel: string;
}

/**
 * A list of short values edited one at a time: type, then Enter, a comma or the Add button; each value
 * shows as a chip with its own remove button.
 */
export function ChipInput({
  name,
  label,
  hint,
  values,
  onChange,
  type = 'text',
  describe = (value) => value,
  normalise = (typed) => typed.trim(),
  addLabel,
}: ChipInputProps) {
  const { id, error, describedBy } = useField(name, Boolean(hint));
  const [draft, setDraft] = useState('');

  function add(text = draft) {
    const additions = text
      .split(',')
      .map(normalise)
      .filter((value) => value && !values.includes(value));
    if (additions.length > 0) onChange([...values, ...new Set(additions)]);
    setDraft('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || (event.key === ',' && type === 'text')) {
      event.preventDefault();
      add();
    }
  }

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error} />
      <div className="chip-entry">
        <input
          id={id}
          type={type}
          value={draft}
          onChange={(event) =>
            type === 'text' && event.target.value.includes(',') ? add(event.target.value) : setDraft(event.target.value)
          }
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <button type="button" className="button button-secondary" onClick={() => add()}>
          {addLabel}
        </button>
      </div>
      {values.length > 0 && (
        <ul className="chips" aria-label={`${label} (${values.length})`}>
          {values.map((value) => (
            <li key={value} className="chip">
              <span>{describe(value)}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${describe(value)}`}
                onClick={() => onChange(values.filter((kept) => kept !== value))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
