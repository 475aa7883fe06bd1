import { MAX_AVAILABILITY_SLOTS, type AvailabilitySlot } from '@contracts/profiles';
import { FieldNotes, useField } from '../fields';
import { endsNextDay } from '../../lib/jobs';
import { WEEKDAYS } from '../../lib/labels';

/** A slot being edited; `key` keeps React's rows steady while others are removed. */
export interface SlotRow extends AvailabilitySlot {
  key: number;
}

let nextKey = 0;
export const toSlotRow = (slot: AvailabilitySlot): SlotRow => ({ ...slot, key: nextKey++ });

/** The weekly hours a professional is free: one row per weekday and time span, added and removed freely. */
export function AvailabilityEditor({ rows, onChange }: { rows: SlotRow[]; onChange: (rows: SlotRow[]) => void }) {
  const { id, error } = useField('availability', false);
  const update = (key: number, change: Partial<AvailabilitySlot>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const last = rows.at(-1);

  return (
    <fieldset className={error ? 'field field-invalid' : 'field'} id={id} tabIndex={-1}>
      <legend>Weekly availability</legend>
      <p className="field-hint">
        The hours you can usually work, in Kampala time. Add a row for each day and time span; an end before the start runs into the next
        morning (night shifts).
      </p>
      <FieldNotes id={id} error={error} />
      {rows.length === 0 && <p>No hours yet.</p>}
      <ol className="slot-rows">
        {rows.map((row, index) => (
          <SlotEditor
            key={row.key}
            index={index}
            row={row}
            onChange={(change) => update(row.key, change)}
            onRemove={() => onChange(rows.filter((kept) => kept.key !== row.key))}
          />
        ))}
      </ol>
      {rows.length < MAX_AVAILABILITY_SLOTS && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            onChange([
              ...rows,
              toSlotRow({ weekday: last ? (last.weekday + 1) % 7 : 1, start: last?.start ?? '08:00', end: last?.end ?? '17:00' }),
            ])
          }
        >
          Add hours
        </button>
      )}
    </fieldset>
  );
}

function SlotEditor({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: SlotRow;
  onChange: (change: Partial<AvailabilitySlot>) => void;
  onRemove: () => void;
}) {
  const name = `availability.${index}`;
  const slot = useField(name, false);
  const weekday = useField(`${name}.weekday`, false);
  const start = useField(`${name}.start`, false);
  const overnight = row.start !== '' && row.end !== '' && row.start !== row.end && endsNextDay(row.start, row.end);
  const end = useField(`${name}.end`, overnight);
  const label = `Row ${index + 1}`;
  return (
    <li className={slot.error ? 'slot-row field-invalid' : 'slot-row'}>
      <FieldNotes id={slot.id} error={slot.error} />
      <div className="slot-fields">
        <div className="field">
          <label htmlFor={weekday.id}>Day</label>
          <select
            id={weekday.id}
            value={row.weekday}
            onChange={(event) => onChange({ weekday: Number(event.target.value) })}
            aria-describedby={weekday.describedBy}
          >
            {WEEKDAYS.map((day, value) => (
              <option key={day} value={value}>
                {day}
              </option>
            ))}
          </select>
        </div>
        {(
          [
            ['start', 'From', start],
            ['end', 'To', end],
          ] as const
        ).map(([part, text, field]) => (
          <div key={part} className={field.error ? 'field field-invalid' : 'field'}>
            <label htmlFor={field.id}>{text}</label>
            <FieldNotes
              id={field.id}
              error={field.error}
              hint={part === 'end' && overnight ? `Until ${row.end} on ${WEEKDAYS[(row.weekday + 1) % 7]}` : undefined}
            />
            <input
              id={field.id}
              type="time"
              value={row[part]}
              onChange={(event) => onChange({ [part]: event.target.value })}
              aria-invalid={field.error ? true : undefined}
              aria-describedby={[slot.describedBy, field.describedBy].filter(Boolean).join(' ') || undefined}
            />
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary slot-remove"
          onClick={onRemove}
          aria-label={`Remove ${label}: ${WEEKDAYS[row.weekday]} ${row.start}–${row.end}`}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
