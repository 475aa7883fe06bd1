import {
  useContext,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { FormContext, idFor } from './form';

interface FieldParts {
  id: string;
  error: string | undefined;
  describedBy: string | undefined;
}

/** `alsoDescribedBy`: ids of text elsewhere on the page that explains the field. */
export function useField(name: string, hasHint: boolean, alsoDescribedBy?: string): FieldParts {
  const { idPrefix, fieldErrors } = useContext(FormContext);
  const id = idFor(idPrefix, name);
  const error = fieldErrors[name];
  const describedBy = [alsoDescribedBy, hasHint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

export function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'type'>;

export interface TextFieldProps extends InputProps {
  name: string;
  label: string;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'date' | 'time' | 'datetime-local' | 'search' | 'url' | 'file';
}

export function TextField({ name, label, hint, type = 'text', 'aria-describedby': alsoDescribedBy, ...input }: TextFieldProps) {
  const { id, error, describedBy } = useField(name, Boolean(hint), alsoDescribedBy);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error} />
      <input {...input} id={id} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
    </div>
  );
}

/** A password input with a show/hide switch (typing a long password on a phone is error-prone). */
export function PasswordField(props: Omit<TextFieldProps, 'type'>) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} autoCapitalize="none" spellCheck={false} />
      <button type="button" className="button-link" aria-pressed={visible} onClick={() => setVisible((shown) => !shown)}>
        {visible ? 'Hide password' : 'Show password'}
      </button>
    </div>
  );
}

export function CheckboxField({ name, label, hint, 'aria-describedby': alsoDescribedBy, ...input }: Omit<TextFieldProps, 'type'>) {
  const { id, error, describedBy } = useField(name, Boolean(hint), alsoDescribedBy);
  return (
    <div className={error ? 'field field-checkbox field-invalid' : 'field field-checkbox'}>
      <FieldNotes id={id} hint={hint} error={error} />
      <div className="checkbox">
        <input {...input} id={id} name={name} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function RadioGroup({
  name,
  legend,
  choices,
  defaultValue,
  hint,
  onChange,
}: {
  name: string;
  legend: string;
  choices: Choice[];
  defaultValue?: string;
  hint?: ReactNode;
  onChange?: (value: string) => void;
}) {
  const { id, error, describedBy } = useField(name, Boolean(hint));
  return (
    <fieldset className={error ? 'field field-invalid' : 'field'} aria-describedby={describedBy} id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      <FieldNotes id={id} hint={hint} error={error} />
      {choices.map((choice) => (
        <div className="choice" key={choice.value}>
          <input
            type="radio"
            id={`${id}-${choice.value}`}
            name={name}
            value={choice.value}
            defaultChecked={choice.value === defaultValue}
            onChange={onChange && (() => onChange(choice.value))}
            aria-describedby={choice.hint ? `${id}-${choice.value}-hint` : undefined}
          />
          <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
          {choice.hint && (
            <p className="choice-hint" id={`${id}-${choice.value}-hint`}>
              {choice.hint}
            </p>
          )}
        </div>
      ))}
    </fieldset>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name' | 'children'>;

export interface SelectFieldProps extends SelectProps {
  name: string;
  label: string;
  hint?: ReactNode;
  /** Values with labels; a string is both. */
  options: readonly (string | Choice)[];
  /** A first, empty choice ("Any", "Choose…"). */
  placeholder?: string;
}

export function SelectField({ name, label, hint, options, placeholder, 'aria-describedby': alsoDescribedBy, ...select }: SelectFieldProps) {
  const { id, error, describedBy } = useField(name, Boolean(hint), alsoDescribedBy);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error} />
      <select {...select} id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => {
          const { value, label: text } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </div>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>;

export function TextAreaField({
  name,
  label,
  hint,
  'aria-describedby': alsoDescribedBy,
  ...textarea
}: TextAreaProps & { name: string; label: string; hint?: ReactNode }) {
  const { id, error, describedBy } = useField(name, Boolean(hint), alsoDescribedBy);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error} />
      <textarea rows={4} {...textarea} id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
    </div>
  );
}

/** Several checkboxes sharing one name: FormData.getAll(name) gives the checked values. */
export function CheckboxGroup({
  name,
  legend,
  choices,
  defaultValues = [],
  hint,
}: {
  name: string;
  legend: string;
  choices: Choice[];
  defaultValues?: readonly string[];
  hint?: ReactNode;
}) {
  const { id, error, describedBy } = useField(name, Boolean(hint));
  return (
    <fieldset className={error ? 'field field-invalid' : 'field'} aria-describedby={describedBy} id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      <FieldNotes id={id} hint={hint} error={error} />
      <div className="choice-columns">
        {choices.map((choice, index) => (
          <div className="choice" key={choice.value}>
            <input
              type="checkbox"
              id={`${id}-${index}`}
              name={name}
              value={choice.value}
              defaultChecked={defaultValues.includes(choice.value)}
            />
            <label htmlFor={`${id}-${index}`}>{choice.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
