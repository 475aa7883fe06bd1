import { RATE_UNITS } from '@contracts/profiles';
import { useState } from 'react';
import { formatUGX } from '../lib/format';
import { RadioGroup, TextField } from './fields';

const RATE_UNIT_CHOICES = RATE_UNITS.map((unit) => ({ value: unit, label: `Per ${unit}` }));

/** A rate in whole Uganda shillings (fields `rateAmount`, `rateUnit`), previewed as "UGX 50,000" while typed. */
export function RateFields({
  label,
  unitLegend,
  amount,
  unit,
}: {
  label: string;
  unitLegend: string;
  amount?: number | null;
  unit?: string | null;
}) {
  const [rate, setRate] = useState(amount?.toString() ?? '');
  const rateNumber = Number(rate);
  return (
    <div className="field-pair">
      <TextField
        name="rateAmount"
        label={label}
        type="number"
        inputMode="numeric"
        min={1}
        step={500}
        value={rate}
        onChange={(event) => setRate(event.target.value)}
        hint={Number.isInteger(rateNumber) && rateNumber > 0 ? `That is ${formatUGX(rateNumber)}.` : 'Whole shillings, such as 50000.'}
        required
      />
      <RadioGroup name="rateUnit" legend={unitLegend} choices={RATE_UNIT_CHOICES} defaultValue={unit ?? 'day'} />
    </div>
  );
}
