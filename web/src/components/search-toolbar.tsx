import { TextField } from './fields';

/** A search box that narrows a list shown below it, and a button that loads the list again. */
export function SearchToolbar({
  name,
  label,
  value,
  onChange,
  onRefresh,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onRefresh: () => void;
}) {
  return (
    <div className="toolbar">
      <div className="filters">
        <TextField name={name} label={label} type="search" value={value} onChange={(event) => onChange(event.target.value)} />
      </div>
      <button type="button" className="button button-secondary" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
